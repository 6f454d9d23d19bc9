/**
 * GET /api/crawls/live: the running crawl (progress, models/s, ETA), the scheduler's state and the
 * next scheduled runs. Polled by the crawl monitor every few seconds; never cached.
 */
import { jsonError } from "@/lib/queries/api";
import { getReadDb } from "@/lib/queries/db";
import { NO_PARAMS, parseQuery } from "@/lib/queries/params";
import { monitorData } from "@/lib/ops/crawl-monitor";
import { webConfig } from "@/lib/ops/web-config";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const headers = { "Cache-Control": "no-store" };
  const q = parseQuery(request.url, NO_PARAMS);
  if (!q.ok) return q.response;
  try {
    return Response.json(monitorData(getReadDb(), webConfig()), { headers });
  } catch (err) {
    return jsonError(503, `the database cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}
