/**
 * GET /api/health: 200 when the last completed full crawl is as fresh as CRAWL_SCHEDULE promises,
 * 503 when stale or when no full crawl ever completed; the body reports the scheduler's state
 * (lib/ops/health.ts). Never cached. For uptime checks and pagers.
 */
import { getReadDb } from "@/lib/queries/db";
import { NO_PARAMS, parseQuery } from "@/lib/queries/params";
import { computeHealth } from "@/lib/ops/health";
import { webConfig } from "@/lib/ops/web-config";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const headers = { "Cache-Control": "no-store" };
  const q = parseQuery(request.url, NO_PARAMS);
  if (!q.ok) return q.response;
  try {
    const cfg = webConfig();
    const h = computeHealth(getReadDb(), cfg);
    return Response.json({ ...h, configProblems: cfg.problems }, { status: h.httpStatus, headers });
  } catch (err) {
    return Response.json(
      { status: "error", message: `the database cannot be read: ${err instanceof Error ? err.message : String(err)}` },
      { status: 503, headers },
    );
  }
}
