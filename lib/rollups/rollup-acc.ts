/**
 * The small in-memory accumulators of the rollup pass (lib/rollups/rollup-pass.ts) and the author
 * rollups (lib/rollups/author-rollups.ts): interned names, the integer keys of the sums (kept in
 * sum-table.ts), and download histograms.
 */

/** Interns strings as small integers, and back. */
export class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.ids.set(s, i);
      this.values.push(s);
    }
    return i;
  }
}

/**
 * Mask (< 2^17: bits 0-15 the frameworks, bit 16 the lens, lib/frameworks/lenses.ts) and task id
 * (< 2^20) in one integer key, with `extra` (period * 2 + floor, < 2^15); exact in a double.
 */
export const key = (mask: number, task: number, extra: number) => (extra * 131_072 + mask) * 1_048_576 + task;
export const maskOf = (k: number) => Math.floor(k / 1_048_576) % 131_072;
export const taskOf = (k: number) => k % 1_048_576;
export const extraOf = (k: number) => Math.floor(k / (131_072 * 1_048_576));

/**
 * Download values of a group as value -> number of models with it. Exact, and far smaller than one
 * number per model: most models share a few small values (zero above all), so the crawler's peak
 * memory no longer grows by 8 bytes x 3 groups per model (~75 MB on a 3.1M-model Hub).
 */
export type Histogram = Map<number, number>;

export function tally(h: Histogram, d: number): void {
  h.set(d, (h.get(d) ?? 0) + 1);
}

/** Top 1% = the ceil(n / 100) most downloaded models (at least one when n > 0), from a list of values. */
export function concentration(values: ArrayLike<number>): { zero: number; topModels: number; topDownloads: number; total: number } {
  const h: Histogram = new Map();
  for (let i = 0; i < values.length; i++) tally(h, values[i]);
  const { zero, topModels, topDownloads, total } = concentrationOfHistogram(h);
  return { zero, topModels, topDownloads, total };
}

/** concentration() of the values a histogram counts. */
export function concentrationOfHistogram(h: Histogram): { models: number; zero: number; topModels: number; topDownloads: number; total: number } {
  let models = 0;
  let total = 0;
  for (const [v, n] of h) {
    models += n;
    total += v * n;
  }
  const topModels = Math.ceil(models / 100);
  let left = topModels;
  let topDownloads = 0;
  for (const v of Float64Array.from(h.keys()).sort().reverse()) {
    if (left === 0) break;
    const take = Math.min(left, h.get(v)!);
    topDownloads += v * take;
    left -= take;
  }
  return { models, zero: h.get(0) ?? 0, topModels, topDownloads, total };
}
