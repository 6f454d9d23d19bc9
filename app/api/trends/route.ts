/** GET /api/trends?<the overview's parameters>: every figure of the overview as JSON. */
import { apiGet } from "@/lib/queries/api";
import { getOverview } from "@/lib/views/overview";

export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  return apiGet(req, (ctx) => {
    const o = getOverview(ctx);
    return { headline: o.headline.map((p) => p.text).join(""), main: o.main, charts: o.cards, tasks: o.tasks, stats: o.stats };
  });
}
