/** The one rate limiter (lib/limiter.ts): sliding windows per key and in total, on a stepped clock. */
import { expect, test } from "vitest";
import { clientKey, Limiter, retryAfterSeconds } from "../../lib/limiter";

function clock(start = 10_000) {
  let t = start;
  return { now: () => t, step: (ms: number) => (t += ms) };
}

test("per key: N events in any window, then how long until the next; the window slides", () => {
  const c = clock();
  const l = new Limiter({ perKey: 2, windowMs: 60_000, now: c.now });
  expect(l.take("a")).toEqual({ ok: true });
  c.step(1_000);
  expect(l.take("a")).toEqual({ ok: true });
  c.step(1_000);
  expect(l.take("a")).toEqual({ ok: false, retryAfterMs: 58_000 });
  expect(l.take("b")).toEqual({ ok: true }); // another key is not affected
  c.step(58_000); // the first event falls out of the window
  expect(l.take("a")).toEqual({ ok: true });
  expect(l.take("a")).toEqual({ ok: false, retryAfterMs: 1_000 });
});

test("a refused event is not recorded: waiting the announced time is enough", () => {
  const c = clock();
  const l = new Limiter({ perKey: 1, windowMs: 1_000, now: c.now });
  expect(l.take("a").ok).toBe(true);
  for (let k = 0; k < 5; k++) {
    c.step(100);
    expect(l.take("a").ok).toBe(false);
  }
  c.step(500);
  expect(l.take("a").ok).toBe(true);
});

test("the total cap holds whatever keys are used (a forged address does not escape it)", () => {
  const c = clock();
  const l = new Limiter({ perKey: 3, total: 5, windowMs: 1_000, now: c.now });
  for (let k = 0; k < 3; k++) expect(l.take("a").ok).toBe(true);
  expect(l.take("a")).toEqual({ ok: false, retryAfterMs: 1_000 });
  expect(l.take("b").ok).toBe(true);
  expect(l.take("c").ok).toBe(true);
  expect(l.take("d").ok).toBe(false);
  c.step(1_000);
  expect(l.take("d").ok).toBe(true);
});

test("check() looks without recording", () => {
  const l = new Limiter({ perKey: 1, windowMs: 1_000, now: () => 0 });
  expect(l.check("a").ok).toBe(true);
  expect(l.check("a").ok).toBe(true);
  expect(l.take("a").ok).toBe(true);
  expect(l.check("a").ok).toBe(false);
});

test("Retry-After in whole seconds, at least 1; the client key is the first X-Forwarded-For address", () => {
  expect(retryAfterSeconds(1)).toBe(1);
  expect(retryAfterSeconds(1_001)).toBe(2);
  expect(clientKey(new Request("http://x/", { headers: { "x-forwarded-for": "10.0.0.1, 10.0.0.2" } }))).toBe("10.0.0.1");
  expect(clientKey(new Request("http://x/"))).toBe("unknown");
});
