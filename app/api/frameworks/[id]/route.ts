/** GET /api/frameworks/<id>?<parameters>: one framework's page as JSON. */
import { ApiNotFound, apiGet } from "@/lib/queries/api";
import { frameworkById } from "@/lib/frameworks/classify";
import { frameworkCtx, frameworkInfo, frameworkParts } from "@/lib/views/framework";
import { resolveAll } from "@/lib/views/parts";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return apiGet(req, (base) => {
    const def = frameworkById(id);
    if (!def) throw new ApiNotFound(`unknown framework "${id.slice(0, 40)}"`);
    const ctx = frameworkCtx(base, def);
    return { framework: frameworkInfo(def), ...resolveAll(frameworkParts(ctx, def)) };
  });
}
