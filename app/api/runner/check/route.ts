/**
 * GET /api/runner/check?model=author/name
 *
 * Whether a model (typed on /try) can run in the browser, and what the page needs to load it. From
 * the database when the files pass checked it after its last change; else the server checks that
 * one model on the Hub (lib/runner/check.ts). Never carries HF_TOKEN.
 *
 * 200 {ok: true, model, source} | {ok: false, code, message} (not TF.js, gated, not on the Hub...)
 * 400 bad or missing id · 429 too many Hub checks (Retry-After) · 502 the Hub could not be asked
 */
import { hubToken, hubUrl } from "@/lib/env";
import { checkModel } from "@/lib/runner/check";
import { clientKey } from "@/lib/limiter";
import { checksLimit } from "@/lib/runner/limits";
import { getReadDb } from "@/lib/queries/db";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store" };

export async function GET(request: Request): Promise<Response> {
  const model = new URL(request.url).searchParams.get("model") ?? "";
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
  if (res.code === "bad-id") return Response.json({ ...res, field: "model" }, { status: 400, headers: HEADERS });
  if (res.code === "rate-limited") {
    return Response.json(res, { status: 429, headers: { ...HEADERS, "Retry-After": String(Math.ceil(retryAfterMs / 1000)) } });
  }
  if (res.code === "hub-error") return Response.json(res, { status: 502, headers: HEADERS });
  return Response.json(res, { headers: HEADERS });
}
