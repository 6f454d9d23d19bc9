/** GET /api/frameworks/<id>?<parameters>: one framework's page as JSON. */
import { ApiNotFound, apiGet } from "@/lib/queries/api";
import { frameworkById } from "@/lib/frameworks/classify";
import { coOccurrenceTable, frameworkTasksTable, getCoOccurrence, getFrameworkHeadline, getTopModels } from "@/lib/queries/frameworks";
import { getDownloadsByCrawl, getModelsByPeriod, makeCtx } from "@/lib/queries/trends";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return apiGet(req, (base) => {
    const def = frameworkById(id);
    if (!def) throw new ApiNotFound(`unknown framework "${id.slice(0, 40)}"`);
    const ctx = makeCtx(base.sqlite, { ...base.state, frameworks: [def.id], lens: "models" });
    return {
      framework: { id: def.id, name: def.name, color: def.color, note: def.note, detected: !!def.confirmedByFiles },
      headline: getFrameworkHeadline(ctx, def),
      trend: getModelsByPeriod(ctx, { view: ctx.state.view, share: ctx.state.mode === "share" }),
      downloads: getDownloadsByCrawl(ctx, { measure: "downloads30d", share: ctx.state.mode === "share" }),
      topByDownloads: getTopModels(ctx, def.id, "downloads"),
      topByLikes: getTopModels(ctx, def.id, "likes"),
      tasks: frameworkTasksTable(ctx, def),
      coOccurrence: coOccurrenceTable(def, getCoOccurrence(ctx, def.id)),
    };
  });
}
