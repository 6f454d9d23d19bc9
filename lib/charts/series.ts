/**
 * Pure shaping of chart series: shares, cumulative sums and growth. A null is "no data", never 0,
 * and stays null through each of them.
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

/** Relative change in percent from `prev` to `cur`; null when prev is below `minBase` (or 0) or either is null. */
export function growth(cur: Value, prev: Value, minBase: number = MIN_SHARE_BASE): Value {
  if (cur === null || prev === null || prev === 0 || prev < minBase) return null;
  return (100 * (cur - prev)) / prev;
}
