import type { Metadata } from "next";
import { pageInput, type SearchRecord } from "@/lib/queries/page-input";
import {
  getCumulativeModelsByPeriod, getDownloadsByCrawl, getExclusiveByPeriod, getExclusiveDownloadsByCrawl, getFrameworkStats,
  getFrameworksByTask, getHeadline, getMainChart, getModelShareByPeriod, getNewModelsByPeriod, statsTable,
} from "@/lib/queries/trends";
import { getFilterOptions } from "@/lib/queries/options";
import { safely } from "@/lib/queries/safe";
import { frameworkName } from "@/lib/charts/style";
import { getRunnerStats, runnerStatsTable } from "@/lib/runner/results";
import { BadQuery } from "./_components/BadQuery";
import { Unavailable } from "./_components/Unavailable";
import { ChartCard } from "./_components/ChartCard";
import { TableCard } from "./_components/TableCard";
import { FilterBar } from "./_components/FilterBar";
import { Headline } from "./_components/Headline";

export const dynamic = "force-dynamic";

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchRecord> }): Promise<Metadata> {
  const sp = await searchParams;
  const fw = typeof sp.frameworks === "string" ? sp.frameworks.split(",").filter(Boolean).slice(0, 4) : [];
  return { title: fw.length ? `${fw.map(frameworkName).join(" vs ")} on the Hub` : "Framework adoption on the Hugging Face Hub" };
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  const input = pageInput(await searchParams);
  if (input.kind === "bad-query") return <BadQuery error={input.result.error} path="/" />;
  if (input.kind === "unavailable") return <Unavailable message={input.message} />;
  const { ctx } = input;
  const { state, status } = ctx;
  const options = safely("filterOptions", () => getFilterOptions(ctx.sqlite, status.version));
  const headline = safely("headline", () => getHeadline(ctx));
  const main = safely("main", () => getMainChart(ctx));
  const stats = safely("stats", () => statsTable(getFrameworkStats(ctx), state, ctx));
  const cards = [
    safely("new", () => getNewModelsByPeriod(ctx)),
    safely("share", () => getModelShareByPeriod(ctx)),
    safely("cumulative", () => getCumulativeModelsByPeriod(ctx)),
    safely("downloads30d", () => getDownloadsByCrawl(ctx, { measure: "downloads30d", share: false })),
    safely("downloads30dShare", () => getDownloadsByCrawl(ctx, { measure: "downloads30d", share: true })),
    safely("between", () => getDownloadsByCrawl(ctx, { measure: "downloadsSincePrev", share: false })),
    safely("exclusive", () => getExclusiveByPeriod(ctx, { view: "new", share: false })),
    safely("exclusiveDownloads", () => getExclusiveDownloadsByCrawl(ctx, { share: true })),
  ];
  const tasks = safely("tasks", () => getFrameworksByTask(ctx));
  // Runs on /try (not a crawl figure: read live, not cached by crawl).
  const runner = safely("runner", () => runnerStatsTable(getRunnerStats(ctx.sqlite)));

  return (
    <>
      <FilterBar
        state={state}
        asOfDate={status.asOfDate}
        tasks={options.data?.tasks ?? []}
        libraries={options.data?.libraries ?? []}
        note="Lens, share, log and cumulative drive the main chart; the cards below keep fixed measures. Frameworks, range, granularity, task, library and author apply everywhere."
      />
      <main className="page">
        <div className="page-head">
          <h1>Which framework is winning on the Hugging Face Hub?</h1>
          <Headline parts={headline.data ?? [{ text: "The headline could not be computed." }]} />
        </div>
        <div className="main-row">
          <ChartCard data={main.data} error={main.error} anchor="chart-main" tall />
          {stats.data ? <TableCard data={stats.data} /> : <div className="state error">{stats.error}</div>}
        </div>
        <h2 className="section-title">Models, downloads and the exclusive view</h2>
        <div className="grid">
          {cards.map((c, i) => <ChartCard key={c.data?.id ?? i} data={c.data} error={c.error} />)}
        </div>
        <h2 className="section-title">Frameworks by task</h2>
        {tasks.data ? <TableCard data={tasks.data} heat /> : <div className="state error">{tasks.error}</div>}
        <h2 className="section-title">TensorFlow.js models in the browser</h2>
        {runner.data ? <TableCard data={runner.data} /> : <div className="state error">{runner.error}</div>}
      </main>
    </>
  );
}
