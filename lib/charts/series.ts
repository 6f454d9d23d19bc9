/**
 * Pure shaping of chart series: shares, cumulative sums and growth. A null is "no data", never 0,
 * and stays null through each of them.
 */

export type Value = number | null;

/** value / total as a percentage (0-100); null where either is null or the total is 0. */
export function toShare(values: readonly Value[], totals: readonly Value[]): Value[] {
  return values.map((v, i) => {
    const t = totals[i];
    return v === null || t === null || t === 0 ? null : (100 * v) / t;
  });
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

/** Relative change in percent from `prev` to `cur`; null when prev is 0 or either is null. */
export function growth(cur: Value, prev: Value): Value {
  if (cur === null || prev === null || prev === 0) return null;
  return (100 * (cur - prev)) / prev;
}
