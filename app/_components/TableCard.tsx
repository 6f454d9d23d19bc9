"use client";
/** A table card (stats, framework x task): sortable columns, tabular figures, CSV / JSON export. */
import Link from "next/link";
import { useMemo, useState } from "react";
import type { TableData } from "@/lib/charts/types";
import { tableToCsv, tableToJson } from "@/lib/charts/export";
import { formatChange, formatFull, formatPercent } from "@/lib/charts/format";
import { CardMenu } from "./CardMenu";
import { copyLink, downloadText, exportName } from "./download";

function cell(v: string | number | null, label: string): string {
  if (v === null) return "–";
  if (typeof v === "string") return v;
  if (/growth/i.test(label)) return formatChange(v);
  if (/%/.test(label)) return formatPercent(v);
  return formatFull(v);
}

export function TableCard({ data, heat, error }: { data: TableData; heat?: boolean; error?: string | null }) {
  const [sort, setSort] = useState<{ col: number; desc: boolean } | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const anchor = `chart-${data.id}`;
  const rows = useMemo(() => {
    if (!sort) return data.rows;
    const pinned = data.rows.filter((r) => r.key === "total");
    const rest = data.rows.filter((r) => r.key !== "total");
    const v = (x: string | number | null) => (x === null ? -Infinity : x);
    rest.sort((a, b) => {
      const x = v(a.cells[sort.col]);
      const y = v(b.cells[sort.col]);
      const c = typeof x === "string" || typeof y === "string" ? String(x).localeCompare(String(y)) : (x as number) - (y as number);
      return sort.desc ? -c : c;
    });
    return [...rest, ...pinned];
  }, [data.rows, sort]);

  const items = [
    { label: "Download CSV", testId: "export-csv", action: () => downloadText(exportName(data.id, "csv"), tableToCsv(data), "text/csv;charset=utf-8") },
    { label: "Download JSON", testId: "export-json", action: () => downloadText(exportName(data.id, "json"), tableToJson(data), "application/json") },
    { label: "Copy link to this table", testId: "copy-link", action: async () => { setToast(await copyLink(anchor)); setTimeout(() => setToast(null), 4000); } },
  ];

  return (
    <section className="card" id={anchor} data-testid="table-card" data-table={data.id} aria-labelledby={`${anchor}-title`}>
      <div className="card-head">
        <h2 id={`${anchor}-title`}>{data.title}</h2>
        <CardMenu items={items} title={data.title} />
      </div>
      <p className="caption">{data.caption}</p>
      {toast && <p className="toast" role="status">{toast}</p>}
      {error ? (
        <div className="state error" role="alert">Could not load this table: {error}</div>
      ) : data.empty ? (
        <div className="state" data-testid="chart-empty">{data.empty}</div>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {data.columns.map((c, i) => (
                  <th key={c.key} className={c.numeric ? "num" : undefined} aria-sort={sort?.col === i ? (sort.desc ? "descending" : "ascending") : "none"}>
                    <button type="button" onClick={() => setSort({ col: i, desc: sort?.col === i ? !sort.desc : c.numeric })}>
                      {c.label}{sort?.col === i ? (sort.desc ? " ▼" : " ▲") : ""}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} className={r.key === "total" ? "total" : undefined}>
                  {r.cells.map((v, i) => {
                    const col = data.columns[i];
                    const text = cell(v, col.label);
                    if (i === 0) {
                      return (
                        <td key={col.key} className="wrap-anywhere">
                          {r.color && <span className="cell-dot" style={{ background: r.color }} aria-hidden="true" />}
                          {r.href ? <Link href={r.href}>{text}</Link> : text}
                        </td>
                      );
                    }
                    const pct = heat && typeof v === "number" && /%/.test(col.label) ? Math.min(100, v) : null;
                    const growthClass = /growth/i.test(col.label) && typeof v === "number" ? (v > 0 ? " pos" : v < 0 ? " neg" : "") : "";
                    return (
                      <td key={col.key} className={`num${growthClass}`} style={pct !== null ? { background: `color-mix(in srgb, var(--accent) ${Math.round(pct * 0.55)}%, transparent)` } : undefined}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.caveats.length > 0 && (
        <ul className="caveats">
          {data.caveats.map((c) => <li key={c}>{c}</li>)}
        </ul>
      )}
    </section>
  );
}
