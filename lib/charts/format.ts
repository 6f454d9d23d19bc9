/**
 * Every number, duration and size the project shows, in one place: the dashboard (axes, tooltips,
 * tables), the crawl monitor, /try, and the command lines' progress and summary lines. Pure, so
 * it runs on the server and in the browser alike. Compact on axes (12k, 1.2M), full in tooltips
 * and tables (docs/decisions.md "Pages, charts and exports"). A missing value shows as "–".
 */

const MISSING = "–";

function missing(n: number | null | undefined): n is null | undefined {
  return n === null || n === undefined || !Number.isFinite(n);
}

/** "1,234,567" (rounded to an integer). */
export function formatFull(n: number | null | undefined): string {
  if (missing(n)) return MISSING;
  return Math.round(n).toLocaleString("en-US");
}

/** "12k", "1.2M", "345". */
export function formatCompact(n: number | null | undefined): string {
  if (missing(n)) return MISSING;
  const a = Math.abs(n);
  const units: [number, string][] = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
  for (const [v, u] of units) {
    if (a >= v) {
      const x = n / v;
      return `${Math.abs(x) >= 100 ? Math.round(x) : Math.abs(x) >= 10 ? Math.round(x * 10) / 10 : Math.round(x * 100) / 100}${u}`;
    }
  }
  return Number.isInteger(n) ? String(n) : n.toFixed(a >= 10 ? 1 : 2);
}

/** "61.2%"; small shares keep two significant digits ("0.94%"). */
export function formatPercent(p: number | null | undefined): string {
  if (missing(p)) return MISSING;
  const a = Math.abs(p);
  if (a === 0) return "0%";
  if (a < 0.01) return p < 0 ? ">-0.01%" : "<0.01%";
  if (a < 1) return `${p.toFixed(2)}%`;
  return `${p.toFixed(1)}%`;
}

/** "+5.2%" / "−3.0%" for a change. */
export function formatChange(p: number | null | undefined): string {
  if (missing(p)) return MISSING;
  const s = formatPercent(Math.abs(p));
  return p > 0 ? `+${s}` : p < 0 ? `−${s}` : "±0%";
}

/** A rate per second: "1,234/s", "0.4/s". */
export function formatRate(r: number | null | undefined): string {
  if (missing(r)) return MISSING;
  return r >= 10 ? `${formatFull(r)}/s` : `${r.toFixed(1)}/s`;
}

/** A measured time: "3.14 ms", "215.0 ms", "1.25 s". */
export function formatMs(ms: number | null | undefined): string {
  if (missing(ms)) return MISSING;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** An elapsed time: "12.3 s", "45 s", "4m 05s", "1h 02m", "3d 4h". */
export function formatDuration(ms: number | null | undefined): string {
  if (missing(ms)) return MISSING;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** A time to or from now: "in 6 h 40 min", "in 12 s", "2 h ago". */
export function formatRelative(ms: number, now: number): string {
  const d = ms - now;
  const a = Math.abs(d);
  const text =
    a < 60_000 ? `${Math.max(0, Math.round(a / 1000))} s`
    : a < 3_600_000 ? `${Math.round(a / 60_000)} min`
    : a < 48 * 3_600_000 ? `${Math.floor(a / 3_600_000)} h ${Math.round((a % 3_600_000) / 60_000)} min`
    : `${Math.round(a / 86_400_000)} days`;
  return d >= 0 ? `in ${text}` : `${text} ago`;
}

/** "about 9 minutes left" (null: not enough pages yet to tell). */
export function formatEta(ms: number | null | undefined): string {
  if (missing(ms)) return "ETA after a few pages";
  if (ms < 60_000) return "less than a minute left";
  if (ms < 3_600_000) return `about ${Math.round(ms / 60_000)} minutes left`;
  return `about ${(ms / 3_600_000).toFixed(1)} hours left`;
}

/** "2026-11-27 00:15:02 UTC" (seconds shown: test schedules run every few seconds). */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** "136 B", "23.4 kB", "1.2 MB", "17 MB". */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "size unknown";
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  // Three significant figures, no trailing zeros: 1.2 MB, 23.4 kB, 137 kB.
  let r = Number(v.toPrecision(3));
  if (r >= 1000 && u < units.length - 1) {
    r = Number((r / 1000).toPrecision(3));
    u++;
  }
  return `${r} ${units[u]}`;
}

/** A tensor value: 6 significant digits, exponent form for very large or small magnitudes. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-4) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

/** A tensor shape: "[1, 224, 224, 3]", unknown dimensions as "?". */
export function formatShape(shape: readonly (number | null)[] | null | undefined): string {
  if (!shape) return "[?]";
  return `[${shape.map((d) => (d === null || d < 0 ? "?" : String(d))).join(", ")}]`;
}
