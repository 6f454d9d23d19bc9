/**
 * POST /api/crawls/now   Authorization: Bearer <ADMIN_TOKEN>   body (optional): {"kind":"full"|"incremental"}
 *
 * "Crawl now" from the web. The web server never crawls (better-sqlite3 is synchronous: a crawl
 * here would stall every page): it records a request that the running scheduler claims within a
 * second or two (lib/scheduler/requests.ts).
 *
 * Errors are the API's {"error": {"param"?, "message"}} (param on a 400).
 * 400  a query parameter, or a body other than empty / {"kind"}
 * 401  ADMIN_TOKEN unset, or the token missing or wrong (compared in constant time)
 * 429  more than 10 failed attempts a minute from this client (the right token still passes), or
 *      more than one accepted trigger a minute (Retry-After)
 * 409  a crawl is running already
 * 503  no scheduler is running to take the request (the CLI always works: npm run crawl), or
 *      it cannot reach the Hub (it crawls by itself as soon as the Hub answers)
 * 200  accepted: {accepted: true, requestId, kind}
 * No answer ever carries HF_TOKEN or ADMIN_TOKEN.
 */
import { z } from "zod";
import { openSqlite } from "@/db/index";
import { adminToken, ConfigError, databasePath } from "@/lib/env";
import { clientKey, retryAfterSeconds } from "@/lib/limiter";
import { adminLimits, checkAdminToken } from "@/lib/ops/admin-auth";
import { liveCrawl } from "@/lib/ops/crawl-monitor";
import { jsonError } from "@/lib/queries/api";
import { getReadDb } from "@/lib/queries/db";
import { NO_PARAMS, parseQuery } from "@/lib/queries/params";
import { enqueueRequest, type RequestKind } from "@/lib/scheduler/requests";
import { currentScheduler } from "@/lib/scheduler/state";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store" };

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: HEADERS });
}

/** The body: empty, or {"kind": "full" | "incremental"} (zod; strict: nothing else). */
const Body = z.object({ kind: z.enum(["full", "incremental"], { error: 'kind must be "full" or "incremental"' }).default("full") }).strict();

async function kindOf(request: Request): Promise<{ kind: RequestKind } | { param: string; message: string }> {
  const text = await request.text();
  if (!text.trim()) return { kind: "full" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { param: "body", message: 'the body must be empty or JSON: {"kind":"full"} or {"kind":"incremental"}' };
  }
  const r = Body.safeParse(json);
  if (r.success) return { kind: r.data.kind };
  const issue = r.error.issues[0];
  if (issue.code === "unrecognized_keys") return { param: issue.keys[0], message: `unknown field "${issue.keys[0]}"; the body takes only "kind"` };
  return { param: String(issue.path[0] ?? "body"), message: issue.path.length ? issue.message : 'the body must be {"kind":"full"} or {"kind":"incremental"}' };
}

export async function POST(request: Request): Promise<Response> {
  const q = parseQuery(request.url, NO_PARAMS);
  if (!q.ok) return q.response;
  const limits = adminLimits();
  const client = clientKey(request);
  let token: string | undefined;
  try {
    token = adminToken();
  } catch (err) {
    if (err instanceof ConfigError) return jsonError(401, `crawl now from the web is disabled: ${err.message}`);
    throw err;
  }
  const check = checkAdminToken(request.headers.get("authorization"), token);
  if (check === "disabled") {
    return jsonError(401, "crawl now from the web is disabled: set ADMIN_TOKEN on the server (or run npm run crawl there)");
  }
  if (check !== "ok") {
    // Only this client's failures count against it; the right token is never refused for them.
    const failure = limits.failures.take(client);
    if (!failure.ok) {
      const s = retryAfterSeconds(failure.retryAfterMs);
      return jsonError(429, `too many failed attempts from here; try again in ${s} s`, undefined, { headers: { "Retry-After": String(s) } });
    }
    return jsonError(401, check === "missing" ? "send Authorization: Bearer <ADMIN_TOKEN>" : "wrong token", undefined, { headers: { "WWW-Authenticate": 'Bearer realm="hf-trends"' } });
  }

  const body = await kindOf(request);
  if (!("kind" in body)) return jsonError(400, body.message, body.param);
  const { kind } = body;

  const read = getReadDb();
  const scheduler = currentScheduler(read);
  const live = liveCrawl(read, scheduler);
  if (live) return jsonError(409, `crawl #${live.id} (${live.kind}) is running; follow it on /crawls`, undefined, { fields: { crawlId: live.id } });
  if (!scheduler?.alive) {
    return jsonError(503, "no scheduler is running to start the crawl: start the service with npm start (or npm run scheduler), or run npm run crawl on the server");
  }

  if (scheduler.state === "hub-unreachable") {
    return jsonError(503, `the scheduler cannot reach the Hub (${scheduler.lastError?.replace(/^Hub unreachable: /, "") ?? "no answer"}); it keeps trying and crawls as soon as it answers`);
  }

  const trigger = limits.triggers.take();
  if (!trigger.ok) {
    const s = retryAfterSeconds(trigger.retryAfterMs);
    return jsonError(429, `a crawl was requested less than a minute ago; try again in ${s} s`, undefined, { headers: { "Retry-After": String(s) } });
  }
  // A short-lived read-write connection for one row: the server's own handle is read-only.
  const rw = openSqlite(databasePath(), { migrate: false });
  let requestId: number;
  try {
    requestId = enqueueRequest(rw, kind, "web");
  } finally {
    rw.close();
  }
  return reply(200, { accepted: true, requestId, kind, message: `the scheduler (pid ${scheduler.pid} on ${scheduler.host}) starts the ${kind} crawl within a few seconds` });
}
