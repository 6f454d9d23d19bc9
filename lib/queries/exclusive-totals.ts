/** Totals `npm run report` prints: the exclusive groups over the view's range. */
import { seriesStyle } from "../charts/style";
import { rangeSums } from "./cohort-frame";
import { memo, type Ctx } from "./context";
import { EXCLUSIVE_IDS, exclusivePair, get, X_IDS } from "./view-series";

export interface ExclusiveTotals {
  pair: [string, string];
  ids: string[];
  labels: string[];
  /** Models alive now created in the range, per group (only A, only B, both, neither). */
  models: number[];
  /** Their 30-day downloads as of the latest crawl. */
  downloads30d: number[];
}

/** The exclusive groups over the view's range (the stats table's set of models). */
export function getExclusiveTotals(ctx: Ctx): ExclusiveTotals {
  return memo(ctx, "exclusiveTotals", () => {
    const pair = exclusivePair(ctx.state);
    const range = rangeSums(ctx, ctx.state.frameworks, "exclusive");
    const models = X_IDS.map((x) => get(range, x).models);
    const downloads30d = X_IDS.map((x) => get(range, x).downloads30d);
    const ids = EXCLUSIVE_IDS(pair);
    return { pair, ids, labels: ids.map((id) => seriesStyle(id, pair, ctx.state.basis).label), models, downloads30d };
  });
}
