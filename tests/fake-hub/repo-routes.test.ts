/** Single-repo routes through the real client: modelInfo, listFiles, listCommits, countCommits, errors, hostile ids, renames. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { countCommits, listCommits, listFiles, listModels, modelInfo, HubApiError } from "@huggingface/hub";
import { startFakeHub, type FakeHub, type FakeModel } from "../../lib/fake-hub/server";
import { LEGACY_FLOOR_MS } from "../../lib/fake-hub/clock";
import { assertNoNulls, encodeId, get, getAll, nextLink, TOKEN } from "../helpers/hub-pages";

let hub: FakeHub;
let truth: FakeModel[];
beforeAll(async () => {
  hub = await startFakeHub({ models: 2345, seed: 31, rateLimit: false });
  truth = hub.truth();
});
afterAll(() => hub.close());

const byIndex = (i: number) => truth.find((m) => m.index === i) as FakeModel;

async function errorOf(p: Promise<unknown>): Promise<HubApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HubApiError) return e;
    throw e;
  }
  throw new Error("expected a HubApiError");
}

test("modelInfo returns the truth's fields (HEAD revision, additional fields, siblings)", async () => {
  for (const m of [truth[5], truth[500], truth[truth.length - 1], byIndex(61)]) {
    const info = await modelInfo({ hubUrl: hub.url, name: m.id, additionalFields: ["createdAt", "tags", "sha", "library_name", "author", "filePaths"] });
    expect(info.id).toBe(m._id);
    expect(info.name).toBe(m.id);
    expect(info.createdAt).toBe(m.createdAt);
    expect(info.tags).toEqual(m.tags);
    expect(info.sha).toBe(m.sha);
    expect(info.author).toBe(m.author);
    expect(info.filePaths).toEqual(m.siblings);
    expect(info.downloads).toBe(m.downloads);
    expect(info.updatedAt.toISOString()).toBe(m.lastModified);
  }
});

test("single-model default shape, blobs=true, revisions by main / HEAD / sha, info-only expand keys", async () => {
  const m = truth.find((x) => x.index > 100 && x.siblings.some((f) => f.endsWith(".safetensors"))) as FakeModel;
  const base = `${hub.url}/api/models/${encodeId(m.id)}`;
  const plain = await get(base);
  expect(plain.status).toBe(200);
  const body = plain.body as Record<string, unknown>;
  for (const k of ["_id", "id", "private", "tags", "downloads", "likes", "modelId", "author", "sha", "lastModified", "gated", "disabled", "siblings", "spaces", "createdAt"]) expect(k in body, k).toBe(true);
  assertNoNulls(body);
  const blobs = (await get(`${base}?blobs=true`)).body as { siblings: { rfilename: string; size: number; blobId: string; lfs?: unknown }[] };
  expect(blobs.siblings.map((s) => s.rfilename)).toEqual(m.siblings);
  for (const s of blobs.siblings) {
    expect(Number.isInteger(s.size)).toBe(true);
    expect(s.blobId).toMatch(/^[0-9a-f]{40}$/);
  }
  expect(blobs.siblings.some((s) => s.lfs)).toBe(true);
  for (const rev of ["main", "HEAD", m.sha, m.sha.slice(0, 10)]) expect((await get(`${base}/revision/${rev}?expand=sha`)).status, rev).toBe(200);
  const info = await get(`${base}?expand=usedStorage&expand=childrenModelCount&expand=baseModels`);
  expect(info.status).toBe(200);
  expect(Object.keys(info.body as object)).toContain("usedStorage");
  expect((await get(`${base}?expand=nope`)).status).toBe(400);
});

test("unknown repos: 401 anonymous / 404 with a token, X-Error-Code RepoNotFound; unknown revision: RevisionNotFound", async () => {
  const anon = await get(`${hub.url}/api/models/nobody/nothing-here`);
  expect(anon.status).toBe(401);
  expect(anon.headers.get("x-error-code")).toBe("RepoNotFound");
  expect(anon.body).toEqual({ error: "Repository not found" });
  const auth = await get(`${hub.url}/api/models/nobody/nothing-here/revision/main`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(auth.status).toBe(404);
  expect(auth.headers.get("x-error-code")).toBe("RepoNotFound");
  const err = await errorOf(modelInfo({ hubUrl: hub.url, name: "nobody/nothing-here" }));
  expect(err.statusCode).toBe(401);

  const m = truth[3];
  const rev = await get(`${hub.url}/api/models/${encodeId(m.id)}/revision/deadbeefdeadbeef`);
  expect(rev.status).toBe(404);
  expect(rev.headers.get("x-error-code")).toBe("RevisionNotFound");
  expect((await errorOf(modelInfo({ hubUrl: hub.url, name: m.id, revision: "no-such-branch" }))).statusCode).toBe(404);
  expect((await get(`${hub.url}/api/models/${encodeId(m.id)}/commits/nope`)).headers.get("x-error-code")).toBe("RevisionNotFound");
});

test("private repos: RepoNotFound anonymously, served with a token; bad tokens get 401 Invalid credentials", async () => {
  const priv = hub.truth({ includePrivate: true }).find((m) => m.private) as FakeModel;
  const anon = await get(`${hub.url}/api/models/${encodeId(priv.id)}`);
  expect(anon.status).toBe(401);
  expect(anon.headers.get("x-error-code")).toBe("RepoNotFound");
  const info = await modelInfo({ hubUrl: hub.url, name: priv.id, accessToken: TOKEN });
  expect(info.private).toBe(true);
  const bad = await get(`${hub.url}/api/models?limit=1`, { headers: { Authorization: "Bearer not-a-token" } });
  expect(bad.status).toBe(401);
  expect(bad.headers.get("x-error-message")).toBe("Invalid credentials in Authorization header");
  expect((await get(`${hub.url}/api/whoami-v2`)).status).toBe(401);
  const me = await get(`${hub.url}/api/whoami-v2`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect((me.body as { name: string }).name).toBe("fake-hub-user");
});

test("listFiles: recursive and not, sub-folders, %2F-encoded paths, EntryNotFound, Link paging", async () => {
  const m = byIndex(61); // TF.js repo with its files under web_model/
  const all = [];
  for await (const f of listFiles({ hubUrl: hub.url, repo: m.id, recursive: true })) all.push(f);
  expect(all.filter((f) => f.type === "file").map((f) => f.path)).toEqual(m.siblings);
  expect(all.find((f) => f.path === "web_model")?.type).toBe("directory");
  const top = [];
  for await (const f of listFiles({ hubUrl: hub.url, repo: m.id })) top.push(f.path);
  expect(top).toContain("web_model");
  expect(top.every((p) => !p.includes("/"))).toBe(true);
  const sub = [];
  for await (const f of listFiles({ hubUrl: hub.url, repo: m.id, path: "web_model" })) sub.push(f.path);
  expect(sub).toEqual(m.siblings.filter((p) => p.startsWith("web_model/")));
  const encoded = await get(`${hub.url}/api/models/${encodeId(m.id)}/tree/main/web_model%2F?recursive=True`);
  expect((encoded.body as { path: string }[]).map((e) => e.path)).toEqual(sub);
  for (const e of all) {
    if (e.type === "file") expect(e.oid).toMatch(/^[0-9a-f]{40}$/);
    if (e.lfs) expect(e.lfs.oid).toMatch(/^[0-9a-f]{64}$/);
  }

  const missing = await get(`${hub.url}/api/models/${encodeId(m.id)}/tree/main/no-such-dir`);
  expect(missing.status).toBe(404);
  expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
  expect((await errorOf((async () => { for await (const f of listFiles({ hubUrl: hub.url, repo: m.id, path: "nope" })) void f; })())).statusCode).toBe(404);

  const paged = await getAll(`${hub.url}/api/models/${encodeId(m.id)}/tree/main?recursive=true&limit=2`);
  expect(paged.pages.length).toBeGreaterThan(1);
  expect((paged.items as { path: string }[]).map((e) => e.path)).toEqual(all.map((f) => f.path));
  const expanded = await get(`${hub.url}/api/models/${encodeId(m.id)}/tree/main?recursive=true&expand=true`);
  expect((expanded.body as { type: string; lastCommit?: { id: string } }[]).filter((e) => e.type === "file").every((e) => e.lastCommit?.id === m.sha)).toBe(true);
});

test("commits: newest first, x-total-count, oldest is the system 'initial commit' at the true creation", async () => {
  const m = truth[800];
  const n = await countCommits({ hubUrl: hub.url, repo: m.id });
  expect(n).toBe(m.commitCount);
  const cs = [];
  for await (const c of listCommits({ hubUrl: hub.url, repo: m.id, batchSize: 2 })) cs.push(c);
  expect(cs.length).toBe(n);
  expect(cs[0].oid).toBe(m.sha);
  for (let k = 1; k < cs.length; k++) expect(cs[k - 1].date.getTime()).toBeGreaterThan(cs[k].date.getTime());
  const oldest = cs[cs.length - 1];
  expect(oldest.title).toBe("initial commit");
  expect(oldest.authors[0].username).toBe("system");
  expect(oldest.date.toISOString()).toBe(m.trueCreatedAt);
  expect(m.trueCreatedAt).toBe(m.createdAt);
  expect(cs[0].date.toISOString()).toBe(m.lastModified);

  const raw = await get(`${hub.url}/api/models/${encodeId(m.id)}/commits/main?limit=1`);
  expect(raw.headers.get("x-total-count")).toBe(String(n));
  const item = (raw.body as Record<string, unknown>[])[0];
  expect(Object.keys(item)).toEqual(["id", "title", "message", "authors", "date"]);
  expect(item.date).toMatch(/\.000Z$/);
});

test("legacy repos: createdAt is the 2022-03-02 floor, the oldest commit holds the true (earlier) date", async () => {
  const legacy = truth.filter((m) => m.legacy && !m.squashed);
  expect(legacy.length).toBeGreaterThan(5);
  for (const m of legacy) {
    expect(["2022-03-02T23:29:04.000Z", "2022-03-02T23:29:05.000Z"]).toContain(m.createdAt);
    const cs = [];
    for await (const c of listCommits({ hubUrl: hub.url, repo: m.id, batchSize: 1000 })) cs.push(c);
    const oldest = cs[cs.length - 1];
    expect(oldest.date.toISOString()).toBe(m.trueCreatedAt);
    expect(oldest.date.getTime()).toBeLessThan(LEGACY_FLOOR_MS);
    expect(oldest.date.getTime()).toBeLessThan(Date.UTC(2022, 2, 3));
    expect(Date.parse(m.lastModified)).toBeGreaterThanOrEqual(Date.parse(m.createdAt));
    expect(parseInt(m._id.slice(0, 8), 16) * 1000).toBe(Date.parse(m.createdAt));
  }
  const squashed = byIndex(0);
  expect(squashed.squashed && squashed.legacy).toBe(true);
  const cs = [];
  for await (const c of listCommits({ hubUrl: hub.url, repo: squashed.id })) cs.push(c);
  expect(cs[cs.length - 1].title).toMatch(/squash/i);
  expect(cs[cs.length - 1].date.toISOString()).toBe(squashed.firstCommitAt);
  expect(Date.parse(squashed.firstCommitAt)).toBeGreaterThan(Date.parse(squashed.trueCreatedAt));
});

test("the >1000-commit repo pages (limit clamped to 1000), the single-commit repo has one commit, default page is 50", async () => {
  const many = byIndex(1);
  const n = await countCommits({ hubUrl: hub.url, repo: many.id });
  expect(n).toBeGreaterThan(1000);
  hub.resetStats();
  const cs = [];
  for await (const c of listCommits({ hubUrl: hub.url, repo: many.id, batchSize: 1000 })) cs.push(c.oid);
  expect(cs.length).toBe(n);
  expect(new Set(cs).size).toBe(n);
  expect(hub.stats().byRoute["models.commits"]).toBe(2);
  const clamped = await get(`${hub.url}/api/models/${encodeId(many.id)}/commits/main?limit=5000`);
  expect((clamped.body as unknown[]).length).toBe(1000);
  expect(nextLink(clamped.headers)).toContain("limit=5000");
  const dflt = await get(`${hub.url}/api/models/${encodeId(many.id)}/commits/main`);
  expect((dflt.body as unknown[]).length).toBe(50);
  expect(dflt.headers.get("x-total-count")).toBe(String(n));
  expect(nextLink(dflt.headers)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/models\/.+\/commits\/main\?p=1$/);

  const single = truth.find((m) => m.index === hub.data.specials.singleCommitIndex) as FakeModel;
  expect(await countCommits({ hubUrl: hub.url, repo: single.id })).toBe(1);
  expect(single.siblings).toEqual([".gitattributes"]);
});

test("hostile repos (HTML, quotes, unicode, formulas) exist and round-trip through listing, modelInfo and percent-encoded URLs", async () => {
  const hostile = truth.filter((m) => m.index >= 50 && m.index <= 57);
  expect(hostile.length).toBe(8);
  const ids = hostile.map((m) => m.id);
  expect(ids).toContain('evil"org/<img src=x onerror=alert(1)>');
  expect(ids).toContain("ünïcødé-组织/模型-🚀");
  expect(ids).toContain("formula-lab/=cmd|' -C calc'!A0");
  expect(truth.some((m) => m.tags.includes('"><svg onload=alert(1)>'))).toBe(true);
  for (const id of ids) expect(id.split("/").length).toBe(2);

  const listed = new Set<string>();
  for await (const m of listModels({ hubUrl: hub.url, sort: "createdAt" })) listed.add(m.name);
  for (const m of hostile) {
    expect(listed.has(m.id), m.id).toBe(true);
    const info = await modelInfo({ hubUrl: hub.url, name: m.id, additionalFields: ["tags"] });
    expect(info.name).toBe(m.id);
    expect(info.id).toBe(m._id);
    const raw = await get(`${hub.url}/api/models/${encodeId(m.id)}`);
    expect(raw.status, m.id).toBe(200);
    expect((raw.body as { id: string }).id).toBe(m.id);
    const n = await countCommits({ hubUrl: hub.url, repo: m.id });
    expect(n).toBe(m.commitCount);
  }
  const found = (await getAll(`${hub.url}/api/models?search=${encodeURIComponent("<img src")}`)).items as { id: string }[];
  expect(found.map((m) => m.id)).toEqual(['evil"org/<img src=x onerror=alert(1)>']);
});

test("a renamed repo keeps its _id; its old id redirects (307) to the new one", async () => {
  const renamed = byIndex(43);
  expect(renamed.previousIds.length).toBe(1);
  const old = renamed.previousIds[0];
  expect(old).not.toBe(renamed.id);
  const r = await fetch(`${hub.url}/api/models/${encodeId(old)}`, { redirect: "manual" });
  expect(r.status).toBe(307);
  expect(r.headers.get("location")).toBe(`/api/models/${encodeId(renamed.id)}`);
  const info = await modelInfo({ hubUrl: hub.url, name: old });
  expect(info.name).toBe(renamed.id);
  expect(info.id).toBe(renamed._id);
  const listed = (await getAll(`${hub.url}/api/models?search=${encodeURIComponent(renamed.id.split("/")[1])}`)).items as { id: string; _id: string }[];
  expect(listed.map((m) => m.id)).toEqual([renamed.id]);
});
