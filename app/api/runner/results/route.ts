/**
 * POST /api/runner/results   {"model", "backend", "outcome", "loadMs", "firstMs", "warmMs", "format"?}
 *   The page reports one run: 201 {recorded: true, id}. 400 {error: {param, message}} naming the
 *   first wrong field (unknown fields too; the body is validated by a zod schema); 413 body over 2 KB; 429 over the rate limit (Retry-After);
 *   503 the database is busy (retry later). Stores no personal data (lib/runner/results.ts).
 * GET /api/runner/results
 *   The success rates: {runs, ok, byRuntime: [...], byFormat: [...], byTask: [...]} (runtime: tfjs or onnx).
 */
import { retryAfterSeconds } from "@/lib/limiter";
import { jsonError } from "@/lib/queries/api";
import { getReadDb } from "@/lib/queries/db";
import { NO_PARAMS, parseQuery } from "@/lib/queries/params";
import { clientKey } from "@/lib/limiter";
import { resultsLimit } from "@/lib/runner/limits";
import { BadResult, getRunnerStats, MAX_BODY_BYTES, recordResult, validateResult } from "@/lib/runner/results";
import { getWriteDb, isBusy } from "@/lib/runner/write-db";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store" };

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: HEADERS });
}

export async function POST(request: Request): Promise<Response> {
  const q = parseQuery(request.url, NO_PARAMS);
  if (!q.ok) return q.response;
  const limit = resultsLimit().take(clientKey(request));
  if (!limit.ok) {
    const s = retryAfterSeconds(limit.retryAfterMs);
    return jsonError(429, `too many results from here; try again in ${s} s`, undefined, { headers: { "Retry-After": String(s) } });
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooBig = () => jsonError(413, `the body must be at most ${MAX_BODY_BYTES} bytes`, "body");
  if (declared > MAX_BODY_BYTES) return tooBig();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return tooBig();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return jsonError(400, "the body must be JSON", "body");
  }
  let valid;
  try {
    valid = validateResult(json);
  } catch (err) {
    if (err instanceof BadResult) return jsonError(400, err.message, err.field);
    throw err;
  }
  try {
    const id = recordResult(getWriteDb(), valid);
    return reply(201, { recorded: true, id });
  } catch (err) {
    if (isBusy(err)) return jsonError(503, "the database is busy (a crawl is writing); try again in a few seconds", undefined, { headers: { "Retry-After": "5" } });
    throw err;
  }
}

export function GET(request: Request): Response {
  const q = parseQuery(request.url, NO_PARAMS);
  if (!q.ok) return q.response;
  return reply(200, { ...getRunnerStats(getReadDb()) });
}
