/**
 * GET /api/crawls?limit=50&before=ID: every crawl, newest first, with status, kind, scope,
 * duration, models, models/s, pages, retries, rate-limit waits and errors; `nextBefore` pages on.
 * `limit` is 1 to 500 (default 50), `before` a crawl id; anything else is a 400 naming the parameter.
 * Never cached (a running crawl's row changes every page).
 */
import { z } from "zod";
import { jsonError } from "@/lib/queries/api";
import { getReadDb } from "@/lib/queries/db";
import { intParam, parseQuery } from "@/lib/queries/params";
import { listCrawls, MAX_CRAWLS_PAGE } from "@/lib/ops/crawl-monitor";

export const dynamic = "force-dynamic";

const Query = z.object({
  limit: intParam("limit", 1, MAX_CRAWLS_PAGE).optional(),
  before: intParam("before", 1, Number.MAX_SAFE_INTEGER).optional(),
});

export function GET(request: Request): Response {
  const q = parseQuery(request.url, Query);
  if (!q.ok) return q.response;
  try {
    return Response.json(listCrawls(getReadDb(), q.value), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return jsonError(503, `the database cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}
