/** GET /api/frameworks?<parameters>: every tracked framework with its models, downloads and growth. */
import { apiGet } from "@/lib/queries/api";
import { lensFrameworks } from "@/lib/frameworks/lenses";
import { getAllFrameworkStats } from "@/lib/queries/frameworks";

export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  return apiGet(req, (ctx) => {
    const stats = getAllFrameworkStats(ctx);
    return {
      basis: ctx.state.basis,
      frameworks: lensFrameworks(ctx.state.basis).map((f) => ({ id: f.id, name: f.name, color: f.color, detected: f.detected, note: f.note })),
      stats,
    };
  });
}
