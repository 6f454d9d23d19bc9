/** GET /api/models over raw HTTP: filters, sorts, the expand whitelist, shapes, Link headers, limits. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFakeHub, type FakeHub, type FakeModel } from "../../lib/fake-hub/server";
import { assertNoNulls, get, getAll, nextLink, TOKEN } from "../helpers/hub-pages";

let hub: FakeHub;
let truth: FakeModel[];
beforeAll(async () => {
  hub = await startFakeHub({ models: 2345, seed: 21, rateLimit: false });
  truth = hub.truth();
});
afterAll(() => hub.close());

const ids = (items: unknown[]) => (items as { id: string }[]).map((m) => m.id).sort();
const want = (f: (m: FakeModel) => boolean) => truth.filter(f).map((m) => m.id).sort();

function topAuthor(): string {
  const n = new Map<string, number>();
  for (const m of truth) n.set(m.author, (n.get(m.author) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

test("search is a case-insensitive substring of the repo id", async () => {
  for (const q of ["gguf", "QWEN", "Llama-3", "lab/"]) {
    const { items } = await getAll(`${hub.url}/api/models?search=${encodeURIComponent(q)}&limit=100`);
    const expected = want((m) => m.id.toLowerCase().includes(q.toLowerCase()));
    expect(expected.length, q).toBeGreaterThan(0);
    expect(ids(items), q).toEqual(expected);
  }
});

test("author is the exact namespace; pipeline_tag the exact task; filter tags are ANDed", async () => {
  const author = topAuthor();
  expect((await getAll(`${hub.url}/api/models?author=${encodeURIComponent(author)}`)).items.length).toBe(want((m) => m.author === author).length);
  expect(ids((await getAll(`${hub.url}/api/models?author=${encodeURIComponent(author)}`)).items)).toEqual(want((m) => m.author === author));
  expect(ids((await getAll(`${hub.url}/api/models?author=${encodeURIComponent(author.slice(0, -1))}`)).items)).toEqual([]);

  const task = (await getAll(`${hub.url}/api/models?pipeline_tag=text-classification`)).items;
  expect(ids(task)).toEqual(want((m) => m.pipeline_tag === "text-classification"));

  const both = (await getAll(`${hub.url}/api/models?filter=safetensors&filter=text-generation&limit=50`)).items;
  const expected = want((m) => m.tags.includes("safetensors") && m.tags.includes("text-generation"));
  expect(expected.length).toBeGreaterThan(50);
  expect(ids(both)).toEqual(expected);
  const three = (await getAll(`${hub.url}/api/models?filter=gguf&filter=text-generation&filter=region:us`)).items;
  expect(ids(three)).toEqual(want((m) => ["gguf", "text-generation", "region:us"].every((t) => m.tags.includes(t))));
});

test("combinations of search, author, task, tags, gated; legacy params are ignored", async () => {
  const author = topAuthor();
  const url = `${hub.url}/api/models?author=${encodeURIComponent(author)}&pipeline_tag=text-generation&filter=safetensors&search=-&direction=-1&library=timm&language=fr&full=false`;
  expect(ids((await getAll(url)).items)).toEqual(
    want((m) => m.author === author && m.pipeline_tag === "text-generation" && m.tags.includes("safetensors") && m.id.includes("-")),
  );
  expect(ids((await getAll(`${hub.url}/api/models?gated=true`)).items)).toEqual(want((m) => m.gated !== false));
  expect(ids((await getAll(`${hub.url}/api/models?filter=tfjs&search=tfjs`)).items)).toEqual(
    want((m) => m.tags.includes("tfjs") && m.id.toLowerCase().includes("tfjs")),
  );
});

test("every sort is descending with ties broken on _id, across pages", async () => {
  const cases: [string, (m: FakeModel) => number | string][] = [
    ["downloads", (m) => m.downloads],
    ["likes", (m) => m.likes],
    ["trendingScore", (m) => m.trendingScore],
    ["lastModified", (m) => Date.parse(m.lastModified)],
  ];
  for (const [sort, key] of cases) {
    const { items, pages } = await getAll(`${hub.url}/api/models?sort=${sort}&limit=400&expand=downloads`);
    expect(pages.length, sort).toBe(Math.ceil(truth.length / 400));
    const expected = [...truth].sort((a, b) => (key(b) as number) - (key(a) as number) || (a._id < b._id ? -1 : 1)).map((m) => m._id);
    expect((items as { _id: string }[]).map((m) => m._id), sort).toEqual(expected);
  }
  const byId = (await getAll(`${hub.url}/api/models?sort=id&limit=700`)).items as { id: string }[];
  expect(byId.map((m) => m.id)).toEqual(truth.map((m) => m.id).sort().reverse());
  const created = (await getAll(`${hub.url}/api/models?sort=createdAt&limit=1000`)).items as { _id: string }[];
  expect(created.map((m) => m._id)).toEqual(truth.map((m) => m._id).reverse());
  const filteredCreated = (await getAll(`${hub.url}/api/models?sort=createdAt&filter=pytorch&limit=100`)).items as { _id: string }[];
  expect(filteredCreated.map((m) => m._id)).toEqual(truth.filter((m) => m.tags.includes("pytorch")).map((m) => m._id).reverse());
});

test("the default item shape is exactly _id,id,likes,trendingScore,private,downloads,tags,pipeline_tag?,library_name?,createdAt,modelId", async () => {
  const { items } = await getAll(`${hub.url}/api/models?limit=1000`);
  const byOid = new Map(truth.map((m) => [m._id, m]));
  for (const it of items) {
    const m = byOid.get(it._id as string) as FakeModel;
    const keys = ["_id", "id", "likes", "trendingScore", "private", "downloads", "tags"];
    if (m.pipeline_tag !== undefined) keys.push("pipeline_tag");
    if (m.library_name !== undefined) keys.push("library_name");
    keys.push("createdAt", "modelId");
    expect(Object.keys(it)).toEqual(keys);
    expect(it.modelId).toBe(it.id);
    expect(it.createdAt).toBe(m.createdAt);
    expect(it.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  }
  assertNoNulls(items);
  expect(items.some((it) => !("pipeline_tag" in it))).toBe(true);
  expect(items.some((it) => !("library_name" in it))).toBe(true);
});

test("expand is a whitelist: only _id, id and the requested keys; all spellings; no nulls", async () => {
  const url = `${hub.url}/api/models?limit=200&expand=downloadsAllTime&expand[]=pipeline_tag&expand%5B%5D=siblings&expand=gated&expand=sha&expand=author&expand=lastModified&expand=cardData&expand=config&expand=safetensors`;
  const { items } = await getAll(url);
  expect(items.length).toBe(truth.length);
  const allowed = new Set(["_id", "id", "downloadsAllTime", "pipeline_tag", "siblings", "gated", "sha", "author", "lastModified", "cardData", "config", "safetensors"]);
  const byOid = new Map(truth.map((m) => [m._id, m]));
  for (const it of items) {
    for (const k of Object.keys(it)) expect(allowed.has(k), k).toBe(true);
    const m = byOid.get(it._id as string) as FakeModel;
    expect(it.downloadsAllTime).toBe(m.downloadsAllTime);
    expect(it.gated).toBe(m.gated);
    expect(it.sha).toBe(m.sha);
    expect(it.author).toBe(m.author);
    expect(it.lastModified).toBe(m.lastModified);
    expect((it.siblings as { rfilename: string }[]).map((s) => Object.keys(s).join())).toEqual(m.siblings.map(() => "rfilename"));
    expect((it.siblings as { rfilename: string }[]).map((s) => s.rfilename)).toEqual(m.siblings);
    expect("modelId" in it || "likes" in it || "downloads" in it || "tags" in it).toBe(false);
  }
  assertNoNulls(items);
  const one = (await get(`${hub.url}/api/models?limit=5&expand=likes`)).body as Record<string, unknown>[];
  for (const it of one) expect(Object.keys(it)).toEqual(["_id", "id", "likes"]);
});

test("unknown and model-info-only expand keys are rejected with 400 {error}", async () => {
  for (const key of ["foo", "baseModels", "childrenModelCount", "usedStorage"]) {
    const r = await get(`${hub.url}/api/models?expand=likes&expand=${key}`);
    expect(r.status, key).toBe(400);
    expect(typeof (r.body as { error: unknown }).error).toBe("string");
  }
  expect((await get(`${hub.url}/api/models?expand[]=nope`)).status).toBe(400);
  expect((await get(`${hub.url}/api/models?sort=bogus`)).status).toBe(400);
  expect((await get(`${hub.url}/api/models?limit=-3`)).status).toBe(400);
  expect((await get(`${hub.url}/api/models?cursor=`)).status).toBe(400);
  expect((await get(`${hub.url}/api/models?sort=createdAt&cursor=bm90LWEtY3Vyc29y`)).status).toBe(400);
});

test("Link: absolute URL, '; rel=\"next\"', keeps limit, filters and every expand; none on the last page", async () => {
  const q = "limit=700&sort=createdAt&filter=region%3Aus&expand=likes&expand%5B%5D=tags&expand=downloadsAllTime";
  const first = await get(`${hub.url}/api/models?${q}`);
  const link = first.headers.get("link") as string;
  expect(link).toMatch(new RegExp(`^<${hub.url.replace(/\./g, "\\.")}/api/models\\?[^>]+>; rel="next"$`));
  const next = nextLink(first.headers) as string;
  expect(next.startsWith(`${hub.url}/api/models?${q}&cursor=`)).toBe(true);
  const cursor = new URL(next).searchParams.get("cursor") as string;
  const last = (first.body as { _id: string }[]).at(-1)?._id;
  expect(JSON.parse(Buffer.from(cursor, "base64").toString())).toEqual({ _id: { $lt: last } });
  const { pages } = await getAll(`${hub.url}/api/models?${q}`);
  expect(pages.length).toBeGreaterThan(1);
  expect(pages.at(-1)?.headers.get("link")).toBeNull();
  for (const p of pages) for (const it of p.body as Record<string, unknown>[]) expect(Object.keys(it).sort()).toEqual(["_id", "downloadsAllTime", "id", "likes", "tags"]);

  // Default sort: the next link spells sort=trendingScore, like the real Hub.
  const dflt = await get(`${hub.url}/api/models?limit=10`);
  expect(nextLink(dflt.headers)).toMatch(/\/api\/models\?limit=10&sort=trendingScore&cursor=/);
  // A numeric-sort cursor is the real Hub's keyset shape.
  const likes = await get(`${hub.url}/api/models?limit=10&sort=likes`);
  const c = JSON.parse(Buffer.from(new URL(nextLink(likes.headers) as string).searchParams.get("cursor") as string, "base64").toString());
  expect(Object.keys(c)).toEqual(["$or"]);
});

test("limit is clamped to 1000; without limit the page size is 1000", async () => {
  const big = await get(`${hub.url}/api/models?limit=5000`);
  expect((big.body as unknown[]).length).toBe(1000);
  expect(nextLink(big.headers)).toContain("limit=5000");
  const dflt = await get(`${hub.url}/api/models`);
  expect((dflt.body as unknown[]).length).toBe(1000);
});

test("full=true and config/cardData legacy flags add their fields", async () => {
  const r = await get(`${hub.url}/api/models?limit=50&full=true&config=true&cardData=True`);
  expect(r.status).toBe(200);
  for (const it of r.body as Record<string, unknown>[]) {
    for (const k of ["author", "sha", "lastModified", "gated", "disabled", "siblings", "modelId"]) expect(k in it, k).toBe(true);
  }
  assertNoNulls(r.body);
});

test("with a token, private repos appear in raw listings too", async () => {
  const anon = (await getAll(`${hub.url}/api/models?sort=createdAt`)).items as { private: boolean }[];
  const auth = (await getAll(`${hub.url}/api/models?sort=createdAt`, { headers: { Authorization: `Bearer ${TOKEN}` } })).items as { private: boolean }[];
  expect(anon.every((m) => m.private === false)).toBe(true);
  expect(auth.length).toBe(hub.truth({ includePrivate: true }).length);
  expect(auth.filter((m) => m.private).length).toBeGreaterThan(0);
});
