/** Chart 5 by cohort: models with only A, only B, both, or neither, per creation period. */
import { cumulative, MIN_SHARE_BASE, toShare, type Value } from "../charts/series";
import { defaultStart, sliceFrom, startNote } from "./chart-range";
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
    const base = { id, title, unit: opts.share ? ("percent" as const) : ("models" as const), xKind: "period" as const, type: (opts.share || state.scale === "log" ? "line" : "bar") as ChartData["type"], stacked: !opts.share && state.scale !== "log", share: opts.share, log: state.scale === "log" && !opts.share, caption: state.buckets.includes("neither") ? `Each model is in exactly one group: only ${an}, only ${bn}, both, or neither (other frameworks or none), so the groups add up to all models.` : `Models carrying ${an} or ${bn}, each in exactly one group: only ${an}, only ${bn}, or both (add "Neither" with buckets=neither).`, caveats: [basisCaveat(state.basis), ...(opts.share ? [CAVEAT.threshold] : []), floorCaveat(backfill), CAVEAT.survivorship] };
    if (!status.cohortCrawl) return emptyChart(base, noData(ctx));
    const frame = getCohortFrame(ctx, state.granularity, state.frameworks, "exclusive");
    if (frame.periods.length === 0) return emptyChart(base, NO_MATCH);
    const groups = X_IDS.map((x) => frame.periods.map((p) => get(frame.cells.get(p), x).models));
    const withNeither = state.buckets.includes("neither");
    // The share base: models carrying A or B (only A + only B + both), or all models with "Neither" opted in.
    const totals = withNeither
      ? frame.periods.map((p) => get(frame.cells.get(p), "total").models)
      : frame.periods.map((_, i) => groups[0][i] + groups[1][i] + groups[2][i]);
    const start = X_IDS.map((x) => get(frame.before, x).models);
    const totalStart = withNeither ? get(frame.before, "total").models : start[0] + start[1] + start[2];
    const ids = EXCLUSIVE_IDS(pair);
    const out = new Map<string, Value[]>();
    const cumTotals = cumulative(totals, totalStart);
    ids.forEach((sid, k) => {
      const v: Value[] = opts.view === "new" ? groups[k] : cumulative(groups[k], start[k]);
      out.set(sid, opts.share ? toShare(v, opts.view === "new" ? totals : cumTotals) : v);
    });
    const shown = withNeither ? ids : ids.slice(0, 3);
    const first = defaultStart(state, [totals]);
    const axis = sliceFrom(periodAxis(frame), out, first);
    const note = [droppedNote(frame, status.asOfDate), first > 0 ? startNote(axis.xFull[0]) : null].filter(Boolean).join(" ") || null;
    return { ...base, ...axis, series: series(shown, out, ctx.state.basis, pair), note, empty: null, ...(opts.share ? { minShareBase: MIN_SHARE_BASE } : {}) };
  }, `${opts.view}|${opts.share}`);
}
