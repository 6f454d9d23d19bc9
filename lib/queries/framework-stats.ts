/** Chart 7, the stats table: per framework, models, 30-day downloads and growth of new models. */
import { FRAMEWORKS } from "../frameworks/config";
import { periodFullLabel } from "../charts/periods";
import { growth } from "../charts/series";
import { seriesStyle } from "../charts/style";
import type { TableData } from "../charts/types";
import type { ViewState } from "../url-state";
import { basisCaveat, CAVEAT } from "./caveats";
import { cohortSeriesValues, getCohortFrame, rangeSums } from "./cohort-frame";
import { memo, type Ctx } from "./context";
import { NO_MATCH, noData } from "./empty";
import { get, seriesIds } from "./view-series";

export interface FrameworkStat {
  id: string;
  label: string;
  color: string;
  models: number;
  /** % of all models matching the filters. */
  share: number | null;
  downloads30d: number;
  downloadShare: number | null;
  /** New models in the last complete period and the one before. */
  lastPeriod: number | null;
  prevPeriod: number | null;
  growth: number | null;
}

export interface FrameworkStats {
  rows: FrameworkStat[];
  total: { models: number; downloads30d: number; lastPeriod: number | null; prevPeriod: number | null };
  lastPeriodLabel: string | null;
  prevPeriodLabel: string | null;
}

/** Chart 7: per framework, models and 30-day downloads (models alive now, in the range), and growth of new models. */
export function getFrameworkStats(ctx: Ctx, frameworks: readonly string[] = ctx.state.frameworks): FrameworkStats {
  return memo(ctx, "frameworkStats", () => {
    const frame = getCohortFrame(ctx, ctx.state.granularity, frameworks, "series", true);
    const ids = seriesIds(frameworks);
    // The range's models: the shown periods, the dropped (incomplete) one, and everything before when the start is open.
    const range = rangeSums(ctx, frameworks);
    const models = new Map(ids.map((i) => [i, get(range, i).models]));
    const downloads = new Map(ids.map((i) => [i, get(range, i).downloads30d]));
    const totalModels = get(range, "total").models;
    const totalDownloads = get(range, "total").downloads30d;
    const { values, totals } = cohortSeriesValues(frame, frameworks);
    const n = frame.periods.length;
    const last = n >= 1 ? n - 1 : null;
    const prev = n >= 2 ? n - 2 : null;
    const rows = ids.map((id) => {
      const v = values.get(id)!;
      const lp = last !== null ? v[last] : null;
      const pp = prev !== null ? v[prev] : null;
      return {
        id, ...seriesStyle(id, undefined, ctx.state.basis), models: models.get(id)!, share: totalModels ? (100 * models.get(id)!) / totalModels : null,
        downloads30d: downloads.get(id)!, downloadShare: totalDownloads ? (100 * downloads.get(id)!) / totalDownloads : null,
        lastPeriod: lp, prevPeriod: pp, growth: growth(lp, pp),
      };
    });
    return {
      rows,
      total: { models: totalModels, downloads30d: totalDownloads, lastPeriod: last !== null ? totals[last] : null, prevPeriod: prev !== null ? totals[prev] : null },
      lastPeriodLabel: last !== null ? periodFullLabel(frame.periods[last], frame.granularity) : null,
      prevPeriodLabel: prev !== null ? periodFullLabel(frame.periods[prev], frame.granularity) : null,
    };
  }, frameworks.join(","));
}

export function statsTable(stats: FrameworkStats, state: ViewState, ctx?: Ctx): TableData {
  const gl = state.granularity;
  return {
    id: "stats",
    title: "Frameworks at a glance",
    caption: `Models alive today created in the selected range and their 30-day downloads; growth compares the new models of ${stats.lastPeriodLabel ?? "the last complete " + gl} with ${stats.prevPeriodLabel ?? "the one before"}.`,
    caveats: [basisCaveat(state.basis), CAVEAT.multi, CAVEAT.downloads],
    columns: [
      { key: "framework", label: "Framework", numeric: false },
      { key: "models", label: "Models", numeric: true },
      { key: "share", label: "Share of models (%)", numeric: true },
      { key: "downloads30d", label: "30-day downloads", numeric: true },
      { key: "downloadShare", label: "Share of downloads (%)", numeric: true },
      { key: "lastPeriod", label: `New in ${stats.lastPeriodLabel ?? "last " + gl}`, numeric: true },
      { key: "growth", label: `Growth vs ${stats.prevPeriodLabel ?? "previous " + gl} (%)`, numeric: true },
    ],
    rows: [
      ...stats.rows.map((r) => ({
        key: r.id, color: r.color, href: FRAMEWORKS.some((f) => f.id === r.id) ? `/frameworks/${r.id}` : undefined,
        cells: [r.label, r.models, r.share, r.downloads30d, r.downloadShare, r.lastPeriod, r.growth] as (string | number | null)[],
      })),
      { key: "total", cells: ["All models", stats.total.models, stats.total.models ? 100 : null, stats.total.downloads30d, stats.total.downloads30d ? 100 : null, stats.total.lastPeriod, growth(stats.total.lastPeriod, stats.total.prevPeriod)] },
    ],
    empty: ctx && !ctx.status.cohortCrawl ? noData(ctx) : stats.total.models === 0 ? NO_MATCH : null,
  };
}
