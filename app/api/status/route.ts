/** GET /api/status: "data as of" and the running crawl's progress. Live: never cached. */
import { NO_PARAMS, parseQuery } from "@/lib/queries/params";
import { readStatusSafe } from "@/lib/views/status";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const q = parseQuery(request.url, NO_PARAMS);
  if (!q.ok) return q.response;
  const s = readStatusSafe();
  return Response.json(s, { status: s.error ? 503 : 200, headers: { "Cache-Control": "no-store" } });
}
