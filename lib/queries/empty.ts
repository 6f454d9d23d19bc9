/** What a chart says instead of a plot: no completed crawl yet, or no model matching the filters. */
import type { ChartData } from "../charts/types";
import { formatFull } from "../charts/format";
import type { Ctx } from "./context";

export function emptyChart(base: Omit<ChartData, "x" | "xLabels" | "xFull" | "series" | "note" | "empty">, empty: string): ChartData {
  return { ...base, x: [], xLabels: [], xFull: [], series: [], note: null, empty };
}

export function noData(ctx: Ctx): string {
  const r = ctx.status.running;
  if (!r) return "No crawl has completed yet: start one with npm run crawl (or npm start), or try npm run demo offline.";
  const pct = r.percent !== null ? `${r.percent.toFixed(0)}% done, ` : "";
  return `No crawl has completed yet: the first crawl is running (${pct}${formatFull(r.models)} models so far). The charts fill in when it completes.`;
}
export const NO_MATCH = "No model matches these filters. Remove a filter or widen the date range.";
