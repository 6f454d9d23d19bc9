/** The fake Hub's clock: the same Hub on later days is the same Hub grown, renamed and trimmed. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { listModels } from "@huggingface/hub";
import { startFakeHub, type FakeHub, type FakeModel } from "../../lib/fake-hub/server";
import { addDays } from "../../lib/fake-hub/clock";

const DAY0 = "2026-11-27";
let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub({ models: 5000, seed: 41, day: DAY0, rateLimit: false });
});
afterAll(() => hub.close());

const byOid = (ms: FakeModel[]) => new Map(ms.map((m) => [m._id, m]));

test("N models exist on the anchor day; later days add models at about the real Hub's rate", () => {
  hub.setDay(DAY0);
  expect(hub.state().created).toBe(5000);
  const t0 = hub.truth({ includePrivate: true });
  expect(t0.length).toBeLessThan(5000); // deletions are part of N
  expect(t0.length).toBeGreaterThan(4500);
  const perDay = hub.data.expectedNewPerDay(DAY0);
  // Real Hub late 2026: ~4,000 of ~3.3M models a day, i.e. ~0.12%/day.
  expect(perDay / 5000).toBeGreaterThan(0.0008);
  expect(perDay / 5000).toBeLessThan(0.0016);
  hub.advanceDays(30);
  expect(hub.day).toBe(addDays(DAY0, 30));
  const created = hub.state().created - 5000;
  expect(created).toBeGreaterThan(perDay * 30 * 0.8);
  expect(created).toBeLessThan(perDay * 30 * 1.25);
  const t1 = hub.truth({ includePrivate: true });
  expect(t1.filter((m) => m.index >= 5000).length).toBeGreaterThan(created * 0.85);
  hub.setDay(DAY0);
});

test("old models keep their _id and createdAt; downloadsAllTime and likes never go down", () => {
  hub.setDay(DAY0);
  const t0 = byOid(hub.truth({ includePrivate: true }));
  hub.advanceDays(45);
  const t1 = hub.truth({ includePrivate: true });
  let common = 0;
  for (const m of t1) {
    const old = t0.get(m._id);
    if (!old) continue;
    common++;
    expect(m.index).toBe(old.index);
    expect(m.createdAt).toBe(old.createdAt);
    expect(m.trueCreatedAt).toBe(old.trueCreatedAt);
    expect(m.downloadsAllTime).toBeGreaterThanOrEqual(old.downloadsAllTime);
    expect(m.likes).toBeGreaterThanOrEqual(old.likes);
    expect(Date.parse(m.lastModified)).toBeGreaterThanOrEqual(Date.parse(old.lastModified));
  }
  expect(common).toBeGreaterThan(4000);
  expect(t1.some((m) => (t0.get(m._id)?.downloadsAllTime ?? Infinity) < m.downloadsAllTime)).toBe(true);
  hub.setDay(DAY0);
});

test("downloads (30 days) == downloadsAllTime(day) - downloadsAllTime(day - 30), exactly", () => {
  const day = addDays(DAY0, 10);
  hub.setDay(addDays(day, -30));
  const before = byOid(hub.truth({ includePrivate: true }));
  hub.setDay(day);
  const now = hub.truth({ includePrivate: true });
  let nonZero = 0;
  for (const m of now) {
    const b = before.get(m._id)?.downloadsAllTime ?? 0;
    expect(m.downloads).toBe(m.downloadsAllTime - b);
    if (m.downloads > 0) nonZero++;
  }
  expect(nonZero).toBeGreaterThan(50);
  hub.setDay(DAY0);
});

test("some repos get renamed (same _id, new id) and a few deleted as days pass", () => {
  hub.setDay(DAY0);
  const t0 = hub.truth({ includePrivate: true });
  hub.advanceDays(60);
  const t1 = byOid(hub.truth({ includePrivate: true }));
  const renamed = t0.filter((m) => t1.has(m._id) && t1.get(m._id)?.id !== m.id);
  const deleted = t0.filter((m) => !t1.has(m._id));
  expect(renamed.length).toBeGreaterThanOrEqual(2);
  expect(deleted.length).toBeGreaterThanOrEqual(2);
  expect(deleted.length).toBeLessThan(t0.length * 0.02);
  for (const m of renamed) {
    const now = t1.get(m._id) as FakeModel;
    expect(now.previousIds).toContain(m.id);
    expect(now.id.split("/")[1]).toBe(m.id.split("/")[1]);
  }
  // The pinned renamed-soon repo (index 41) changes id 3 days after the anchor day.
  expect(renamed.map((m) => m.index)).toContain(41);
  hub.setDay(DAY0);
});

test("the client's listing follows the clock; an earlier day is a smaller Hub", async () => {
  hub.setDay(addDays(DAY0, 7));
  const got = [];
  for await (const m of listModels({ hubUrl: hub.url, sort: "createdAt" })) got.push(m.id);
  expect(got).toEqual(hub.truth().map((m) => m._id).reverse());
  hub.setDay("2025-06-01");
  const small = hub.truth();
  expect(small.length).toBeLessThan(5000 * 0.7);
  expect(small.every((m) => m.createdAt < "2025-06-02")).toBe(true);
  hub.setDay(DAY0);
});

test("admin routes drive the clock from outside the process", async () => {
  const advance = await fetch(`${hub.url}/__admin/day`, { method: "POST", body: JSON.stringify({ advance: 2 }) });
  expect(((await advance.json()) as { day: string }).day).toBe(addDays(DAY0, 2));
  const set = await fetch(`${hub.url}/__admin/day`, { method: "POST", body: JSON.stringify({ day: DAY0 }) });
  expect(((await set.json()) as { day: string }).day).toBe(DAY0);
  const bad = await fetch(`${hub.url}/__admin/day`, { method: "POST", body: JSON.stringify({ day: "2026-13-40" }) });
  expect(bad.status).toBe(400);
  const truth = (await (await fetch(`${hub.url}/__admin/truth`)).json()) as FakeModel[];
  expect(truth.map((m) => m._id)).toEqual(hub.truth().map((m) => m._id));
  const state = (await (await fetch(`${hub.url}/__admin/state`)).json()) as { day: string; models: number; seed: number };
  expect(state).toMatchObject({ day: DAY0, models: 5000, seed: 41 });
});
