/**
 * The fake Hub's calendar: days as "YYYY-MM-DD" (UTC), and the real Hub's growth curve that decides
 * when model i was created. A day D means "the Hub as it is at the end of D": a model exists on D
 * when it was created before midnight UTC that ends D.
 */

export const DAY_MS = 86_400_000;

/**
 * The value the real Hub gives every repo created before it started storing creation dates
 * (docs/hub-api.md §1.7). Real legacy values spread over 23:29:04–05, so a share gets ...05.
 */
export const LEGACY_FLOOR_MS = Date.UTC(2022, 2, 2, 23, 29, 4);
/** First second a non-legacy repo may carry, so `_id` stays increasing across the floor. */
export const FIRST_MODERN_MS = LEGACY_FLOOR_MS + 2000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse "YYYY-MM-DD" to the epoch ms of its UTC midnight; throws on anything else. */
export function parseDay(day: string): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`invalid day "${day}": expected YYYY-MM-DD`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (formatDay(ms) !== day) throw new Error(`invalid day "${day}": no such date`);
  return ms;
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return formatDay(parseDay(day) + n * DAY_MS);
}

/** Exclusive end of a day: models created before this instant exist on that day. */
export function dayEndMs(day: string): number {
  return parseDay(day) + DAY_MS;
}

const PAD2 = Array.from({ length: 60 }, (_, k) => String(k).padStart(2, "0"));
const dayPrefix = new Map<number, string>();

/**
 * ISO-8601 with milliseconds and Z, the only date form the Hub sends (docs/hub-api.md §1.3). Whole
 * seconds (all the fake Hub's dates) take a fast path: listings format two dates per model, and
 * Date#toISOString was ~8% of a createdAt page.
 */
export function iso(ms: number): string {
  if (ms % 1000 !== 0 || ms < 0) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefix.size < 100_000) dayPrefix.set(day, prefix);
  }
  const s = (ms - day * DAY_MS) / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${prefix}${PAD2[h]}:${PAD2[m]}:${PAD2[s % 60]}.000Z`;
}

const YEAR_START: number[] = [];
for (let y = 1970; y <= 2100; y++) YEAR_START.push(Date.UTC(y, 0, 1));

/** UTC calendar year of an instant (table lookup; hot in the generator). */
export function yearOf(ms: number): number {
  let k = Math.min(YEAR_START.length - 1, Math.max(0, Math.floor((ms - YEAR_START[0]) / (365.2425 * DAY_MS))));
  while (k > 0 && YEAR_START[k] > ms) k--;
  while (k + 1 < YEAR_START.length && YEAR_START[k + 1] <= ms) k++;
  return 1970 + k;
}

/**
 * Real Hub model counts (docs/hub-api.md §5.2), with an early ramp for 2018–2021 (first models late
 * 2018; ~31k by the legacy floor, which matches the ~29.6k legacy repos still listed in 2026 plus
 * deletions). After the last measured point the Hub grows ~4,000 models/day (the rate seen with
 * sort=createdAt in Sept 2026), i.e. about 0.12-0.13%/day of the late-2026 size.
 * The "over 900k" docs text of 2024-09-12 lags; it is placed at 2024-09-01 so that the curve stays
 * smooth up to the 1M milestone of 2024-09-25.
 */
const MILESTONES: readonly (readonly [string, number])[] = [
  ["2018-06-01", 0],
  ["2019-01-01", 300],
  ["2019-06-01", 1_000],
  ["2020-01-01", 3_000],
  ["2020-06-01", 6_000],
  ["2021-01-01", 12_000],
  ["2021-06-01", 19_000],
  ["2022-01-01", 27_000],
  ["2022-03-02", 31_000],
  ["2022-06-01", 50_000],
  ["2023-01-24", 120_000],
  ["2023-11-02", 350_000],
  ["2024-09-01", 900_000],
  ["2024-09-25", 1_000_000],
  ["2025-03-13", 1_500_000],
  ["2025-08-15", 2_000_000],
  ["2026-08-14", 3_011_630],
  ["2026-09-25", 3_094_856],
];
/** Models per day after the last milestone. */
export const LATE_RATE_PER_DAY = 4_000;

const T = MILESTONES.map(([d]) => parseDay(d));
const C = MILESTONES.map(([, c]) => c);
const LAST = T.length - 1;

/** The real Hub's model count at instant `ms` (piecewise linear, strictly increasing from the first point). */
export function hubCountAt(ms: number): number {
  if (ms <= T[0]) return 0;
  if (ms >= T[LAST]) return C[LAST] + ((ms - T[LAST]) / DAY_MS) * LATE_RATE_PER_DAY;
  let lo = 0;
  let hi = LAST;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (T[mid] <= ms) lo = mid;
    else hi = mid;
  }
  return C[lo] + ((ms - T[lo]) / (T[hi] - T[lo])) * (C[hi] - C[lo]);
}

/** Inverse of hubCountAt: the instant the real Hub reached `count` models. */
export function hubTimeAt(count: number): number {
  if (count <= 0) return T[0];
  if (count >= C[LAST]) return T[LAST] + ((count - C[LAST]) / LATE_RATE_PER_DAY) * DAY_MS;
  let lo = 0;
  let hi = LAST;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (C[mid] <= count) lo = mid;
    else hi = mid;
  }
  return T[lo] + ((count - C[lo]) / (C[hi] - C[lo])) * (T[hi] - T[lo]);
}
