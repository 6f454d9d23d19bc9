import { describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { createCrawl, finishCrawl } from "../../lib/crawl/crawl-runs";
import { toModelRow, type ListedModel, type ModelRow } from "../../lib/crawl/model-row";
import { createPageWriter } from "../../lib/crawl/page-writer";
import { refreshCohortRollups, writeCrawlRollup } from "../../lib/rollups/rollups";
import { bitOf } from "../../lib/frameworks/classify";

const counters = { pages: 1, requests: 1, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };

function row(i: number, over: Partial<ListedModel> = {}): ModelRow {
  const secs = Date.parse("2024-01-01T00:00:00Z") / 1000 + i * 86_400 * 7;
  const r = toModelRow({
    id: secs.toString(16).padStart(8, "0") + "0000000000" + i.toString(16).padStart(6, "0"),
    name: `org${i % 3}/model-${i}`, private: false, gated: false, task: i % 2 ? "text-generation" : undefined,
    likes: i, downloads: i * 10, downloadsAllTime: i * 100, createdAt: new Date(secs * 1000).toISOString(),
    tags: i % 4 === 0 ? ["pytorch", "safetensors"] : i % 4 === 1 ? ["gguf"] : i % 4 === 2 ? ["tf"] : [],
    updatedAt: new Date(secs * 1000), ...over,
  });
  if ("skip" in r) throw new Error("bad fixture");
  return r;
}

function recount(sqlite: Sqlite, period: "week" | "month") {
  const expr = period === "month" ? "strftime('%Y-%m-01', created_at, 'unixepoch')" : "date(created_at, 'unixepoch', 'weekday 0', '-6 days')";
  return sqlite.prepare(`SELECT ${expr} AS p, framework_mask AS mask, COALESCE(pipeline_tag, '') AS task, count(*) AS n, sum(downloads_30d) AS d
    FROM models WHERE gone_since_crawl IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`).all();
}

describe("storage", () => {
  test("migrations run on a fresh :memory: DB and create every table, snapshots WITHOUT ROWID", () => {
    const sqlite = openSqlite(":memory:");
    const tables = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[];
    const names = tables.map((t) => t.name);
    for (const t of ["models", "model_snapshots", "model_renames", "crawls", "crawl_lock", "rollup_cohorts", "rollup_crawls"]) expect(names).toContain(t);
    expect(tables.find((t) => t.name === "model_snapshots")!.sql).toMatch(/WITHOUT ROWID/);
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  test("pages upsert by _id, snapshots are change-only, renames are recorded, checkpoint written with the page", () => {
    const sqlite = openSqlite(":memory:");
    const c1 = createCrawl(sqlite, "full", {}, "http://hub");
    const w1 = createPageWriter(sqlite, c1);
    const rows = Array.from({ length: 20 }, (_, i) => row(i));
    const r1 = w1.writePage(rows, "http://hub/api/models?cursor=abc", counters);
    expect(r1).toMatchObject({ seen: 20, inserted: 20, snapshots: 20 });
    expect(sqlite.prepare("SELECT checkpoint_url, models_seen FROM crawls WHERE id = ?").get(c1)).toEqual({ checkpoint_url: "http://hub/api/models?cursor=abc", models_seen: 20 });
    finishCrawl(sqlite, c1, "completed");

    const c2 = createCrawl(sqlite, "full", {}, "http://hub");
    const w2 = createPageWriter(sqlite, c2);
    const changed = rows.map((r, i) => (i === 3 ? { ...r, downloadsAllTime: r.downloadsAllTime + 5 } : i === 4 ? { ...r, repoId: "neworg/renamed" } : r));
    const r2 = w2.writePage(changed, null, counters);
    expect(r2).toMatchObject({ seen: 20, inserted: 0, snapshots: 1, renamed: 1 });
    // Listing the same models again in the same crawl neither double-counts nor doubles rows.
    const r3 = w2.writePage(changed, null, counters);
    expect(r3).toMatchObject({ seen: 0, inserted: 0, snapshots: 0 });
    expect(sqlite.prepare("SELECT count(*) AS n FROM models").get()).toEqual({ n: 20 });
    expect(sqlite.prepare("SELECT count(*) AS n FROM model_snapshots").get()).toEqual({ n: 21 });
    expect(sqlite.prepare("SELECT hub_id, old_repo_id, new_repo_id FROM model_renames").all()).toEqual([
      { hub_id: rows[4].hubId, old_repo_id: "org1/model-4", new_repo_id: "neworg/renamed" },
    ]);
  });

  test("the tfjs bit confirmed from files survives a re-crawl that cannot see files", () => {
    const sqlite = openSqlite(":memory:");
    const c = createCrawl(sqlite, "full", {}, "http://hub");
    const r = row(0, { tags: ["tfjs", "pytorch"] });
    createPageWriter(sqlite, c).writePage([r], null, counters);
    sqlite.prepare("UPDATE models SET framework_mask = framework_mask | ?").run(bitOf("tfjs"));
    createPageWriter(sqlite, createCrawl(sqlite, "full", {}, "http://hub")).writePage([r], null, counters);
    expect(sqlite.prepare("SELECT framework_mask AS m FROM models").get()).toEqual({ m: bitOf("tfjs") | bitOf("pytorch") });
  });

  test("cohort rollups equal a direct recount of the models table; crawl rollups sum downloads deltas", () => {
    const sqlite = openSqlite(":memory:");
    const c1 = createCrawl(sqlite, "full", {}, "http://hub");
    const rows = Array.from({ length: 60 }, (_, i) => row(i));
    createPageWriter(sqlite, c1).writePage(rows, null, counters);
    refreshCohortRollups(sqlite, c1);
    writeCrawlRollup(sqlite, c1, null);
    finishCrawl(sqlite, c1, "completed");
    for (const period of ["week", "month"] as const) {
      const rolled = sqlite.prepare(`SELECT period_start AS p, framework_mask AS mask, task, models AS n, downloads_30d AS d FROM rollup_cohorts WHERE framework_mask < 65536 AND period = ? ORDER BY 1, 2, 3`).all(period);
      expect(rolled).toEqual(recount(sqlite, period));
    }
    const c2 = createCrawl(sqlite, "full", {}, "http://hub");
    createPageWriter(sqlite, c2).writePage(rows.map((r) => ({ ...r, downloadsAllTime: r.downloadsAllTime + 7 })), null, counters);
    writeCrawlRollup(sqlite, c2, c1);
    const total = sqlite.prepare("SELECT sum(downloads_since_prev) AS d, sum(models) AS n FROM rollup_crawls WHERE framework_mask < 65536 AND crawl_id = ?").get(c2);
    expect(total).toEqual({ d: 60 * 7, n: 60 });
    expect(sqlite.prepare("SELECT sum(downloads_since_prev) AS d FROM rollup_crawls WHERE framework_mask < 65536 AND crawl_id = ?").get(c1)).toEqual({ d: null });
  });
});

describe("bulk load", () => {
  test("the deferred index statements are exactly those the migrations create, and they come back", async () => {
    const { DEFERRABLE_INDEXES, beginBulkLoad, endBulkLoad } = await import("../../lib/crawl/bulk-load");
    const sqlite = openSqlite(":memory:");
    const sqlOf = (name: string) => (sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = ?").get(name) as { sql: string } | undefined)?.sql;
    for (const [name, sql] of Object.entries(DEFERRABLE_INDEXES)) expect(sqlOf(name)).toBe(sql);
    expect(beginBulkLoad(sqlite)).toBe(true);
    for (const name of Object.keys(DEFERRABLE_INDEXES)) expect(sqlOf(name)).toBeUndefined();
    endBulkLoad(sqlite);
    for (const [name, sql] of Object.entries(DEFERRABLE_INDEXES)) expect(sqlOf(name)).toBe(sql);
    // Not on a database that already holds models.
    createPageWriter(sqlite, createCrawl(sqlite, "full", {}, "http://hub")).writePage([row(1)], null, counters);
    expect(beginBulkLoad(sqlite)).toBe(false);
  });
});

describe("first-load writes", () => {
  test("insert-first multi-row writes store exactly what the general path stores, duplicates and existing rows included", () => {
    const general = openSqlite(":memory:");
    const bulk = openSqlite(":memory:");
    const rows = Array.from({ length: 130 }, (_, i) => row(i));
    // A model listed twice on one page, and one already stored before the page.
    const page = [...rows, rows[7], { ...rows[60], downloadsAllTime: rows[60].downloadsAllTime + 1 }];
    for (const [sqlite, insertFirst] of [[general, false], [bulk, true]] as const) {
      const c0 = createCrawl(sqlite, "scoped", {}, "http://hub");
      createPageWriter(sqlite, c0).writePage([rows[100]], null, counters);
      const c = createCrawl(sqlite, "full", {}, "http://hub");
      const r = createPageWriter(sqlite, c, { insertFirst }).writePage(page, null, counters);
      expect(r).toMatchObject({ inserted: 129, seen: 130, snapshots: 130 });
    }
    const dump = (s: Sqlite) => ({
      models: s.prepare("SELECT hub_id, repo_id, downloads_all_time, first_seen_crawl, last_seen_crawl FROM models ORDER BY hub_id").all(),
      snapshots: s.prepare("SELECT m.hub_id, s.crawl_id, s.downloads_all_time FROM model_snapshots s JOIN models m ON m.id = s.model_id ORDER BY 1, 2").all(),
    });
    expect(dump(bulk)).toEqual(dump(general));
  });
});
