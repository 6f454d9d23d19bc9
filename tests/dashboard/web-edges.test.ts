/**
 * What an attacker or a confused client meets at the edges of `next start` (the shared test build,
 * with the request gate preloaded as under `npm start`), over real HTTP on loopback:
 * security headers and per-page CSPs, methods, unknown / repeated / `__proto__` parameters,
 * malformed API paths, the admin gate limited per client (never locking out the right token),
 * the client address trusted from X-Forwarded-For only with TRUST_PROXY, the header's dot agreeing
 * with /api/health, and `/` saying when the scheduler cannot reach the Hub.
 */
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { tempDir } from "../helpers/cli";
import { BUILD_TIMEOUT_MS, startNextServer, type NextServer } from "../helpers/next-server";
import { seededDb } from "../helpers/seeded";
import { startScheduler, stop, waitFor, readDb, type Proc } from "../helpers/scheduler-process";
import path from "node:path";

const ADMIN = "admin-token-for-the-edges-test";
const T = 60_000;

let seeded: string;
let server: NextServer;

beforeAll(async () => {
  seeded = (await seededDb({ models: 1_500 })).file;
  server = await startNextServer({ DATABASE_PATH: seeded, ADMIN_TOKEN: ADMIN, HF_ENDPOINT: "http://127.0.0.1:9", TRUST_PROXY: "" });
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
});

const get = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, { redirect: "manual", ...init });

/** A raw request (fetch refuses TRACE and the like): status, headers and body text. */
function raw(method: string, p: string): Promise<{ status: number; allow: string | undefined; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${p}`, { method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function errorBody(res: Response): Promise<{ param?: string; message: string }> {
  const text = await res.text();
  expect(text).not.toMatch(/\n\s+at /); // no stack trace
  const body = JSON.parse(text) as { error: { param?: string; message: string } };
  expect(typeof body.error.message).toBe("string");
  return body.error;
}

describe("security headers", () => {
  test("every page, API answer and static file says nosniff, a referrer policy and no framing", async () => {
    const html = await (await get("/")).text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    for (const p of ["/", "/crawls", "/try", "/methodology", "/api/trends", "/api/health", asset!, "/no-such-page"]) {
      const res = await get(p);
      expect(res.headers.get("x-content-type-options"), p).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), p).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-frame-options"), p).toBe("DENY");
    }
    const api = await get("/api/trends");
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  test("pages: a CSP with a fresh nonce that Next's inline scripts carry; /crawls cannot be framed; only /try may run wasm and workers", async () => {
    const nonces = new Set<string>();
    for (const p of ["/", "/crawls", "/frameworks", "/methodology", "/models"]) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, `${p}: ${csp}`).toBeTruthy();
      nonces.add(nonce!);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/wasm-unsafe-eval|blob:.*script|'unsafe-eval'/);
      expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
      const html = await res.text();
      // Every inline script carries this response's nonce; none is left without.
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
      expect(inline.length, p).toBeGreaterThan(0);
      for (const attrs of inline) expect(attrs, p).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(5);
    const tryCsp = (await get("/try")).headers.get("content-security-policy") ?? "";
    expect(tryCsp).toMatch(/script-src 'self' 'nonce-[^']+' 'wasm-unsafe-eval' blob:/);
    expect(tryCsp).toContain("worker-src 'self' blob:");
    expect(tryCsp).toContain("connect-src 'self' http://127.0.0.1:9 https://huggingface.co https://*.huggingface.co https://*.hf.co");
  });
});

describe("API edges", () => {
  test("TRACE, PUT, DELETE and others: 405 with Allow, JSON, on pages and API alike, no stack in the log", async () => {
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "PROPFIND"]) {
      for (const p of ["/api/trends", "/", "/crawls"]) {
        const res = await raw(method, p);
        expect(res.status, `${method} ${p}`).toBe(405);
        expect(res.allow).toBe("GET, HEAD, POST, OPTIONS");
        expect(res.type).toMatch(/application\/json/);
        expect(res.body).not.toMatch(/\n\s+at /);
        expect((JSON.parse(res.body) as { error: { message: string } }).error.message).toMatch(new RegExp(`method ${method} is not allowed`));
      }
    }
    expect(server.output()).not.toMatch(/HTTP method is unsupported|\n\s+at /);
  });

  test("?__proto__ is refused like any unknown parameter, on pages and every API route", async () => {
    for (const p of ["/api/trends", "/api/models", "/api/crawls", "/api/health", "/api/status", "/", "/models"]) {
      const res = await get(`${p}?__proto__=x`);
      expect(res.status, p).toBe(400);
      expect(await errorBody(res)).toEqual({ param: "__proto__", message: 'unknown parameter "__proto__"' });
    }
    const encoded = await get("/api/trends?%5F%5Fproto%5F%5F=x");
    expect(encoded.status).toBe(400);
  });

  test("/api/crawls: limit 1-500, before an id; unknown, repeated and huge values are 400 {error: {param, message}}", async () => {
    expect((await get("/api/crawls?limit=2")).status).toBe(200);
    const cases: [string, string, RegExp][] = [
      ["limit=0", "limit", /limit must be a whole number from 1 to 500/],
      ["limit=501", "limit", /from 1 to 500/],
      ["limit=99999999999999999999", "limit", /from 1 to 500/],
      ["limit=-1", "limit", /whole number/],
      ["limit=1e3", "limit", /whole number/],
      ["limit=1&limit=2", "limit", /given more than once/],
      ["before=0", "before", /before must be a whole number/],
      ["bogus=1", "bogus", /unknown parameter "bogus"; allowed: limit, before/],
    ];
    for (const [q, param, message] of cases) {
      const res = await get(`/api/crawls?${q}`);
      expect(res.status, q).toBe(400);
      const e = await errorBody(res);
      expect(e.param, q).toBe(param);
      expect(e.message, q).toMatch(message);
    }
  });

  test("parameterless routes refuse parameters; /api/runner/check refuses a repeated model", async () => {
    for (const p of ["/api/health", "/api/status", "/api/crawls/live", "/api/runner/results"]) {
      const res = await get(`${p}?x=1`);
      expect(res.status, p).toBe(400);
      expect(await errorBody(res)).toMatchObject({ param: "x", message: expect.stringMatching(/no parameters/) });
    }
    const twice = await get("/api/runner/check?model=a/b&model=c/d");
    expect(twice.status).toBe(400);
    expect(await errorBody(twice)).toMatchObject({ param: "model", message: expect.stringMatching(/more than once/) });
    const missing = await get("/api/runner/check");
    expect(missing.status).toBe(400);
    expect((await errorBody(missing)).param).toBe("model");
  });

  test("unknown and malformed API paths are a JSON 404, never Next's HTML page", async () => {
    for (const p of ["/api/%00", "/api/%00/x", "/api/trends%01", "/api/nope", "/api/models-x/y", "/api/crawls/none/x"]) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get("content-type"), p).toMatch(/application\/json/);
      expect((await errorBody(res)).message).toMatch(/no such API endpoint/);
    }
  });
});

describe("the admin gate and client addresses", () => {
  const crawlNow = (token: string, xff?: string) =>
    get("/api/crawls/now", { method: "POST", headers: { authorization: `Bearer ${token}`, ...(xff ? { "x-forwarded-for": xff } : {}) } });

  test("without TRUST_PROXY a forged X-Forwarded-For is ignored: failures count against the socket's address; the right token still passes", async () => {
    const statuses: number[] = [];
    const messages: string[] = [];
    for (let k = 0; k < 12; k++) {
      const res = await crawlNow("wrong-token-wrong-token", `10.9.8.${k}`);
      statuses.push(res.status);
      messages.push((await errorBody(res)).message); // every status has the API's one error shape
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(messages[0]).toBe("wrong token");
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(messages[10]).toMatch(/too many failed attempts from here; try again in \d+ s/);
    // Locked out for failures, but never for the right token: it reaches the scheduler check (none runs: 503).
    const right = await crawlNow(ADMIN, "10.9.8.1");
    expect(right.status).toBe(503);
    expect((await errorBody(right)).message).toMatch(/no scheduler is running/);
    // The body is validated (zod) with the API's 400 shape.
    const post = (body: string) => get("/api/crawls/now", { method: "POST", headers: { authorization: `Bearer ${ADMIN}` }, body });
    expect(await errorBody(await post('{"kind":"weekly"}'))).toEqual({ param: "kind", message: 'kind must be "full" or "incremental"' });
    expect(await errorBody(await post('{"kind":"full","force":true}'))).toMatchObject({ param: "force" });
    expect(await errorBody(await post("[1]"))).toMatchObject({ param: "body" });
    expect(await errorBody(await post("{nope"))).toMatchObject({ param: "body" });
    expect((await post('{"kind":"incremental"}')).status).toBe(503);
  }, T);
});

describe("behind a proxy (TRUST_PROXY=1), with a scheduler that cannot reach the Hub", () => {
  let proxied: NextServer;
  let scheduler: Proc;
  let db: string;
  beforeAll(async () => {
    db = path.join(tempDir("hf-trends-edges-"), "empty.db");
    openSqlite(db).close();
    // A port nobody listens on: the Hub is unreachable.
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    const env = { DATABASE_PATH: db, HF_ENDPOINT: `http://127.0.0.1:${closed}`, CRAWL_SCHEDULE: "15 0 * * *" };
    scheduler = startScheduler(env);
    proxied = await startNextServer({ ...env, ADMIN_TOKEN: ADMIN, TRUST_PROXY: "1" });
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    if (scheduler) await stop(scheduler);
    await proxied?.stop();
  });

  const crawlNow = (token: string, client: string) =>
    fetch(`${proxied.url}/api/crawls/now`, { method: "POST", headers: { authorization: `Bearer ${token}`, "x-forwarded-for": `6.6.6.6, ${client}` } });

  test("the address the proxy reports is the client: one client's failures do not lock out another, nor the right token", async () => {
    for (let k = 0; k < 10; k++) expect((await crawlNow("wrong-token-wrong-token", "192.0.2.1")).status).toBe(401);
    expect((await crawlNow("wrong-token-wrong-token", "192.0.2.1")).status).toBe(429);
    // Another client (the forged left-most entry is the same: it is not what counts).
    expect((await crawlNow("wrong-token-wrong-token", "192.0.2.2")).status).toBe(401);
    // The right token from the locked-out client is not refused for its failures (the Hub is down: 503).
    const right = await crawlNow(ADMIN, "192.0.2.1");
    expect(right.status).not.toBe(429);
    expect(right.status).not.toBe(401);
  }, T);

  test("the runner results limit counts per reported client", async () => {
    const post = (client: string) =>
      fetch(`${proxied.url}/api/runner/results`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": client },
        body: JSON.stringify({ model: "a/b", backend: "cpu", outcome: "ok", loadMs: 1, firstMs: 1 }),
      });
    const one: number[] = [];
    for (let k = 0; k < 31; k++) one.push((await post("198.51.100.1")).status);
    expect(one.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(one[30]).toBe(429);
    expect((await post("198.51.100.2")).status).toBe(201);
  }, T);

  test("/ says the Hub cannot be reached and suggests npm run demo; the dot is not green while /api/health is 503", async () => {
    await waitFor(() => readDb(db, (s) => (s.prepare("SELECT count(*) AS n FROM schedulers WHERE state = 'hub-unreachable'").get() as { n: number }).n > 0) === true, "the scheduler reports the Hub unreachable", 60_000, 200);
    const html = await (await fetch(`${proxied.url}/`)).text();
    expect(html).toMatch(/data-testid="hub-unreachable"[^>]*>The Hub at http:\/\/127\.0\.0\.1:\d+ cannot be reached/);
    expect(html).toContain("npm run demo");
    const health = await fetch(`${proxied.url}/api/health`);
    expect(health.status).toBe(503);
    const status = (await (await fetch(`${proxied.url}/api/status`)).json()) as { health: string; hubUnreachable: string | null };
    expect(status.health).toBe("no-data");
    expect(status.hubUnreachable).toMatch(/cannot be reached/);
    expect(html).toMatch(/class="dot none" data-health="no-data"/);
  }, 90_000);
});

describe("the header's dot agrees with /api/health", () => {
  test("green exactly when /api/health answers 200; red when it answers 503 stale", async () => {
    const setLastFull = (startedAt: number) => {
      const s = openSqlite(seeded, { migrate: false });
      s.prepare("UPDATE crawls SET started_at = ?, finished_at = ? WHERE id = (SELECT max(id) FROM crawls WHERE kind = 'full' AND status = 'completed')").run(startedAt, startedAt + 60_000);
      s.close();
    };
    setLastFull(Date.now() - 120_000);
    const ok = await get("/api/health");
    expect(ok.status).toBe(200);
    expect(await (await get("/crawls")).text()).toMatch(/class="dot" data-health="ok"/);
    setLastFull(Date.now() - 3 * 86_400_000);
    const stale = await get("/api/health");
    expect(stale.status).toBe(503);
    expect(((await stale.json()) as { status: string }).status).toBe("stale");
    expect(await (await get("/crawls")).text()).toMatch(/class="dot stale" data-health="stale"/);
  }, T);
});
