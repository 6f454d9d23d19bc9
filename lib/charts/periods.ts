/**
 * UTC calendar periods: weeks (ISO, Monday start), months and quarters, keyed by their first day
 * as YYYY-MM-DD. Every date here is a UTC date string; nothing depends on the server's time zone
 * (docs/decisions.md "Pages, charts and exports": bucket in UTC server-side and label buckets as dates).
 */
import type { Granularity } from "../url-state";

const DAY_MS = 86_400_000;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTHS_SHORT = MONTHS.map((m) => m.slice(0, 3));

export function parseDate(d: string): number {
  return Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** First day of the period holding date `d` (YYYY-MM-DD). */
export function periodStart(d: string, g: Granularity): string {
  if (g === "week") {
    const ms = parseDate(d);
    const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday = 0
    return formatDate(ms - weekday * DAY_MS);
  }
  const y = d.slice(0, 4);
  const m = +d.slice(5, 7);
  if (g === "month") return `${y}-${String(m).padStart(2, "0")}-01`;
  const q = Math.floor((m - 1) / 3) * 3 + 1;
  return `${y}-${String(q).padStart(2, "0")}-01`;
}

/** First day of the period after the one starting at `start`. */
export function nextPeriod(start: string, g: Granularity): string {
  if (g === "week") return formatDate(parseDate(start) + 7 * DAY_MS);
  const y = +start.slice(0, 4);
  const m = +start.slice(5, 7) - 1 + (g === "month" ? 1 : 3);
  return formatDate(Date.UTC(y + Math.floor(m / 12), m % 12, 1));
}

/** Last day of the period starting at `start`. */
export function periodEnd(start: string, g: Granularity): string {
  return formatDate(parseDate(nextPeriod(start, g)) - DAY_MS);
}

/** Every period start from the period holding `from` to the one holding `to`, inclusive. */
export function listPeriods(from: string, to: string, g: Granularity): string[] {
  const out: string[] = [];
  const last = periodStart(to, g);
  for (let p = periodStart(from, g); p <= last; p = nextPeriod(p, g)) out.push(p);
  return out;
}

/** Axis label: "Mar 2024", "2024 Q1", "4 Mar 2024". */
export function periodLabel(start: string, g: Granularity): string {
  const y = start.slice(0, 4);
  const m = +start.slice(5, 7);
  if (g === "month") return `${MONTHS_SHORT[m - 1]} ${y}`;
  if (g === "quarter") return `${y} Q${Math.floor((m - 1) / 3) + 1}`;
  return `${+start.slice(8, 10)} ${MONTHS_SHORT[m - 1]} ${y}`;
}

/** Tooltip label: "March 2024", "2024 Q1", "week of 4 Mar 2024". */
export function periodFullLabel(start: string, g: Granularity): string {
  const y = start.slice(0, 4);
  const m = +start.slice(5, 7);
  if (g === "month") return `${MONTHS[m - 1]} ${y}`;
  if (g === "quarter") return `${y} Q${Math.floor((m - 1) / 3) + 1}`;
  return `week of ${+start.slice(8, 10)} ${MONTHS_SHORT[m - 1]} ${y}`;
}

/** "27 Nov 2026" for a date or an epoch-ms instant. */
export function dayLabel(d: string | number): string {
  const s = typeof d === "number" ? formatDate(d) : d;
  return `${+s.slice(8, 10)} ${MONTHS_SHORT[+s.slice(5, 7) - 1]} ${s.slice(0, 4)}`;
}

/** "27 Nov 2026, 14:05 UTC" for an epoch-ms instant. */
export function instantLabel(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${dayLabel(ms)}, ${iso.slice(11, 16)} UTC`;
}

/**
 * The incomplete last period: the one holding `asOf` (the data's date) is not over yet, so its
 * count is partial and a chart would show a false drop (docs/decisions.md "Pages, charts and exports"). Returns the periods kept and
 * the dropped period's start, if any.
 */
export function dropIncomplete(periods: string[], asOf: string, g: Granularity): { kept: string[]; dropped: string | null } {
  const current = periodStart(asOf, g);
  const kept = periods.filter((p) => p < current);
  return { kept, dropped: periods.includes(current) ? current : null };
}

/** Moves a date by whole months (UTC), clamping the day (31 Mar - 1 month = 28/29 Feb). */
export function addMonths(d: string, months: number): string {
  const y = +d.slice(0, 4);
  const m = +d.slice(5, 7) - 1 + months;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  return formatDate(Date.UTC(yy, mm, Math.min(+d.slice(8, 10), last)));
}
