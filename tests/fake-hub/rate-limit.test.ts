/** Fixed-window rate limits with the real Hub's headers, in milliseconds for tests. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFakeHub, type FakeHub, type FakeModel } from "../../lib/fake-hub/server";
import { encodeId, get, TOKEN } from "../helpers/hub-pages";

let hub: FakeHub;
let someModel: FakeModel;
// The limiter's clock is stepped by the tests: no assertion depends on how fast this machine is.
let clockMs = Date.parse("2026-11-27T12:00:00Z");
const step = (ms: number) => (clockMs += ms);
beforeAll(async () => {
  hub = await startFakeHub({ models: 300, seed: 51, rateLimitClock: () => clockMs });
  someModel = hub.truth()[10];
});
afterAll(() => hub.close());


test("every /api response carries RateLimit and RateLimit-Policy (real defaults: 500 / 300 s)", async () => {
  hub.setRateLimit({ quota: 500, windowMs: 300_000 });
  const urls = [
    `${hub.url}/api/models?limit=2`,
    `${hub.url}/api/models?expand=bogus`,
    `${hub.url}/api/models/nobody/nothing`,
    `${hub.url}/api/models/${encodeId(someModel.id)}/commits/main`,
    `${hub.url}/api/models/${encodeId(someModel.id)}/tree/main`,
  ];
  let last = 500;
  for (const u of urls) {
    const r = await get(u);
    const m = /^"api";r=(\d+);t=(\d+)$/.exec(r.headers.get("ratelimit") ?? "");
    expect(m, `${u} -> ${r.headers.get("ratelimit")}`).not.toBeNull();
    expect(Number(m?.[1])).toBe(last - 1);
    last = Number(m?.[1]);
    expect(Number(m?.[2])).toBeGreaterThan(0);
    expect(Number(m?.[2])).toBeLessThanOrEqual(300);
    expect(r.headers.get("ratelimit-policy")).toBe('"fixed window";"api";q=500;w=300');
  }
  const withToken = await get(`${hub.url}/api/models?limit=1`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(withToken.headers.get("ratelimit-policy")).toBe('"fixed window";"api";q=1000;w=300');
});

test("429 with r=0 and Retry-After once the quota is spent; a new window starts after windowMs", async () => {
  hub.setRateLimit({ quota: 5, windowMs: 600 });
  hub.resetStats();
  const seen: string[] = [];
  for (let k = 0; k < 5; k++) {
    const r = await get(`${hub.url}/api/models?limit=1`);
    expect(r.status).toBe(200);
    seen.push(r.headers.get("ratelimit") ?? "");
    step(50);
  }
  expect(seen.map((h) => /r=(\d+)/.exec(h)?.[1])).toEqual(["4", "3", "2", "1", "0"]);
  // Sub-second windows are written in decimal seconds.
  expect(seen[0]).toMatch(/^"api";r=4;t=0\.\d+$/);
  const limited = await get(`${hub.url}/api/models?limit=1`);
  expect(limited.status).toBe(429);
  expect(typeof (limited.body as { error: unknown }).error).toBe("string");
  expect(limited.headers.get("ratelimit")).toMatch(/^"api";r=0;t=0\.\d+$/);
  expect(limited.headers.get("ratelimit-policy")).toBe('"fixed window";"api";q=5;w=0.6');
  const retry = Number(limited.headers.get("retry-after"));
  expect(retry).toBe(0.35); // 600 ms window, 5 x 50 ms spent
  expect(limited.headers.get("ratelimit")).toBe('"api";r=0;t=0.35');
  expect(hub.stats().rateLimited).toBe(1);
  // Admin routes are never limited.
  for (let k = 0; k < 10; k++) expect((await fetch(`${hub.url}/__admin/state`)).status).toBe(200);
  step(retry * 1000);
  const again = await get(`${hub.url}/api/models?limit=1`);
  expect(again.status).toBe(200);
  expect(again.headers.get("ratelimit")).toMatch(/^"api";r=4;/);
});

test("tokens get their own (larger) quota; windows of 1 s and more use integer seconds", async () => {
  hub.setRateLimit({ quota: 2, windowMs: 60_000, tokenQuota: 4 });
  for (let k = 0; k < 2; k++) expect((await get(`${hub.url}/api/models?limit=1`)).status).toBe(200);
  const anon = await get(`${hub.url}/api/models?limit=1`);
  expect(anon.status).toBe(429);
  expect(anon.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(Number(anon.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };
  for (let k = 0; k < 4; k++) expect((await get(`${hub.url}/api/models?limit=1`, auth)).status).toBe(200);
  expect((await get(`${hub.url}/api/models?limit=1`, auth)).status).toBe(429);
});

test("file downloads use the separate \"resolvers\" bucket", async () => {
  hub.setRateLimit({ quota: 1, windowMs: 60_000, resolverQuota: 3 });
  expect((await get(`${hub.url}/api/models?limit=1`)).status).toBe(200);
  expect((await get(`${hub.url}/api/models?limit=1`)).status).toBe(429);
  const file = `${hub.url}/${encodeId(someModel.id)}/resolve/main/.gitattributes`;
  for (let k = 0; k < 3; k++) {
    const r = await get(file);
    expect(r.status).toBe(200);
    expect(r.headers.get("ratelimit")).toMatch(/^"resolvers";r=\d+;t=\d+$/);
    expect(r.headers.get("ratelimit-policy")).toBe('"fixed window";"resolvers";q=3;w=60');
  }
  expect((await get(file)).status).toBe(429);
});

test("rate limits can be changed and switched off over the admin API", async () => {
  const set = await fetch(`${hub.url}/__admin/rate-limit`, { method: "POST", body: JSON.stringify({ quota: 1, windowMs: 250 }) });
  expect(set.status).toBe(200);
  expect((await get(`${hub.url}/api/models?limit=1`)).status).toBe(200);
  expect((await get(`${hub.url}/api/models?limit=1`)).status).toBe(429);
  await fetch(`${hub.url}/__admin/rate-limit`, { method: "POST", body: JSON.stringify({ enabled: false }) });
  const free = await get(`${hub.url}/api/models?limit=1`);
  expect(free.status).toBe(200);
  expect(free.headers.get("ratelimit")).toBeNull();
  expect((await fetch(`${hub.url}/__admin/rate-limit`, { method: "POST", body: "{}" })).status).toBe(400);
});
