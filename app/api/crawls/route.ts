/**
 * GET /api/crawls?limit=50&before=ID: every crawl, newest first, with status, kind, scope,
 * duration, models, models/s, pages, retries, rate-limit waits and errors; `nextBefore` pages on.
 * Never cached (a running crawl's row changes every page).
 */
import { getReadDb } from "@/lib/queries/db";
import { listCrawls } from "@/lib/ops/crawl-monitor";

export const dynamic = "force-dynamic";

function intParam(v: string | null, name: string): number | undefined {
  if (v === null || v === "") return undefined;
  if (!/^[0-9]+$/.test(v)) throw new RangeError(`${name} must be a positive integer`);
  return Number(v);
}

export function GET(request: Request): Response {
  const headers = { "Cache-Control": "no-store" };
  const q = new URL(request.url).searchParams;
  let limit: number | undefined;
  let before: number | undefined;
  try {
    limit = intParam(q.get("limit"), "limit");
    before = intParam(q.get("before"), "before");
  } catch (err) {
    return Response.json({ error: (err as Error).message }, { status: 400, headers });
  }
  try {
    return Response.json(listCrawls(getReadDb(), { limit, before }), { headers });
  } catch (err) {
    return Response.json({ error: `the database cannot be read: ${err instanceof Error ? err.message : String(err)}` }, { status: 503, headers });
  }
}
