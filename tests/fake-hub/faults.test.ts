/** Every fault knob produces its fault on a real socket, deterministically by request number. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { request } from "node:http";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { encodeId, get } from "../helpers/hub-pages";

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub({ models: 300, seed: 61, rateLimit: false });
});
afterAll(() => hub.close());

/** A raw GET on a fresh connection: what arrived, and how it ended. */
function rawGet(url: string, timeoutMs = 3000): Promise<{ status?: number; declared?: number; received: number; outcome: string }> {
  return new Promise((resolve) => {
    let status: number | undefined;
    let declared: number | undefined;
    let received = 0;
    let done = false;
    const finish = (outcome: string) => {
      if (!done) {
        done = true;
        resolve({ status, declared, received, outcome });
      }
    };
    const req = request(url, { agent: false }, (res) => {
      status = res.statusCode;
      declared = Number(res.headers["content-length"]);
      res.on("data", (c: Buffer) => (received += c.length));
      res.on("end", () => finish(received === declared ? "complete" : "short"));
      res.on("aborted", () => finish("aborted"));
      res.on("error", (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    });
    req.on("error", (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    req.setTimeout(timeoutMs, () => {
      finish("timeout");
      req.destroy();
    });
    req.end();
  });
}

const LIST = () => `${hub.url}/api/models?limit=50&sort=createdAt`;

test("errorRate: 5xx JSON errors, deterministic by request number", async () => {
  hub.setFaults({ errorRate: 1 });
  hub.resetStats();
  for (let k = 0; k < 8; k++) {
    const r = await get(LIST());
    expect([500, 502, 503, 504]).toContain(r.status);
    expect(typeof (r.body as { error: unknown }).error).toBe("string");
  }
  expect(hub.stats().faultsInjected.error).toBe(8);
  expect((await fetch(`${hub.url}/__admin/stats`)).status).toBe(200);

  const run = async () => {
    hub.setFaults({ errorRate: 0.3, seed: 7 });
    const out: number[] = [];
    for (let k = 0; k < 30; k++) out.push((await get(LIST())).status);
    return out;
  };
  const a = await run();
  const b = await run();
  expect(a).toEqual(b);
  expect(a.filter((s) => s !== 200).length).toBeGreaterThan(2);
  expect(a.filter((s) => s === 200).length).toBeGreaterThan(10);
  hub.setFaults({});
});

test("storm429: every K-th request starts M consecutive 429s with Retry-After in (decimal) seconds", async () => {
  hub.setFaults({ storm429: { every: 5, length: 2, retryAfterMs: 250 } });
  const statuses: number[] = [];
  for (let k = 1; k <= 12; k++) {
    const r = await get(LIST());
    statuses.push(r.status);
    if (r.status === 429) {
      expect(r.headers.get("retry-after")).toBe("0.25");
      expect(r.headers.get("ratelimit")).toBe('"api";r=0;t=0.25');
    }
  }
  expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 200, 200, 200, 429, 429, 200]);
  expect(hub.stats().faultsInjected.storm429).toBeGreaterThanOrEqual(4);
  hub.setFaults({});
});

test("slowPageMs: the response waits (delay) or trickles in pieces, and still arrives whole", async () => {
  hub.setFaults({ slowPageMs: 300 });
  let t = performance.now();
  const slow = await get(LIST());
  expect(slow.status).toBe(200);
  expect(performance.now() - t).toBeGreaterThanOrEqual(250);
  hub.setFaults({ slowPageMs: 300, slowMode: "trickle" });
  t = performance.now();
  const trickled = await rawGet(LIST());
  expect(trickled.outcome).toBe("complete");
  expect(performance.now() - t).toBeGreaterThanOrEqual(250);
  hub.setFaults({ slowPageMs: 300, slowRate: 0 });
  expect((await get(LIST())).status).toBe(200);
  hub.setFaults({});
});

test("truncateRate: full Content-Length, part of the body, then the socket dies", async () => {
  hub.setFaults({ truncateRate: 1 });
  const raw = await rawGet(LIST());
  expect(raw.status).toBe(200);
  expect(raw.received).toBeLessThan(raw.declared as number);
  expect(raw.outcome).not.toBe("complete");
  await expect(fetch(LIST()).then((r) => r.text())).rejects.toThrow();
  expect(hub.stats().faultsInjected.truncate).toBeGreaterThanOrEqual(2);
  hub.setFaults({});
});

test("resetRate: the connection is reset before any response byte", async () => {
  hub.setFaults({ resetRate: 1 });
  const raw = await rawGet(LIST());
  expect(raw.status).toBeUndefined();
  expect(raw.outcome).toBe("ECONNRESET");
  await expect(fetch(LIST())).rejects.toThrow();
  hub.setFaults({});
  expect((await get(LIST())).status).toBe(200);
});

test("hangRate: the request is accepted and never answered, so clients must time out", async () => {
  hub.setFaults({ hangRate: 1 });
  const err = await fetch(LIST(), { signal: AbortSignal.timeout(300) }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err?.name).toBe("TimeoutError");
  expect((await rawGet(LIST(), 300)).outcome).toBe("timeout");
  expect(hub.stats().faultsInjected.hang).toBeGreaterThanOrEqual(2);
  hub.setFaults({});
});

test("faults skip /resolve/ unless includeResolve; admin /__admin/faults sets them out of process", async () => {
  const m = hub.truth()[0];
  const file = `${hub.url}/${encodeId(m.id)}/resolve/main/.gitattributes`;
  hub.setFaults({ errorRate: 1 });
  expect((await get(file)).status).toBe(200);
  hub.setFaults({ errorRate: 1, includeResolve: true });
  expect((await get(file)).status).toBeGreaterThanOrEqual(500);
  const set = await fetch(`${hub.url}/__admin/faults`, { method: "POST", body: JSON.stringify({ errorRate: 1, errorStatuses: [503] }) });
  expect(set.status).toBe(200);
  expect((await get(LIST())).status).toBe(503);
  expect((await fetch(`${hub.url}/__admin/faults`, { method: "POST", body: JSON.stringify({ errorRate: 2 }) })).status).toBe(400);
  await fetch(`${hub.url}/__admin/faults`, { method: "POST", body: "{}" });
  expect((await get(LIST())).status).toBe(200);
});
