"use client";
/**
 * The one component that owns chart.js: the chart is created once, updated in place when the data,
 * the hidden series or the theme change, and destroyed on unmount. Loaded with next/dynamic
 * (ssr: false). Tooltips and labels are drawn on the canvas, so Hub text in them is inert.
 */
import { useEffect, useLayoutEffect, useRef } from "react";
import {
  BarController, BarElement, CategoryScale, Chart, Filler, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, Tooltip, type ChartConfiguration, type Plugin,
} from "chart.js";
import type { ChartData } from "@/lib/charts/types";
import { formatCompact, formatFull, formatPercent } from "@/lib/charts/format";

Chart.register(LineController, BarController, LineElement, BarElement, PointElement, CategoryScale, LinearScale, LogarithmicScale, Tooltip, Filler);

function token(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

/** Paints the card's surface colour under the chart, so a PNG export is not transparent. */
const background: Plugin = {
  id: "hf-background",
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = token("--surface");
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

function fmt(data: ChartData, v: number | null): string {
  if (v === null || v === undefined) return "no data";
  return data.share ? formatPercent(v) : formatFull(v);
}

function config(data: ChartData, hidden: ReadonlySet<string>): ChartConfiguration {
  const text = token("--muted");
  const grid = token("--grid");
  const line = data.type === "line";
  return {
    type: data.type,
    data: {
      labels: data.xLabels,
      datasets: data.series.map((s) => ({
        label: s.label,
        data: s.values as (number | null)[],
        borderColor: s.color,
        backgroundColor: line ? s.color : `${s.color}E6`,
        borderWidth: line ? 2 : 0,
        pointRadius: data.x.length > 60 ? 0 : 2.5,
        pointHoverRadius: 4,
        spanGaps: false,
        hidden: hidden.has(s.id),
        stack: data.stacked ? "stack" : undefined,
        tension: 0,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: {
          mode: "index",
          intersect: false,
          itemSort: (a, b) => ((b.parsed.y as number | null) ?? -Infinity) - ((a.parsed.y as number | null) ?? -Infinity),
          callbacks: {
            title: (items) => (items.length ? data.xFull[items[0].dataIndex] : ""),
            label: (item) => `${item.dataset.label}: ${fmt(data, item.parsed.y as number | null)}`,
          },
        },
      },
      scales: {
        x: {
          stacked: data.stacked,
          ticks: { color: text, maxRotation: 0, autoSkip: true, autoSkipPadding: 12 },
          grid: { display: false },
          border: { color: grid },
        },
        y: {
          type: data.log ? "logarithmic" : "linear",
          stacked: data.stacked,
          beginAtZero: !data.log,
          ticks: {
            color: text,
            callback: (v) => (data.share ? `${Number(v).toFixed(0)}%` : formatCompact(Number(v))),
          },
          grid: { color: grid },
          border: { display: false },
          title: { display: true, text: data.share ? "%" : data.unit, color: text },
        },
      },
    },
    plugins: [background],
  };
}

export interface ChartHandle {
  toPng(): string;
}

export default function ChartCanvas({ data, hidden, onReady, label }: { data: ChartData; hidden: ReadonlySet<string>; onReady?: (h: ChartHandle | null) => void; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  // The latest props, for the theme listener and the chart's creation (which must not re-run on
  // every data change); refreshed after each render, before the effects below run.
  const latest = useRef({ data, hidden, onReady });
  useLayoutEffect(() => {
    latest.current = { data, hidden, onReady };
  });

  // Created once per chart type (chart.js cannot switch a chart's type in place); everything else
  // is applied in place by the effect below.
  useEffect(() => {
    if (!canvas.current) return;
    const c = new Chart(canvas.current, config(latest.current.data, latest.current.hidden));
    chart.current = c;
    const { onReady } = latest.current;
    onReady?.({ toPng: () => c.toBase64Image("image/png", 1) });
    const retheme = () => {
      c.options = config(latest.current.data, latest.current.hidden).options!;
      c.update("none");
    };
    window.addEventListener("hf-theme", retheme);
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    media.addEventListener("change", retheme);
    return () => {
      window.removeEventListener("hf-theme", retheme);
      media.removeEventListener("change", retheme);
      c.destroy();
      chart.current = null;
      onReady?.(null);
    };
  }, [data.type]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const next = config(data, hidden);
    c.data.labels = next.data.labels;
    c.data.datasets = next.data.datasets;
    c.options = next.options!;
    c.update("none");
  }, [data, hidden]);

  return <canvas ref={canvas} role="img" aria-label={label} />;
}
