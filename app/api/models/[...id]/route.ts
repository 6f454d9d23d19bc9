/**
 * GET /api/models/<author>/<name>: one model, its frameworks and its values across crawls. An old
 * (pre-rename) id answers 308 to the current one (by the Hub's _id).
 */
import { ApiNotFound, apiGet } from "@/lib/queries/api";
import { getModel, getModelHistory } from "@/lib/queries/models";
import { cached } from "@/lib/queries/cache";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string[] }> }): Promise<Response> {
  // Segments may arrive percent-encoded (see the model page); Hub ids never contain "%".
  const repoId = (await params).id.map((s) => { try { return decodeURIComponent(s); } catch { return s; } }).join("/");
  return apiGet(req, (ctx) => {
    const found = cached(ctx.status.version, `model:${repoId}`, () => getModel(ctx.sqlite, repoId));
    if (found.kind === "missing") throw new ApiNotFound(`no model "${repoId.slice(0, 100)}" in this data`);
    if (found.kind === "moved") {
      const to = new URL(`/api/models/${found.repoId.split("/").map(encodeURIComponent).join("/")}`, req.url);
      return new Response(null, { status: 308, headers: { Location: to.pathname + to.search } });
    }
    const { id: _internal, ...model } = found.model;
    void _internal;
    return { model, history: getModelHistory(ctx.sqlite, found.model) };
  });
}
