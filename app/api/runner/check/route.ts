/**
 * GET /api/runner/check?model=author/name
 *
 * Whether a model (typed on /try) can run in the browser, and what the page needs to load it. From
 * the database when the files pass checked it after its last change; else the server checks that
 * one model on the Hub (lib/runner/check.ts). Never carries HF_TOKEN.
 *
 * 200 {ok: true, model, source} | {ok: false, code, message} (not TF.js, gated, not on the Hub...)
 * 400 bad, missing or repeated id, or another parameter ({"error": {"param", "message"}}) · 429 too many Hub checks (Retry-After) · 502 the Hub could not be asked
 */
import { hubToken, hubUrl } from "@/lib/env";
import { checkModel } from "@/lib/runner/check";
import { clientKey } from "@/lib/limiter";
import { checksLimit } from "@/lib/runner/limits";
import { z } from "zod";
import { jsonError } from "@/lib/queries/api";
import { getReadDb } from "@/lib/queries/db";
import { parseQuery } from "@/lib/queries/params";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store" };

/** One `model`; its form (an id like author/name) is checked by checkModel. */
const Query = z.object({ model: z.string({ error: "model is required: ?model=author/name" }) });

export async function GET(request: Request): Promise<Response> {
  const q = parseQuery(request.url, Query);
  if (!q.ok) return q.response;
  const model = q.value.model;
  let retryAfterMs = 0;
  const limit = checksLimit();
  const key = clientKey(request);
  const res = await checkModel(model, {
    sqlite: getReadDb(),
    hubUrl: hubUrl(),
    token: hubToken(),
    allowHubCheck: () => {
      const t = limit.take(key);
      if (!t.ok) retryAfterMs = t.retryAfterMs;
      return t.ok;
    },
  });
  if (res.ok) return Response.json(res, { headers: HEADERS });
  if (res.code === "bad-id") {
    // The API's 400 shape, plus the page's {ok, code, message}.
    const body = (await jsonError(400, res.message, "model").json()) as object;
    return Response.json({ ...res, ...body }, { status: 400, headers: HEADERS });
  }
  if (res.code === "rate-limited") {
    return Response.json(res, { status: 429, headers: { ...HEADERS, "Retry-After": String(Math.ceil(retryAfterMs / 1000)) } });
  }
  if (res.code === "hub-error") return Response.json(res, { status: 502, headers: HEADERS });
  return Response.json(res, { headers: HEADERS });
}
