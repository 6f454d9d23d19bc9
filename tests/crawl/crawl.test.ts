/**
 * The listing crawl end to end: the real @huggingface/hub client, over loopback, against the fake Hub,
 * into a real SQLite file.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { runCrawl, type CrawlOptions } from "../../lib/crawl/run-crawl";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { tempDir } from "../helpers/cli";
import { duplicateCounts, expectedModels, storedModels } from "../helpers/stored";

const FAST = { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 3000 };

function freshDb() {
  return openSqlite(path.join(tempDir(), "t.db"));
}

async function crawl(hub: FakeHub, sqlite: ReturnType<typeof freshDb>, extra: Partial<CrawlOptions> = {}) {
  return runCrawl({ sqlite, hubUrl: hub.url, fetch: FAST, ...extra });
}

describe("full crawl", () => {
  let hub: FakeHub;
  beforeAll(async () => {
    hub = await startFakeHub({ models: 2_600, seed: 7, day: "2026-11-27", rateLimit: false });
  });
  afterAll(() => hub.close());

  test("a multi-page crawl stores exactly the fake Hub's public model set, fields and framework sets", async () => {
    const sqlite = freshDb();
    hub.resetStats();
    const summary = await crawl(hub, sqlite);
    const truth = hub.truth();
    const expected = expectedModels(truth);
    expect(summary.status).toBe("completed");
    expect(summary.kind).toBe("full");
    expect(storedModels(sqlite)).toEqual(expected);
    expect(summary.models).toBe(expected.length);
    // 1000 per page: the client's 500 is rewritten, the Hub keeps the size in its next links.
    const pages = Math.ceil(expected.length / 1000);
    expect(summary.pages).toBe(pages);
    expect(hub.stats().byRoute["models.list"]).toBe(pages);
    expect(duplicateCounts(sqlite)).toEqual({ models: 0, snapshots: 0 });
    const crawlRow = sqlite.prepare("SELECT status, kind, models_seen, pages, checkpoint_url FROM crawls").get();
    expect(crawlRow).toEqual({ status: "completed", kind: "full", models_seen: expected.length, pages, checkpoint_url: null });
    // Every model has its first snapshot; the none bucket exists in the data.
    expect(sqlite.prepare("SELECT count(*) AS n FROM model_snapshots").get()).toEqual({ n: expected.length });
    expect(expected.some((m) => m.frameworkMask === 0)).toBe(true);
  });

  test("private repos are never stored, even with a token that lists them", async () => {
    const sqlite = freshDb();
    const summary = await crawl(hub, sqlite, { token: "hf_testtoken123" });
    const withPrivate = hub.truth({ includePrivate: true });
    const privateIds = withPrivate.filter((m) => m.private).map((m) => m._id);
    expect(privateIds.length).toBeGreaterThan(0);
    expect(summary.skippedPrivate).toBe(privateIds.length);
    const stored = new Set(storedModels(sqlite).map((m) => m.hubId));
    for (const id of privateIds) expect(stored.has(id)).toBe(false);
    expect(stored.size).toBe(expectedModels(hub.truth()).length);
  });

  test("filters give exactly the Hub's filtered set, and a scoped crawl never marks models gone", async () => {
    const truth = hub.truth().filter((m) => !m.private);
    const author = truth[Math.floor(truth.length / 2)].author;
    const task = "text-classification";
    const tagPair = ["pytorch", "safetensors"];
    const search = truth[10].id.slice(truth[10].id.indexOf("/") + 1, truth[10].id.indexOf("/") + 4).toLowerCase();
    const cases: [object, (m: (typeof truth)[number]) => boolean][] = [
      [{ author }, (m) => m.author === author],
      [{ task }, (m) => m.pipeline_tag === task],
      [{ tags: tagPair }, (m) => tagPair.every((t) => m.tags.includes(t))],
      [{ search }, (m) => m.id.toLowerCase().includes(search)],
      [{ task: "text-generation", tags: ["gguf"] }, (m) => m.pipeline_tag === "text-generation" && m.tags.includes("gguf")],
    ];
    for (const [scope, pick] of cases) {
      const sqlite = freshDb();
      const summary = await crawl(hub, sqlite, { scope });
      const expected = expectedModels(truth.filter(pick));
      expect(expected.length, JSON.stringify(scope)).toBeGreaterThan(0);
      expect(summary.kind).toBe("scoped");
      expect(storedModels(sqlite), JSON.stringify(scope)).toEqual(expected);
      expect(summary.modelsGone).toBe(0);
    }
    // --limit: exactly N models, newest first.
    const sqlite = freshDb();
    const limited = await crawl(hub, sqlite, { scope: { limit: 1_234 } });
    expect(limited.models).toBe(1_234);
    const newest = expectedModels(truth).slice(-1_234);
    expect(storedModels(sqlite)).toEqual(newest);
  });

  test("a dry run lists and classifies without writing anything", async () => {
    const summary = await runCrawl({ sqlite: null, dryRun: true, hubUrl: hub.url, scope: { limit: 1500 }, fetch: FAST });
    expect(summary.status).toBe("completed");
    expect(summary.models).toBe(1500);
    expect(summary.crawlId).toBeNull();
  });
});

describe("faults over real sockets", () => {
  let hub: FakeHub;
  beforeAll(async () => {
    hub = await startFakeHub({ models: 3_000, seed: 11, day: "2026-11-27", rateLimit: false });
  });
  afterAll(() => hub.close());

  test.each([
    ["5xx errors", { errorRate: 0.3 }],
    ["429 storms", { storm429: { every: 3, length: 2, retryAfterMs: 20 } }],
    ["slow pages", { slowPageMs: 150, slowMode: "trickle" as const }],
    ["truncated bodies", { truncateRate: 0.4 }],
    ["connection resets", { resetRate: 0.4 }],
    ["hung requests (timeout)", { hangRate: 0.3 }],
    ["everything at once", { errorRate: 0.15, truncateRate: 0.15, resetRate: 0.15, storm429: { every: 3, length: 2, retryAfterMs: 10 } }],
  ])("%s: the crawl completes with the exact set", async (_name, faults) => {
    hub.setFaults({ ...faults, seed: 3 });
    const sqlite = freshDb();
    const summary = await crawl(hub, sqlite, { fetch: { ...FAST, timeoutMs: 400 } });
    hub.setFaults({});
    expect(summary.status, summary.error).toBe("completed");
    expect(storedModels(sqlite)).toEqual(expectedModels(hub.truth()));
    expect(duplicateCounts(sqlite)).toEqual({ models: 0, snapshots: 0 });
    const injected = Object.values(hub.stats().faultsInjected).reduce((a, b) => a + b, 0);
    if (!("slowPageMs" in faults)) {
      expect(injected).toBeGreaterThan(0);
      expect(summary.retries).toBeGreaterThan(0);
    }
  });

  test("pacing from the RateLimit headers stays inside a small quota: no 429 at all", async () => {
    const paced = await startFakeHub({ models: 12_000, seed: 5, day: "2026-11-27", rateLimit: { quota: 6, windowMs: 600 } });
    try {
      const sqlite = freshDb();
      const summary = await crawl(paced, sqlite);
      expect(summary.status).toBe("completed");
      expect(paced.stats().rateLimited).toBe(0);
      expect(summary.rateLimitWaits).toBeGreaterThan(0);
      expect(storedModels(sqlite)).toEqual(expectedModels(paced.truth()));
    } finally {
      await paced.close();
    }
  });

  test("a spent quota (429 with RateLimit r=0) is waited out, not failed", async () => {
    const tight = await startFakeHub({ models: 5_000, seed: 5, day: "2026-11-27", rateLimit: { quota: 2, windowMs: 300 } });
    try {
      const sqlite = freshDb();
      // A second client spends the quota behind the crawler's back.
      const burn = setInterval(() => void fetch(`${tight.url}/api/models?limit=1`).catch(() => {}), 40);
      const summary = await crawl(tight, sqlite);
      clearInterval(burn);
      expect(summary.status, summary.error).toBe("completed");
      expect(tight.stats().rateLimited).toBeGreaterThan(0);
      expect(storedModels(sqlite)).toEqual(expectedModels(tight.truth()));
    } finally {
      await tight.close();
    }
  });
});

describe("crawls across fake-Hub days", () => {
  test("history grows, renames keep one row, deletions are marked not deleted, downloads between crawls add up", async () => {
    const hub = await startFakeHub({ models: 4_000, seed: 21, day: "2026-10-01", rateLimit: false });
    try {
      const sqlite = freshDb();
      const day1 = hub.truth();
      const s1 = await crawl(hub, sqlite);
      expect(s1.status).toBe("completed");
      hub.advanceDays(30);
      const day2 = hub.truth();
      const s2 = await crawl(hub, sqlite);
      expect(s2.status).toBe("completed");

      const ids1 = new Set(day1.filter((m) => !m.private).map((m) => m._id));
      const ids2 = new Set(day2.filter((m) => !m.private).map((m) => m._id));
      const deleted = [...ids1].filter((id) => !ids2.has(id));
      const added = [...ids2].filter((id) => !ids1.has(id));
      const renamed = day2.filter((m) => !m.private && ids1.has(m._id) && day1.find((o) => o._id === m._id)!.id !== m.id);
      expect(added.length).toBeGreaterThan(0);
      expect(deleted.length).toBeGreaterThan(0);
      expect(renamed.length).toBeGreaterThan(0);

      // Live models equal the day-2 truth; gone ones are still there, marked.
      expect(storedModels(sqlite)).toEqual(expectedModels(day2));
      const gone = sqlite.prepare("SELECT hub_id FROM models WHERE gone_since_crawl = ? ORDER BY hub_id").all(s2.crawlId).map((r) => (r as { hub_id: string }).hub_id);
      expect(gone).toEqual([...deleted].sort());
      expect(s2.modelsGone).toBe(deleted.length);
      expect(s2.modelsNew).toBe(added.length);
      // A rename keeps one row (same _id) and records the old name.
      for (const m of renamed) {
        expect(sqlite.prepare("SELECT count(*) AS n FROM models WHERE hub_id = ?").get(m._id)).toEqual({ n: 1 });
        const old = day1.find((o) => o._id === m._id)!.id;
        expect(sqlite.prepare("SELECT new_repo_id AS id FROM model_renames WHERE old_repo_id = ?").get(old)).toEqual({ id: m.id });
      }
      // History: crawl 2 wrote rows only for models whose values changed (or that are new).
      const changed = day2.filter((m) => {
        if (m.private) return false;
        const o = day1.find((x) => x._id === m._id);
        return !o || o.downloads !== m.downloads || o.downloadsAllTime !== m.downloadsAllTime || o.likes !== m.likes;
      }).length;
      expect(sqlite.prepare("SELECT count(*) AS n FROM model_snapshots WHERE crawl_id = ?").get(s2.crawlId)).toEqual({ n: changed });
      expect(changed).toBeLessThan(ids2.size);
      // Downloads between the crawls = sum of downloadsAllTime deltas (new models from 0).
      const byId1 = new Map(day1.map((m) => [m._id, m.downloadsAllTime]));
      const delta = day2.filter((m) => !m.private).reduce((s, m) => s + Math.max(0, m.downloadsAllTime - (byId1.get(m._id) ?? 0)), 0);
      expect(sqlite.prepare("SELECT sum(downloads_since_prev) AS d FROM rollup_crawls WHERE framework_mask < 65536 AND crawl_id = ?").get(s2.crawlId)).toEqual({ d: delta });
      // Cohort rollups equal a recount of the live models.
      const recount = sqlite.prepare(`SELECT count(*) AS n, sum(downloads_30d) AS d FROM models WHERE gone_since_crawl IS NULL`).get();
      const rolled = sqlite.prepare(`SELECT sum(models) AS n, sum(downloads_30d) AS d FROM rollup_cohorts WHERE framework_mask < 65536 AND period = 'month'`).get();
      expect(rolled).toEqual(recount);
    } finally {
      await hub.close();
    }
  });

  test("an incremental crawl adds exactly the models created since the last crawl", async () => {
    const hub = await startFakeHub({ models: 3_000, seed: 4, day: "2026-11-01", rateLimit: false });
    try {
      const sqlite = freshDb();
      await crawl(hub, sqlite);
      const before = new Set(storedModels(sqlite).map((m) => m.hubId));
      hub.advanceDays(20);
      hub.resetStats();
      const s = await crawl(hub, sqlite, { incremental: true });
      expect(s.kind).toBe("incremental");
      expect(s.status).toBe("completed");
      const newIds = hub.truth().filter((m) => !m.private && !before.has(m._id) && m._id > [...before].sort().at(-1)!).map((m) => m._id).sort();
      expect(newIds.length).toBeGreaterThan(0);
      const stored = sqlite.prepare("SELECT hub_id FROM models WHERE first_seen_crawl = ? ORDER BY hub_id").all(s.crawlId).map((r) => (r as { hub_id: string }).hub_id);
      expect(stored).toEqual(newIds);
      expect(s.modelsGone).toBe(0);
      // Cheap: one page for a few hundred new models, not the whole Hub.
      expect(s.pages).toBeLessThanOrEqual(Math.ceil(newIds.length / 1000) + 1);
    } finally {
      await hub.close();
    }
  });
});
