/** Exports of exactly what a card shows: the visible series, as plotted (share or absolute). */
import { toCsv } from "./csv";
import type { ChartData, TableData } from "./types";

export function visibleSeries(data: ChartData, hidden: ReadonlySet<string>) {
  return data.series.filter((s) => !hidden.has(s.id));
}

export function chartToCsv(data: ChartData, hidden: ReadonlySet<string> = new Set()): string {
  const series = visibleSeries(data, hidden);
  const xHead = data.xKind === "crawl" ? ["crawl_id", "crawl"] : data.xKind === "period" ? ["period_start", "period"] : ["key", "label"];
  const unit = data.share ? " (%)" : "";
  return toCsv(
    [...xHead, ...series.map((s) => `${s.label}${unit}`)],
    data.x.map((x, i) => [x, data.xFull[i], ...series.map((s) => s.values[i])]),
  );
}

export function chartToJson(data: ChartData, hidden: ReadonlySet<string> = new Set()): string {
  const series = visibleSeries(data, hidden);
  return JSON.stringify(
    {
      chart: data.id,
      title: data.title,
      unit: data.unit,
      share: data.share,
      caption: data.caption,
      caveats: data.caveats,
      note: data.note,
      x: data.x,
      labels: data.xFull,
      series: series.map((s) => ({ id: s.id, label: s.label, values: s.values })),
    },
    null,
    2,
  );
}

export function tableToCsv(t: TableData): string {
  return toCsv(t.columns.map((c) => c.label), t.rows.map((r) => r.cells));
}

export function tableToJson(t: TableData): string {
  return JSON.stringify({ table: t.id, title: t.title, caption: t.caption, caveats: t.caveats, columns: t.columns, rows: t.rows.map((r) => ({ key: r.key, cells: r.cells })) }, null, 2);
}
