/** GET /api/models?q=<prefix>: models and authors whose id starts with q; without q, the most downloaded models. */
import { apiGet } from "@/lib/queries/api";
import { searchAuthors, searchModels } from "@/lib/queries/models";
import { getTopModels } from "@/lib/queries/frameworks";

export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  return apiGet(req, (ctx) => {
    const q = ctx.state.q;
    if (!q) return { top: getTopModels(ctx, "all", "downloads", 30) };
    return { models: searchModels(ctx.sqlite, q), authors: searchAuthors(ctx.sqlite, q) };
  });
}
