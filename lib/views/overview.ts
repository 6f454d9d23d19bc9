/**
 * The overview (`/`): everything the page shows, and what GET /api/trends returns. The page and the
 * route both call this, so the API serves exactly the page's data.
 */
import type { ChartData, TableData } from "../charts/types";
import type { Ctx } from "../queries/context";
import { getDownloadsByCrawl } from "../queries/downloads-by-crawl";
import { getExclusiveByPeriod } from "../queries/exclusive-by-period";
import { getExclusiveDownloadsByCrawl } from "../queries/exclusive-downloads-by-crawl";
import { getFrameworksByTask } from "../queries/frameworks-by-task";
import { getFrameworkStats, statsTable, type FrameworkStats } from "../queries/framework-stats";
import { getHeadline, type HeadlinePart } from "../queries/headline";
import { getMainChart } from "../queries/main-chart";
import { getCumulativeModelsByPeriod, getModelShareByPeriod, getNewModelsByPeriod } from "../queries/models-by-period";
import { resolveAll, type Parts } from "./parts";

/** The cards under the main chart, in page order (fixed measures: the controls drive only the main chart). */
export const OVERVIEW_CARDS = ["new", "share", "cumulative", "downloads30d", "downloads30dShare", "between", "exclusive", "exclusiveDownloads"] as const;

/** The overview's parts: the page renders each in isolation, GET /api/trends evaluates them all. */
export function overviewParts(ctx: Ctx) {
  return {
    headline: () => getHeadline(ctx),
    main: () => getMainChart(ctx),
    stats: () => getFrameworkStats(ctx),
    statsTable: () => statsTable(getFrameworkStats(ctx), ctx.state, ctx),
    new: () => getNewModelsByPeriod(ctx),
    share: () => getModelShareByPeriod(ctx),
    cumulative: () => getCumulativeModelsByPeriod(ctx),
    downloads30d: () => getDownloadsByCrawl(ctx, { measure: "downloads30d", share: false }),
    downloads30dShare: () => getDownloadsByCrawl(ctx, { measure: "downloads30d", share: true }),
    between: () => getDownloadsByCrawl(ctx, { measure: "downloadsSincePrev", share: false }),
    exclusive: () => getExclusiveByPeriod(ctx, { view: "new", share: false }),
    exclusiveDownloads: () => getExclusiveDownloadsByCrawl(ctx, { share: true }),
    tasks: () => getFrameworksByTask(ctx),
  } satisfies Parts;
}

export interface Overview {
  main: ChartData;
  cards: ChartData[];
  tasks: TableData;
  stats: FrameworkStats;
  statsTable: TableData;
  headline: HeadlinePart[];
}

/** Everything the overview page shows (and GET /api/trends returns), every part evaluated. */
export function getOverview(ctx: Ctx): Overview {
  const p = resolveAll(overviewParts(ctx));
  return { main: p.main, cards: OVERVIEW_CARDS.map((k) => p[k]), tasks: p.tasks, stats: p.stats, statsTable: p.statsTable, headline: p.headline };
}
