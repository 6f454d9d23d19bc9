/**
 * When one series overtook another for good: the first point after which A stays ahead of B up to
 * the last point, over the points whose base passes the share threshold (a month with three models
 * proves nothing). Pure; the charts mark it and the headline states it.
 */
import type { Value } from "./series";

export interface Crossover {
  /** The series ahead at the last counted point. */
  leader: string;
  trailer: string;
  /**
   * Index of the point from which the leader has stayed ahead; null when it was ahead at every
   * counted point (no crossover in range: the headline then says who leads).
   */
  index: number | null;
  /** The first counted point (where "ahead throughout" starts). */
  since: number;
}

/**
 * `eligible[i]` says whether point i counts (its base is at least MIN_SHARE_BASE). Null when no
 * point counts or the two are tied at the last one (no leader to name).
 */
export function findCrossover(a: { id: string; values: readonly Value[] }, b: { id: string; values: readonly Value[] }, eligible: readonly boolean[]): Crossover | null {
  const idx: number[] = [];
  for (let i = 0; i < a.values.length; i++) {
    if (eligible[i] && a.values[i] !== null && b.values[i] !== null) idx.push(i);
  }
  if (idx.length === 0) return null;
  const last = idx[idx.length - 1];
  const va = a.values[last]!, vb = b.values[last]!;
  if (va === vb) return null;
  const [lead, trail] = va > vb ? [a, b] : [b, a];
  // Walk back from the last counted point while the leader is strictly ahead.
  let k = idx.length - 1;
  while (k > 0 && lead.values[idx[k - 1]]! > trail.values[idx[k - 1]]!) k--;
  return { leader: lead.id, trailer: trail.id, index: k === 0 ? null : idx[k], since: idx[0] };
}
