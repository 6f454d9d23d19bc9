/** Formatting for the crawl monitor (pure; used on the server and in the browser alike). */

/** "2026-11-27 00:15:02 UTC" (seconds shown: test schedules run every few seconds). */
export function utc(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** "1h 02m", "4m 05s", "12.3 s". */
export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** "in 6 h 40 min", "in 12 s", "2 h ago". */
export function relative(ms: number, now: number): string {
  const d = ms - now;
  const a = Math.abs(d);
  const text =
    a < 60_000 ? `${Math.max(0, Math.round(a / 1000))} s`
    : a < 3_600_000 ? `${Math.round(a / 60_000)} min`
    : a < 48 * 3_600_000 ? `${Math.floor(a / 3_600_000)} h ${Math.round((a % 3_600_000) / 60_000)} min`
    : `${Math.round(a / 86_400_000)} days`;
  return d >= 0 ? `in ${text}` : `${text} ago`;
}

export function int(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : Math.round(n).toLocaleString("en-US");
}

/** Models per second: "1,234/s", "0.4/s". */
export function rate(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return "—";
  return r >= 10 ? `${Math.round(r).toLocaleString("en-US")}/s` : `${r.toFixed(1)}/s`;
}

/** "about 9 minutes left" */
export function eta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "ETA after a few pages";
  if (ms < 60_000) return "less than a minute left";
  if (ms < 3_600_000) return `about ${Math.round(ms / 60_000)} minutes left`;
  return `about ${(ms / 3_600_000).toFixed(1)} hours left`;
}
