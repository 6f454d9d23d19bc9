import type { Metadata } from "next";
import { pageInput, type SearchRecord } from "@/lib/queries/page-input";
import { OVERVIEW_CARDS, overviewParts } from "@/lib/views/overview";
import { resolveSafely } from "@/lib/views/parts";
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
import { readStatusSafe } from "@/lib/views/status";

export const dynamic = "force-dynamic";

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchRecord> }): Promise<Metadata> {
  const sp = await searchParams;
  const fw = typeof sp.frameworks === "string" ? sp.frameworks.split(",").filter(Boolean).slice(0, 4) : [];
  return { title: fw.length ? `${fw.map((f) => frameworkName(f, sp.basis === "tags" ? "tags" : "framework")).join(" vs ")} on the Hub` : "Framework adoption on the Hugging Face Hub" };
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchRecord> }) {
  const input = pageInput(await searchParams);
  if (input.kind === "bad-query") throw new Error("unreachable: pages parse leniently");
  if (input.kind === "unavailable") return <Unavailable message={input.message} />;
  const { ctx } = input;
  const { state, status } = ctx;
  const options = safely("filterOptions", () => getFilterOptions(ctx.sqlite, status.version));
  // The same parts GET /api/trends returns, each rendered on its own.
  const { headline, main, statsTable: stats, tasks, ...rest } = resolveSafely(overviewParts(ctx));
  const cards = OVERVIEW_CARDS.map((k) => rest[k]);
  // Runs on /try (not a crawl figure: read live, not cached by crawl).
  const runner = safely("runner", () => runnerStatsTable(getRunnerStats(ctx.sqlite)));
  // Live, not cached by crawl: whether the scheduler can reach the Hub right now.
  const hubUnreachable = readStatusSafe().hubUnreachable;

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
        <BadQuery errors={input.errors} path="/" />
        <div className="page-head">
          <h1>Which framework is winning on the Hugging Face Hub?</h1>
          {hubUnreachable ? <p className="state error" role="status" data-testid="hub-unreachable">{hubUnreachable}</p> : null}
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
