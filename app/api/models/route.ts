/** GET /api/models?q=<prefix>: models and authors whose id starts with q; without q, the most downloaded models. */
import { apiGet } from "@/lib/queries/api";
import { modelSearchParts, topModelsParts } from "@/lib/views/models";
import { resolveAll } from "@/lib/views/parts";

export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  return apiGet(req, (ctx) => {
    const q = ctx.state.q;
    return q ? resolveAll(modelSearchParts(ctx, q)) : resolveAll(topModelsParts(ctx));
  });
}
