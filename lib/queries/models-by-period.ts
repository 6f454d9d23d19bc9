/** Charts 1-3: models by creation period, new or cumulative, absolute or share. */
import { cumulative, MIN_SHARE_BASE, toShare, type Value } from "../charts/series";
import type { ChartData } from "../charts/types";
import { basisCaveat, CAVEAT, floorCaveat, getBackfillStatus } from "./caveats";
import { cohortSeriesValues, droppedNote, getCohortFrame, periodAxis } from "./cohort-frame";
import { memo, type Ctx } from "./context";
import { emptyChart, NO_MATCH, noData } from "./empty";
import { chartCrossover, defaultStart, plottedIds, sliceFrom, startNote } from "./chart-range";
import { get, series, seriesIds } from "./view-series";

/** Chart 1 (and 2, 3): models by creation period, new or cumulative, absolute or share. */
export function getModelsByPeriod(ctx: Ctx, opts: { view: "new" | "cumulative"; share: boolean; /** No default start (the report's tables). */ wholeRange?: boolean }): ChartData {
  return memo(ctx, "modelsByPeriod", () => {
    const { state, status } = ctx;
    const g = state.granularity;
    const backfill = getBackfillStatus(ctx.sqlite, status.version);
    const id = opts.view === "new" ? (opts.share ? "share" : "new-models") : opts.share ? "cumulative-share" : "cumulative";
    const title =
      opts.view === "new"
        ? opts.share
          ? `Share of new models per ${g} carrying each framework (% of all new models)`
          : `New models per ${g} carrying each framework (models)`
        : opts.share
          ? `Share of all models carrying each framework, by the end of each ${g} (%)`
          : `Models carrying each framework, cumulative by creation date (models)`;
    const caption =
      opts.view === "new"
        ? `Models alive today, by the ${g} they were created in (the true creation date where the backfill found one).`
        : `Models alive today created up to the end of each ${g}, the pre-2022-03 repos included from the start.`;
    const caveats = [
      basisCaveat(state.basis),
      ...(opts.share ? [CAVEAT.multi, CAVEAT.threshold] : []),
      floorCaveat(backfill),
      CAVEAT.survivorship,
    ];
    const base = { id, title, unit: opts.share ? ("percent" as const) : ("models" as const), xKind: "period" as const, type: "line" as ChartData["type"], stacked: false, share: opts.share, log: state.scale === "log" && !opts.share, caption, caveats };
    if (!status.cohortCrawl) return emptyChart(base, noData(ctx));
    const frame = getCohortFrame(ctx);
    if (frame.periods.length === 0) return emptyChart(base, NO_MATCH);
    const { values, totals } = cohortSeriesValues(frame, state.frameworks);
    const ids = seriesIds(state.frameworks);
    const out = new Map<string, Value[]>();
    // Each point's share base: the period's models (new view) or the stock at its end (cumulative).
    let bases: number[] = totals;
    if (opts.view === "new") {
      for (const id of ids) out.set(id, opts.share ? toShare(values.get(id)!, totals) : values.get(id)!);
    } else {
      const start = new Map(ids.map((i) => [i, get(frame.before, i).models]));
      const cumTotals = cumulative(totals, get(frame.before, "total").models) as number[];
      bases = cumTotals;
      for (const i of ids) {
        const c = cumulative(values.get(i)!, start.get(i)!);
        out.set(i, opts.share ? toShare(c, cumTotals) : c);
      }
    }
    const first = opts.wholeRange ? 0 : defaultStart(state, state.frameworks.map((f) => values.get(f)!));
    const axis = sliceFrom(periodAxis(frame), out, first);
    const crossover = chartCrossover(state, axis, out, bases.slice(first).map((b) => b >= MIN_SHARE_BASE));
    const note = [droppedNote(frame, status.asOfDate), first > 0 ? startNote(axis.xFull[0]) : null].filter(Boolean).join(" ") || null;
    return { ...base, ...axis, series: series(plottedIds(state), out, ctx.state.basis), note, empty: null, crossover, ...(opts.share ? { minShareBase: MIN_SHARE_BASE } : {}) };
  }, `${opts.view}|${opts.share}|${!!opts.wholeRange}`);
}

export function getNewModelsByPeriod(ctx: Ctx): ChartData {
  return getModelsByPeriod(ctx, { view: "new", share: false });
}

export function getModelShareByPeriod(ctx: Ctx): ChartData {
  return getModelsByPeriod(ctx, { view: "new", share: true });
}

export function getCumulativeModelsByPeriod(ctx: Ctx): ChartData {
  return getModelsByPeriod(ctx, { view: "cumulative", share: false });
}
