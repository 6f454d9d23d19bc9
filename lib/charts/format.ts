/** Number formatting: compact on axes (12k, 1.2M), full in tooltips and tables (docs/decisions.md "Pages, charts and exports"). */

export function formatFull(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return Math.round(n).toLocaleString("en-US");
}

export function formatCompact(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
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
  if (p === null || p === undefined || !Number.isFinite(p)) return "–";
  const a = Math.abs(p);
  if (a === 0) return "0%";
  if (a < 0.01) return p < 0 ? ">-0.01%" : "<0.01%";
  if (a < 1) return `${p.toFixed(2)}%`;
  if (a < 10) return `${p.toFixed(1)}%`;
  return `${p.toFixed(1)}%`;
}

/** "+5.2%" / "−3.0%" for a change. */
export function formatChange(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "–";
  const s = formatPercent(Math.abs(p));
  return p > 0 ? `+${s}` : p < 0 ? `−${s}` : "±0%";
}
