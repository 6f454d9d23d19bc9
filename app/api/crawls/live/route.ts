/**
 * GET /api/crawls/live: the running crawl (progress, models/s, ETA), the scheduler's state and the
 * next scheduled runs. Polled by the crawl monitor every few seconds; never cached.
 */
import { getReadDb } from "@/lib/queries/db";
import { monitorData } from "@/lib/ops/crawl-monitor";
import { webConfig } from "@/lib/ops/web-config";

export const dynamic = "force-dynamic";

export function GET(): Response {
  const headers = { "Cache-Control": "no-store" };
  try {
    return Response.json(monitorData(getReadDb(), webConfig()), { headers });
  } catch (err) {
    return Response.json({ error: `the database cannot be read: ${err instanceof Error ? err.message : String(err)}` }, { status: 503, headers });
  }
}
