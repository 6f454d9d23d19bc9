/**
 * What a chart plots of a view: the picked series (opt-in buckets added), the start of its default
 * range and its crossover mark. Charts only: the stats table, the totals and the report keep the
 * whole range and every bucket.
 */
import { findCrossover } from "../charts/crossover";
import { firstMeaningful, MIN_SHARE_BASE, type Value } from "../charts/series";
import type { ChartCrossover } from "../charts/types";
import type { ViewState } from "../url-state";

/** Series ids a chart of the view draws: the picked frameworks, then the buckets opted in with `buckets`. */
export function plottedIds(state: ViewState): string[] {
  return [...state.frameworks, ...state.buckets.filter((b) => b === "other" || b === "none")];
}

/**
 * Index of the first point a chart shows. With an open `from`, the first period whose picked series
 * add up to MIN_SHARE_BASE models (the years before it are an empty strip, or shares swinging
 * between 0% and 100%); with `from` set, the user's start.
 */
export function defaultStart(state: ViewState, picked: readonly (readonly Value[])[]): number {
  if (state.from || picked.length === 0) return 0;
  const n = picked[0].length;
  const sums = Array.from({ length: n }, (_, i) => picked.reduce<number>((a, s) => a + (s[i] ?? 0), 0));
  const i = firstMeaningful(sums);
  return i >= n ? 0 : i;
}

export function startNote(label: string | null): string | null {
  return label ? `The chart starts at ${label}, the first period with at least ${MIN_SHARE_BASE} models of the picked frameworks; set a start date to see earlier periods.` : null;
}

export interface Axis {
  x: string[];
  xLabels: string[];
  xFull: string[];
  xDates?: string[];
}

/** The axis and every series from index `start` on. */
export function sliceFrom(axis: Axis, out: Map<string, Value[]>, start: number): Axis {
  if (start === 0) return axis;
  for (const [k, v] of out) out.set(k, v.slice(start));
  return {
    x: axis.x.slice(start),
    xLabels: axis.xLabels.slice(start),
    xFull: axis.xFull.slice(start),
    ...(axis.xDates ? { xDates: axis.xDates.slice(start) } : {}),
  };
}

/** The crossover of the first two picked frameworks over the points whose base counts. */
export function chartCrossover(state: ViewState, axis: Axis, out: Map<string, Value[]>, eligible: readonly boolean[]): ChartCrossover | null {
  if (state.frameworks.length < 2) return null;
  const [a, b] = state.frameworks;
  const c = findCrossover({ id: a, values: out.get(a) ?? [] }, { id: b, values: out.get(b) ?? [] }, eligible);
  if (!c) return null;
  return { leader: c.leader, trailer: c.trailer, x: c.index === null ? null : axis.x[c.index], label: c.index === null ? null : axis.xFull[c.index], sinceLabel: axis.xFull[c.since] };
}
