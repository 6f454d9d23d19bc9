/** The overview's main chart, the one the controls drive. */
import type { ChartData } from "../charts/types";
import type { Ctx } from "./context";
import { getDownloadsByCrawl } from "./downloads-by-crawl";
import { getExclusiveByPeriod } from "./exclusive-by-period";
import { getModelsByPeriod } from "./models-by-period";

/** The chart the controls drive: lens x view x mode x scale. */
export function getMainChart(ctx: Ctx): ChartData {
  const { lens, view, mode } = ctx.state;
  const share = mode === "share";
  if (lens === "downloads") return getDownloadsByCrawl(ctx, { measure: view === "new" ? "downloadsSincePrev" : "downloadsAllTime", share });
  if (lens === "exclusive") return getExclusiveByPeriod(ctx, { view, share });
  return getModelsByPeriod(ctx, { view, share });
}
