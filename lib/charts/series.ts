/**
 * Pure shaping of chart series: gap filling with explicit nulls, shares, cumulative sums and the
 * top N + "Other" fold. Queries return sparse rows; these turn them into one value per bucket.
 */

export type Value = number | null;

/**
 * The smallest base a ratio is drawn from, in models: a share whose denominator (the period's
 * models) is below it is a gap (null), and a growth percentage needs a previous value of at least
 * this. Months with 1-5 models otherwise swing between 0% and 100% and dominate a share chart, and
 * "+116%" from 37 to 80 models reads as news. Charts state it (lib/queries/caveats.ts).
 */
export const MIN_SHARE_BASE = 30;

/**
 * One value per key, in `keys` order; a key with no row is an explicit null (not 0): "no data"
 * and "zero" differ (a crawl that did not run vs a period with no new model).
 */
export function fillTimeSeries(rows: Iterable<{ x: string; y: number }>, keys: readonly string[], missing: Value = null): Value[] {
  const byX = new Map<string, number>();
  for (const r of rows) byX.set(r.x, (byX.get(r.x) ?? 0) + r.y);
  return keys.map((k) => (byX.has(k) ? byX.get(k)! : missing));
}

/**
 * value / total as a percentage (0-100); null where either is null, the total is 0 or the total is
 * below `minBase` (MIN_SHARE_BASE for shares of models; 0 where the base is not a model count).
 */
export function toShare(values: readonly Value[], totals: readonly Value[], minBase: number = MIN_SHARE_BASE): Value[] {
  return values.map((v, i) => {
    const t = totals[i];
    return v === null || t === null || t === 0 || t < minBase ? null : (100 * v) / t;
  });
}

/** Index of the first position whose base reaches `minBase` (values.length when none does). */
export function firstMeaningful(bases: readonly Value[], minBase: number = MIN_SHARE_BASE): number {
  const i = bases.findIndex((b) => b !== null && b >= minBase);
  return i === -1 ? bases.length : i;
}

/** Running sum starting from `start`; a null adds nothing but stays null in the output. */
export function cumulative(values: readonly Value[], start = 0): Value[] {
  let acc = start;
  return values.map((v) => {
    if (v === null) return null;
    acc += v;
    return acc;
  });
}

export interface NamedSeries {
  id: string;
  values: Value[];
}

/**
 * Keeps the `n` series with the largest total and folds the rest into one "Other" series (sums,
 * null only where every folded value is null). Order of the kept series is preserved.
 */
export function topNWithOther(series: readonly NamedSeries[], n: number, otherId = "other"): NamedSeries[] {
  if (series.length <= n) return [...series];
  const total = (s: NamedSeries) => s.values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const ranked = [...series].sort((a, b) => total(b) - total(a));
  const keep = new Set(ranked.slice(0, n).map((s) => s.id));
  const folded = series.filter((s) => !keep.has(s.id));
  const len = Math.max(...series.map((s) => s.values.length));
  const other: Value[] = Array.from({ length: len }, (_, i) => {
    let acc: number | null = null;
    for (const s of folded) {
      const v = s.values[i];
      if (v !== null && v !== undefined) acc = (acc ?? 0) + v;
    }
    return acc;
  });
  return [...series.filter((s) => keep.has(s.id)), { id: otherId, values: other }];
}

/** Relative change in percent from `prev` to `cur`; null when prev is below `minBase` (or 0) or either is null. */
export function growth(cur: Value, prev: Value, minBase: number = MIN_SHARE_BASE): Value {
  if (cur === null || prev === null || prev === 0 || prev < minBase) return null;
  return (100 * (cur - prev)) / prev;
}
