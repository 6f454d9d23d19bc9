/** GET /api/status: "data as of" and the running crawl's progress. Live: never cached. */
import { readStatusSafe } from "@/lib/views/status";

export const dynamic = "force-dynamic";

export function GET(): Response {
  const s = readStatusSafe();
  return Response.json(s, { status: s.error ? 503 : 200, headers: { "Cache-Control": "no-store" } });
}
