/** GET /api/frameworks?<parameters>: every tracked framework with its models, downloads and growth. */
import { apiGet } from "@/lib/queries/api";
import { FRAMEWORKS } from "@/lib/frameworks/config";
import { getAllFrameworkStats } from "@/lib/queries/frameworks";

export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  return apiGet(req, (ctx) => {
    const stats = getAllFrameworkStats(ctx);
    return {
      frameworks: FRAMEWORKS.map((f) => ({ id: f.id, name: f.name, color: f.color, detected: !!f.confirmedByFiles, note: f.note })),
      stats,
    };
  });
}
