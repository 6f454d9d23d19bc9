/** Chart 5 by cohort: models with only A, only B, both, or neither, per creation period. */
import { cumulative, toShare, type Value } from "../charts/series";
import { frameworkName } from "../charts/style";
import type { ChartData } from "../charts/types";
import { basisCaveat, CAVEAT, floorCaveat, getBackfillStatus } from "./caveats";
import { droppedNote, getCohortFrame, periodAxis } from "./cohort-frame";
import { memo, type Ctx } from "./context";
import { emptyChart, NO_MATCH, noData } from "./empty";
import { EXCLUSIVE_IDS, exclusivePair, get, series, X_IDS } from "./view-series";

/** Chart 5 by cohort: A only / B only / both / neither, new or cumulative, absolute or share. */
export function getExclusiveByPeriod(ctx: Ctx, opts: { view: "new" | "cumulative"; share: boolean }): ChartData {
  return memo(ctx, "exclusiveByPeriod", () => {
    const { state, status } = ctx;
    const pair = exclusivePair(state);
    const [an, bn] = pair.map((id) => frameworkName(id, state.basis));
    const g = state.granularity;
    const id = `exclusive-${opts.view}${opts.share ? "-share" : ""}`;
    const title = opts.share
      ? `${an} vs ${bn}: share of ${opts.view === "new" ? `new models per ${g}` : "all models, cumulative"} (%)`
      : `${an} vs ${bn}: ${opts.view === "new" ? `new models per ${g}` : "models, cumulative by creation date"} (models)`;
    const backfill = getBackfillStatus(ctx.sqlite, status.version);
    const base = { id, title, unit: opts.share ? ("percent" as const) : ("models" as const), xKind: "period" as const, type: (opts.share || state.scale === "log" ? "line" : "bar") as ChartData["type"], stacked: !opts.share && state.scale !== "log", share: opts.share, log: state.scale === "log" && !opts.share, caption: `Each model is in exactly one group: only ${an}, only ${bn}, both, or neither (other frameworks or none), so the groups add up to all models.`, caveats: [basisCaveat(state.basis), floorCaveat(backfill), CAVEAT.survivorship] };
    if (!status.cohortCrawl) return emptyChart(base, noData(ctx));
    const frame = getCohortFrame(ctx, state.granularity, state.frameworks, "exclusive");
    if (frame.periods.length === 0) return emptyChart(base, NO_MATCH);
    const groups = X_IDS.map((x) => frame.periods.map((p) => get(frame.cells.get(p), x).models));
    const totals = frame.periods.map((p) => get(frame.cells.get(p), "total").models);
    const start = X_IDS.map((x) => get(frame.before, x).models);
    const totalStart = get(frame.before, "total").models;
    const ids = EXCLUSIVE_IDS(pair);
    const out = new Map<string, Value[]>();
    const cumTotals = cumulative(totals, totalStart);
    ids.forEach((sid, k) => {
      const v: Value[] = opts.view === "new" ? groups[k] : cumulative(groups[k], start[k]);
      out.set(sid, opts.share ? toShare(v, opts.view === "new" ? totals : cumTotals) : v);
    });
    return { ...base, ...periodAxis(frame), series: series(ids, out, ctx.state.basis, pair), note: droppedNote(frame, status.asOfDate), empty: null };
  }, `${opts.view}|${opts.share}`);
}
