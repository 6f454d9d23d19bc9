/**
 * Across crawls: the view's sums per completed full crawl and series (from the per-crawl rollups, or
 * rebuilt from the snapshots for an author without them). The download charts read it.
 */
import { dayLabel } from "../charts/periods";
import type { Value } from "../charts/series";
import { memo, type Ctx } from "./context";
import { crawlSums, crawlsFromSnapshots, readAuthorCrawls, readFullCrawls, sumCrawlRows, type CrawlInfo, type CrawlSum } from "./sources";
import { seriesIds, viewCols, type ColKind } from "./view-series";

export interface CrawlFrame {
  crawls: CrawlInfo[];
  /** crawl id -> series id -> sums */
  cells: Map<number, Map<string, CrawlSum>>;
}

export function getCrawlFrame(ctx: Ctx, measure: CrawlMeasure, kind: ColKind = "series", frameworks: readonly string[] = ctx.state.frameworks): CrawlFrame {
  return memo(ctx, "crawlFrame", () => {
    const { from, to } = ctx.state;
    const cols = viewCols(ctx, frameworks, kind);
    // An author without per-crawl rollups has its models' values rebuilt from their snapshots:
    // once per view, shared by every chart.
    const cells = crawlsFromSnapshots(ctx.sqlite, ctx.state)
      ? sumCrawlRows(memo(ctx, "authorCrawlRows", () => readAuthorCrawls(ctx.sqlite, ctx.state)), cols)
      : crawlSums(ctx.sqlite, ctx.state, cols, [measure]);
    const crawls = readFullCrawls(ctx.sqlite).filter((c) => {
      const d = new Date(c.startedAt).toISOString().slice(0, 10);
      return (!from || d >= from) && (!to || d <= to) && (cells.has(c.id) || cells.size === 0);
    });
    return { crawls, cells };
  }, `${measure}|${kind}|${frameworks.join(",")}`);
}

export function crawlAxis(crawls: CrawlInfo[]) {
  const days = crawls.map((c) => new Date(c.startedAt).toISOString().slice(0, 10));
  const dup = new Set(days.filter((d, i) => days.indexOf(d) !== i));
  const label = (c: CrawlInfo, d: string) => (dup.has(d) ? `${dayLabel(d)} ${new Date(c.startedAt).toISOString().slice(11, 16)}` : dayLabel(d));
  return {
    x: crawls.map((c) => String(c.id)),
    xLabels: crawls.map((c, i) => label(c, days[i])),
    xFull: crawls.map((c, i) => `crawl #${c.id} of ${label(c, days[i])}`),
    // The crawl's start instant: a time axis spaces the points by real time (gaps where crawls were missed).
    xDates: crawls.map((c) => new Date(c.startedAt).toISOString()),
  };
}

export type CrawlMeasure = "downloads30d" | "downloadsSincePrev" | "downloadsAllTime";

const DAY_MS = 86_400_000;

/**
 * Days between each crawl and the completed full crawl before it (null for the first crawl ever):
 * downloads between crawls are divided by it, so weekly and daily crawls give the same per-day rate.
 */
export function daysSincePrev(crawls: readonly CrawlInfo[], all: readonly CrawlInfo[]): (number | null)[] {
  const pos = new Map(all.map((c, i) => [c.id, i]));
  return crawls.map((c) => {
    const i = pos.get(c.id) ?? -1;
    if (i <= 0) return null;
    const d = (c.startedAt - all[i - 1].startedAt) / DAY_MS;
    return d > 0 ? d : null;
  });
}

/** Per crawl and series id, the sum of a measure (null where the measure is null for the crawl). */
export function crawlSeriesValues(frame: CrawlFrame, frameworks: readonly string[], measure: CrawlMeasure): { values: Map<string, Value[]>; totals: Value[] } {
  const at = (c: CrawlInfo, id: string): Value => {
    const v = frame.cells.get(c.id)?.get(id);
    return v ? v[measure] : null;
  };
  const values = new Map<string, Value[]>(seriesIds(frameworks).map((id) => [id, frame.crawls.map((c) => at(c, id))]));
  return { values, totals: frame.crawls.map((c) => at(c, "total")) };
}
