/**
 * POST /api/runner/results   {"model", "backend", "outcome", "loadMs", "firstMs", "warmMs", "format"?}
 *   The page reports one run: 201 {recorded: true, id}. 400 {error, field} naming the first wrong
 *   field (unknown fields too); 413 body over 2 KB; 429 over the rate limit (Retry-After);
 *   503 the database is busy (retry later). Stores no personal data (lib/runner/results.ts).
 * GET /api/runner/results
 *   The success rates: {runs, ok, byRuntime: [...], byFormat: [...], byTask: [...]} (runtime: tfjs or onnx).
 */
import { getReadDb } from "@/lib/queries/db";
import { clientKey, resultsLimit } from "@/lib/runner/limits";
import { BadResult, getRunnerStats, MAX_BODY_BYTES, recordResult, validateResult } from "@/lib/runner/results";
import { getWriteDb, isBusy } from "@/lib/runner/write-db";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store" };

function reply(status: number, body: Record<string, unknown>, extra: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...HEADERS, ...extra } });
}

export async function POST(request: Request): Promise<Response> {
  const limit = resultsLimit().take(clientKey(request));
  if (!limit.ok) {
    const s = Math.ceil(limit.retryAfterMs / 1000);
    return reply(429, { error: `too many results from here; try again in ${s} s` }, { "Retry-After": String(s) });
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return reply(413, { error: `the body must be at most ${MAX_BODY_BYTES} bytes`, field: "body" });
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return reply(413, { error: `the body must be at most ${MAX_BODY_BYTES} bytes`, field: "body" });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return reply(400, { error: "the body must be JSON", field: "body" });
  }
  let valid;
  try {
    valid = validateResult(json);
  } catch (err) {
    if (err instanceof BadResult) return reply(400, { error: err.message, field: err.field });
    throw err;
  }
  try {
    const id = recordResult(getWriteDb(), valid);
    return reply(201, { recorded: true, id });
  } catch (err) {
    if (isBusy(err)) return reply(503, { error: "the database is busy (a crawl is writing); try again in a few seconds" }, { "Retry-After": "5" });
    throw err;
  }
}

export function GET(): Response {
  return reply(200, { ...getRunnerStats(getReadDb()) });
}
