/**
 * What every API route shares: the same parameter parser as the pages (400 naming the parameter),
 * answers cached until the next completed crawl (an ETag on the data version; clients revalidate
 * and get 304 until a crawl completes), and errors as JSON without stack traces.
 */
import "server-only";
import { createHash } from "node:crypto";
import { formatDate } from "../charts/periods";
import { toSearchParams } from "../url-state";
import { pageInput } from "./page-input";
import type { Ctx } from "./context";

/**
 * The API's one error shape, whatever the status: {"error": {"param"?, "message"}} (param names
 * the bad input of a 400), plus any `fields` beside it (a 409's crawlId) and response `headers`.
 */
export function jsonError(
  status: number, message: string, param?: string, extra: { headers?: Record<string, string>; fields?: Record<string, unknown> } = {},
): Response {
  return Response.json(
    { error: { ...(param ? { param } : {}), message }, ...extra.fields },
    { status, headers: { "Cache-Control": "no-store", ...extra.headers } },
  );
}

export class ApiNotFound extends Error {}

export function apiGet(req: Request, build: (ctx: Ctx) => unknown | Response): Response {
  try {
    const url = new URL(req.url);
    const input = pageInput(url.searchParams, "strict");
    if (input.kind === "bad-query") return jsonError(400, input.result.error.message, input.result.error.param);
    if (input.kind === "unavailable") return jsonError(503, input.message);
    const { ctx } = input;
    const etag = `"${createHash("sha1").update(`${ctx.status.version}|${url.pathname}|${toSearchParams(ctx.state)}`).digest("hex").slice(0, 24)}"`;
    const headers = { "Cache-Control": "public, max-age=0, must-revalidate", ETag: etag };
    if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
    const body = build(ctx);
    if (body instanceof Response) return body;
    const meta = {
      dataAsOf: ctx.status.lastFull?.finishedAt ? new Date(ctx.status.lastFull.finishedAt).toISOString() : null,
      lastFullCrawlId: ctx.status.lastFull?.id ?? null,
      cohortsAsOf: ctx.status.asOfDate ? formatDate(Date.parse(ctx.status.asOfDate)) : null,
      query: Object.fromEntries(toSearchParams(ctx.state)),
    };
    return Response.json({ ...meta, ...(body as object) }, { headers });
  } catch (err) {
    if (err instanceof ApiNotFound) return jsonError(404, err.message);
    console.error("api error:", err);
    return jsonError(500, "internal error: the server logged the details");
  }
}
