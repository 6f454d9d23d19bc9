import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { pageInput, type SearchRecord } from "@/lib/queries/page-input";
import { frameworkById } from "@/lib/frameworks/classify";
import type { TopModel } from "@/lib/queries/frameworks";
import { frameworkCtx, frameworkParts } from "@/lib/views/framework";
import { resolveSafely } from "@/lib/views/parts";
import { getFilterOptions } from "@/lib/queries/options";
import { safely } from "@/lib/queries/safe";
import { formatFull } from "@/lib/charts/format";
import { dayLabel, formatDate } from "@/lib/charts/periods";
import { BadQuery } from "../../_components/BadQuery";
import { Unavailable } from "../../_components/Unavailable";
import { ChartCard } from "../../_components/ChartCard";
import { TableCard } from "../../_components/TableCard";
import { FilterBar } from "../../_components/FilterBar";

import { modelPath } from "@/lib/urls";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchRecord> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const def = frameworkById((await params).id);
  return { title: def ? `${def.name} on the Hub` : "Unknown framework" };
}

function TopList({ title, rows, measure }: { title: string; rows: TopModel[]; measure: "downloads" | "likes" }) {
  return (
    <section className="card" data-testid={`top-${measure}`}>
      <h2>{title}</h2>
      <p className="caption">Across the whole Hub as of the latest crawl (the filters above do not apply).</p>
      {rows.length === 0 ? (
        <div className="state">No model yet.</div>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead><tr><th className="num">#</th><th>Model</th><th>Task</th><th className="num">{measure === "downloads" ? "30-day downloads" : "Likes"}</th></tr></thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.rank}>
                  <td className="num">{m.rank}</td>
                  <td className="wrap-anywhere"><Link href={modelPath(m.repoId)}>{m.repoId}</Link></td>
                  <td className="wrap-anywhere">{m.task ?? "–"}</td>
                  <td className="num">{formatFull(measure === "downloads" ? m.downloads30d : m.likes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default async function FrameworkPage({ params, searchParams }: Props) {
  const { id } = await params;
  const def = frameworkById(id);
  if (!def) notFound();
  const input = pageInput(await searchParams);
  if (input.kind === "bad-query") return <BadQuery error={input.result.error} path={`/frameworks/${def.id}`} />;
  if (input.kind === "unavailable") return <Unavailable message={input.message} />;
  // The page's charts are the overview's, narrowed to this framework.
  const ctx = frameworkCtx(input.ctx, def);
  const { status } = ctx;
  const options = safely("filterOptions", () => getFilterOptions(ctx.sqlite, status.version));
  // The same parts GET /api/frameworks/<id> returns, each rendered on its own.
  const { headline, trend, share, downloads, topByDownloads: topD, topByLikes: topL, tasks, coOccurrence: co } = resolveSafely(frameworkParts(ctx, def), "fw.");
  return (
    <>
      <FilterBar state={input.ctx.state} asOfDate={status.asOfDate} tasks={options.data?.tasks ?? []} libraries={options.data?.libraries ?? []} show={{ frameworks: false, lens: false, toggles: true }} note="Share, log and cumulative apply to the trend chart; range, granularity, task, library and author to every chart and table but the top models." />
      <main className="page">
        <div className="page-head">
          <p className="small"><Link href="/frameworks">Frameworks</Link> ›</p>
          <h1><span className="cell-dot" style={{ background: def.color, width: 14, height: 14 }} aria-hidden="true" />{def.name}</h1>
          <p className="headline" data-testid="headline">{headline.data ?? ""}</p>
          <p className="muted small">{def.note}{def.confirmedByFiles ? " Counts are of detected repos." : ""} Data as of {status.lastFull?.finishedAt ? dayLabel(formatDate(status.lastFull.finishedAt)) : "–"}.</p>
        </div>
        <div className="grid">
          <ChartCard data={trend.data} error={trend.error} anchor="chart-main" />
          <ChartCard data={share.data} error={share.error} />
          <ChartCard data={downloads.data} error={downloads.error} />
          {co.data ? <TableCard data={co.data} /> : <div className="state error">{co.error}</div>}
          {topD.data ? <TopList title={`Most downloaded ${def.name} models`} rows={topD.data} measure="downloads" /> : <div className="state error">{topD.error}</div>}
          {topL.data ? <TopList title={`Most liked ${def.name} models`} rows={topL.data} measure="likes" /> : <div className="state error">{topL.error}</div>}
        </div>
        <div style={{ marginTop: 20 }}>{tasks.data ? <TableCard data={tasks.data} /> : <div className="state error">{tasks.error}</div>}</div>
      </main>
    </>
  );
}
