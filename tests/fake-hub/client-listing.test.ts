/** The unmodified @huggingface/hub client pages through the fake Hub and sees exactly the ground truth. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { listModels } from "@huggingface/hub";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { TOKEN } from "../helpers/hub-pages";

let hub: FakeHub;
beforeAll(async () => {
  // Real default quotas (500 anonymous requests / 300 s): a full listing here is a handful of requests.
  hub = await startFakeHub({ models: 2345, seed: 11 });
});
afterAll(() => hub.close());

const FIELDS = ["createdAt", "tags", "library_name", "downloadsAllTime"] as const;

test("listModels (its own 500/page, default sort) yields exactly truth(), over several pages", async () => {
  hub.resetStats();
  const got = [];
  for await (const m of listModels({ hubUrl: hub.url, additionalFields: [...FIELDS] })) got.push(m);
  const truth = hub.truth();
  expect(truth.length).toBeGreaterThan(2000);
  expect(got.map((m) => m.name).sort()).toEqual(truth.map((t) => t.id).sort());
  expect(new Set(got.map((m) => m.id)).size).toBe(got.length);
  expect(hub.stats().byRoute["models.list"]).toBe(Math.ceil(truth.length / 500));

  const byOid = new Map(truth.map((t) => [t._id, t]));
  for (const m of got) {
    const t = byOid.get(m.id);
    expect(t, m.name).toBeDefined();
    if (!t) continue;
    expect(m.name).toBe(t.id);
    expect(m.createdAt).toBe(t.createdAt);
    expect(m.tags).toEqual(t.tags);
    expect(m.library_name).toBe(t.library_name);
    expect(m.downloadsAllTime).toBe(t.downloadsAllTime);
    expect(m.downloads).toBe(t.downloads);
    expect(m.likes).toBe(t.likes);
    expect(m.gated).toBe(t.gated);
    expect(m.private).toBe(false);
    expect(m.task).toBe(t.pipeline_tag);
    expect(m.updatedAt.toISOString()).toBe(t.lastModified);
  }
  // Default order: trendingScore descending, ties on ascending _id.
  for (let k = 1; k < got.length; k++) {
    const a = byOid.get(got[k - 1].id);
    const b = byOid.get(got[k].id);
    if (!a || !b) continue;
    expect(a.trendingScore > b.trendingScore || (a.trendingScore === b.trendingScore && a._id < b._id)).toBe(true);
  }
});

test("sort: createdAt yields every model, newest _id first", async () => {
  const got = [];
  for await (const m of listModels({ hubUrl: hub.url, sort: "createdAt", additionalFields: ["createdAt"] })) got.push(m);
  const truth = hub.truth();
  expect(got.map((m) => m.id)).toEqual(truth.map((t) => t._id).reverse());
  for (let k = 1; k < got.length; k++) expect(got[k - 1].createdAt >= got[k].createdAt).toBe(true);
});

test("private repos are listed with a token and never without", async () => {
  const anon = new Set<string>();
  for await (const m of listModels({ hubUrl: hub.url })) anon.add(m.name);
  const withToken: { name: string; private: boolean }[] = [];
  for await (const m of listModels({ hubUrl: hub.url, accessToken: TOKEN })) withToken.push(m);

  const all = hub.truth({ includePrivate: true });
  const priv = all.filter((m) => m.private);
  expect(priv.length).toBeGreaterThan(5);
  for (const p of priv) expect(anon.has(p.id)).toBe(false);
  expect(withToken.map((m) => m.name).sort()).toEqual(all.map((m) => m.id).sort());
  expect(withToken.filter((m) => m.private).length).toBe(priv.length);
});

test("the client's limit caps the total (page size min(limit, 500))", async () => {
  hub.resetStats();
  const few = [];
  for await (const m of listModels({ hubUrl: hub.url, limit: 30 })) few.push(m);
  expect(few.length).toBe(30);
  expect(hub.stats().byRoute["models.list"]).toBe(1);

  const more = [];
  for await (const m of listModels({ hubUrl: hub.url, limit: 1234, sort: "createdAt" })) more.push(m);
  expect(more.length).toBe(1234);
  expect(new Set(more.map((m) => m.id)).size).toBe(1234);
  expect(more.map((m) => m.id)).toEqual(hub.truth().map((t) => t._id).reverse().slice(0, 1234));
});

test("search, owner, task and tags go through the client as the Hub filters them", async () => {
  const truth = hub.truth();
  const got = [];
  for await (const m of listModels({ hubUrl: hub.url, search: { task: "text-generation", tags: ["gguf"] }, additionalFields: ["tags"] })) got.push(m);
  const want = truth.filter((t) => t.pipeline_tag === "text-generation" && t.tags.includes("gguf"));
  expect(want.length).toBeGreaterThan(10);
  expect(got.map((m) => m.name).sort()).toEqual(want.map((t) => t.id).sort());
});
