/** Chart 4: downloads by framework across completed full crawls. */
import { toShare, type Value } from "../charts/series";
import type { ChartData } from "../charts/types";
import { basisCaveat, CAVEAT } from "./caveats";
import { memo, type Ctx } from "./context";
import { crawlAxis, crawlSeriesValues, daysSincePrev, getCrawlFrame, type CrawlMeasure } from "./crawl-frame";
import { chartCrossover, plottedIds } from "./chart-range";
import { readFullCrawls } from "./sources";
import { emptyChart, NO_MATCH, noData } from "./empty";
import { series } from "./view-series";

const MEASURE_TITLE: Record<CrawlMeasure, [string, string]> = {
  downloads30d: ["30-day downloads as of each crawl, by framework (downloads)", "Share of 30-day downloads as of each crawl, by framework (% of all downloads)"],
  downloadsSincePrev: ["Downloads per day between consecutive crawls, by framework (downloads per day)", "Share of the downloads between consecutive crawls, by framework (%)"],
  downloadsAllTime: ["All-time downloads as of each crawl, by framework (downloads)", "Share of all-time downloads as of each crawl, by framework (%)"],
};

/** Chart 4: downloads by framework across completed full crawls. */
export function getDownloadsByCrawl(ctx: Ctx, opts: { measure: CrawlMeasure; share: boolean }): ChartData {
  return memo(ctx, "downloadsByCrawl", () => {
    const { state } = ctx;
    const id = `downloads-${opts.measure === "downloads30d" ? "30d" : opts.measure === "downloadsSincePrev" ? "between" : "alltime"}${opts.share ? "-share" : ""}`;
    const caveats = [basisCaveat(state.basis, true), CAVEAT.downloads, CAVEAT.gguf, ...(opts.measure === "downloadsSincePrev" ? [CAVEAT.between] : []), ...(opts.share ? [CAVEAT.multi] : [])];
    const caption =
      opts.measure === "downloads30d"
        ? "Sum of the Hub's 30-day download counts of the models each completed full crawl listed."
        : opts.measure === "downloadsSincePrev"
          ? "Downloads per day between each completed full crawl and the previous one: the change of every model's all-time count, divided by the days between the two crawls."
          : "Sum of the all-time download counts of the models each completed full crawl listed.";
    const base = { id, title: MEASURE_TITLE[opts.measure][opts.share ? 1 : 0], unit: opts.share ? ("percent" as const) : ("downloads" as const), xKind: "crawl" as const, type: "line" as const, stacked: false, share: opts.share, log: state.scale === "log" && !opts.share, caption, caveats };
    if (!ctx.status.lastFull) return emptyChart(base, noData(ctx));
    const frame = getCrawlFrame(ctx, opts.measure);
    if (frame.crawls.length === 0) return emptyChart(base, NO_MATCH);
    const { values, totals } = crawlSeriesValues(frame, state.frameworks, opts.measure);
    if (opts.measure === "downloadsSincePrev" && !opts.share) {
      // Per day of the interval: a change from weekly to daily crawls must not look like a collapse.
      const days = daysSincePrev(frame.crawls, readFullCrawls(ctx.sqlite));
      for (const [k, v] of values) values.set(k, v.map((x, i) => (x === null || days[i] === null ? null : x / days[i]!)));
    }
    const out = new Map<string, Value[]>();
    // The base of a download share is downloads, not models: no model threshold applies.
    for (const [i, v] of values) out.set(i, opts.share ? toShare(v, totals, 0) : v);
    const axis = crawlAxis(frame.crawls);
    const crossover = chartCrossover(state, axis, out, frame.crawls.map(() => true));
    const note =
      opts.measure === "downloadsSincePrev" && frame.crawls.length > 0 && totals[0] === null
        ? "The first crawl has no value: downloads between crawls need a previous crawl."
        : frame.crawls.length === 1
          ? "Only one completed full crawl so far: the series grow with each daily crawl."
          : null;
    return { ...base, ...axis, series: series(plottedIds(state), out, ctx.state.basis), note, empty: null, crossover };
  }, `${opts.measure}|${opts.share}`);
}
