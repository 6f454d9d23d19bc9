"use client";
/**
 * A chart card: title (measure and unit), caption, the chart with its loading / empty / error
 * states, an HTML legend whose items hide a series (the axis rescales), the incomplete-period
 * note, caveats, and the export menu. Exports hold exactly the visible series as plotted.
 */
import dynamic from "next/dynamic";
import { Component, useMemo, useState, type ReactNode } from "react";
import type { ChartData } from "@/lib/charts/types";
import { chartToCsv, chartToJson, visibleSeries } from "@/lib/charts/export";
import { formatFull, formatPercent } from "@/lib/charts/format";
import type { ChartHandle } from "./ChartCanvas";
import { CardMenu } from "./CardMenu";
import { copyLink, downloadText, downloadUrl, exportName } from "./download";

const ChartCanvas = dynamic(() => import("./ChartCanvas"), {
  ssr: false,
  loading: () => <div className="skeleton" data-testid="chart-loading">Loading chart…</div>,
});

class ChartBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(err: unknown) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  render() {
    if (this.state.error) return <div className="state error" role="alert">This chart could not be drawn: {this.state.error}. Reload the page to try again.</div>;
    return this.props.children;
  }
}

function summary(data: ChartData, hidden: ReadonlySet<string>): string {
  const last = data.x.length - 1;
  if (last < 0) return data.title;
  const parts = visibleSeries(data, hidden)
    .map((s) => ({ l: s.label, v: s.values[last] }))
    .sort((a, b) => (b.v ?? -1) - (a.v ?? -1))
    .map((p) => `${p.l} ${p.v === null ? "no data" : data.share ? formatPercent(p.v) : formatFull(p.v)}`);
  return `${data.title}. ${data.xFull[last]}: ${parts.join(", ")}.`;
}

export function ChartCard({ data, error, anchor, tall }: { data: ChartData | null; error?: string | null; anchor?: string; tall?: boolean }) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [toast, setToast] = useState<string | null>(null);
  // The drawn chart, once ChartCanvas (loaded lazily) has created it: the PNG export needs it.
  const [handle, setHandle] = useState<ChartHandle | null>(null);
  const id = anchor ?? `chart-${data?.id ?? "unknown"}`;
  const label = useMemo(() => (data ? summary(data, hidden) : ""), [data, hidden]);
  const title = data?.title ?? "Chart";

  const toggle = (sid: string) => {
    const next = new Set(hidden);
    if (next.has(sid)) next.delete(sid);
    else next.add(sid);
    setHidden(next);
  };

  const items = data && !data.empty
    ? [
        { label: "Download CSV", testId: "export-csv", action: () => downloadText(exportName(data.id, "csv"), chartToCsv(data, hidden), "text/csv;charset=utf-8") },
        { label: "Download JSON", testId: "export-json", action: () => downloadText(exportName(data.id, "json"), chartToJson(data, hidden), "application/json") },
        { label: "Download PNG", testId: "export-png", action: () => { if (handle) downloadUrl(exportName(data.id, "png"), handle.toPng()); } },
        { label: "Copy link to this chart", testId: "copy-link", action: async () => { setToast(await copyLink(id)); setTimeout(() => setToast(null), 4000); } },
      ]
    : [];

  return (
    <section className="card" id={id} data-testid="chart-card" data-chart={data?.id ?? ""} aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {items.length > 0 && <CardMenu items={items} title={title} />}
      </div>
      {data?.caption && <p className="caption">{data.caption}</p>}
      {toast && <p className="toast" role="status">{toast}</p>}
      {error ? (
        <div className="state error" role="alert" data-testid="chart-error">Could not load this chart: {error}</div>
      ) : !data ? (
        <div className="state">No data.</div>
      ) : data.empty ? (
        <div className="state" data-testid="chart-empty">{data.empty}</div>
      ) : (
        <>
          <div
            className={`chart-box${tall ? " tall" : ""}`}
            data-testid="chart-box"
            data-series={JSON.stringify(visibleSeries(data, hidden).map((s) => s.id))}
            data-points={data.x.length}
            data-share={String(data.share)}
            data-log={String(data.log)}
          >
            <ChartBoundary>
              <ChartCanvas data={data} hidden={hidden} label={label} onReady={setHandle} />
            </ChartBoundary>
          </div>
          <div className="legend" role="group" aria-label="Series (click to hide or show)">
            {data.series.map((s) => (
              <button key={s.id} type="button" aria-pressed={!hidden.has(s.id)} onClick={() => toggle(s.id)} data-testid="legend-item" data-series-id={s.id}>
                <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
                {s.label}
              </button>
            ))}
          </div>
        </>
      )}
      {data?.note && <p className="note">{data.note}</p>}
      {data && data.caveats.length > 0 && (
        <ul className="caveats">
          {data.caveats.map((c) => <li key={c}>{c}</li>)}
        </ul>
      )}
    </section>
  );
}
