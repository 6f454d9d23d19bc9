/**
 * Snapshot retention (lib/scheduler/retention.ts) on a real history: six weeks of daily full crawls of a
 * fake Hub whose downloads move every day. Thinning keeps one row per model per old week, the
 * per-model values at every kept crawl are unchanged, rollups are untouched, and the next crawl's
 * "downloads since the previous crawl" come out the same as on the unthinned database.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { addDays, parseDay } from "../../lib/fake-hub/clock";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { runCrawl } from "../../lib/crawl/run-crawl";
import { DAY_MS, thinnableCrawls, thinSnapshots, weekStart } from "../../lib/scheduler/retention";
import { runCli, tempDir } from "../helpers/cli";

const FIRST_DAY = "2026-09-01";
const DAYS = 42;
const ROLLUPS = ["rollup_cohorts", "rollup_crawls", "rollup_cohort_masks", "rollup_cohort_libraries", "rollup_crawl_masks", "rollup_crawl_libraries", "rollup_crawl_stats", "rollup_top_models"];

let hub: FakeHub;
let dir: string;
let db: string;
/** "Now" for the thinning: noon of the day after the last crawl. */
let now: number;

async function crawlDay(sqlite: Sqlite, day: string): Promise<number> {
  hub.setDay(day);
  const s = await runCrawl({ sqlite, hubUrl: hub.url, fetch: { backoffBaseMs: 5 } });
  expect(s.status).toBe("completed");
  // The crawl ran at that day's scheduled time (the test cannot wait six weeks).
  const at = parseDay(day) + 15 * 60_000;
  sqlite.prepare("UPDATE crawls SET started_at = ?, finished_at = ?, heartbeat_at = ? WHERE id = ?").run(at, at + 60_000, at + 60_000, s.crawlId);
  return s.crawlId!;
}

/** Every model's (30-day downloads, all-time downloads, likes) at a crawl, as change-only storage reconstructs it. */
function valuesAt(sqlite: Sqlite, crawlId: number): string {
  const rows = sqlite
    .prepare(
      `SELECT s.model_id, s.downloads_30d, s.downloads_all_time, s.likes FROM model_snapshots s
       WHERE s.crawl_id = (SELECT max(crawl_id) FROM model_snapshots s2 WHERE s2.model_id = s.model_id AND s2.crawl_id <= ?)
       ORDER BY s.model_id`,
    )
    .raw()
    .all(crawlId);
  return JSON.stringify(rows);
}

function rollups(sqlite: Sqlite): string {
  return JSON.stringify(ROLLUPS.map((t) => sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5`).raw().all()));
}

const count = (sqlite: Sqlite) => (sqlite.prepare("SELECT count(*) AS n FROM model_snapshots").get() as { n: number }).n;

beforeAll(async () => {
  hub = await startFakeHub({ models: 800, seed: 8, day: FIRST_DAY, rateLimit: false });
  dir = tempDir("hf-trends-retention-");
  db = path.join(dir, "history.db");
  const sqlite = openSqlite(db);
  for (let d = 0; d < DAYS; d++) await crawlDay(sqlite, addDays(FIRST_DAY, d));
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  now = parseDay(addDays(FIRST_DAY, DAYS)) + 12 * 3_600_000;
}, 120_000);
afterAll(() => hub.close());

describe("retention", () => {
  test("old weeks keep one snapshot per model, values at kept crawls and rollups are unchanged, the next crawl is exact", async () => {
    fs.copyFileSync(db, path.join(dir, "unthinned.db"));
    const sqlite = openSqlite(db);
    const crawlIds = (sqlite.prepare("SELECT id FROM crawls ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    const before = new Map(crawlIds.map((id) => [id, valuesAt(sqlite, id)]));
    const rollupsBefore = rollups(sqlite);
    const rowsBefore = count(sqlite);

    const { crawls: thin } = thinnableCrawls(sqlite, 14, now);
    const weekOf = new Map(thin.map((c) => [c.crawlId, c.week]));
    // Weeks ending more than 14 days before "now", never the latest crawl's week.
    expect(weekOf.size).toBeGreaterThanOrEqual(3 * 7);
    expect(weekOf.has(crawlIds.at(-1)!)).toBe(false);
    for (const w of weekOf.values()) expect(w + 7 * DAY_MS).toBeLessThanOrEqual(now - 14 * DAY_MS);
    const lastOfWeek = new Map<number, number>();
    for (const [id, w] of weekOf) lastOfWeek.set(w, Math.max(lastOfWeek.get(w) ?? 0, id));
    const kept = crawlIds.filter((id) => !weekOf.has(id) || lastOfWeek.get(weekOf.get(id)!) === id);

    const r = thinSnapshots(sqlite, { days: 14, now });
    expect(r.rowsDeleted).toBeGreaterThan(0);
    expect(count(sqlite)).toBe(rowsBefore - r.rowsDeleted);

    // One row per model per thinned week.
    const perWeek = new Map<string, number>();
    for (const row of sqlite.prepare("SELECT model_id AS m, crawl_id AS c FROM model_snapshots").all() as { m: number; c: number }[]) {
      const w = weekOf.get(row.c);
      if (w !== undefined) perWeek.set(`${row.m}:${w}`, (perWeek.get(`${row.m}:${w}`) ?? 0) + 1);
    }
    expect(Math.max(...perWeek.values())).toBe(1);
    // Every model's values at every kept crawl are what they were.
    for (const id of kept) expect(valuesAt(sqlite, id), `crawl #${id}`).toBe(before.get(id));
    // ... and at the crawls inside thinned weeks they did change (the thinning did something).
    expect(crawlIds.filter((id) => !kept.includes(id)).some((id) => valuesAt(sqlite, id) !== before.get(id))).toBe(true);
    expect(rollups(sqlite)).toBe(rollupsBefore);
    // Idempotent.
    expect(thinSnapshots(sqlite, { days: 14, now }).rowsDeleted).toBe(0);

    // The next full crawl reads each model's value at the previous full crawl (downloads between
    // crawls): on the thinned and the unthinned database it writes the same rollup.
    const unthinned = openSqlite(path.join(dir, "unthinned.db"));
    const next = addDays(FIRST_DAY, DAYS);
    const a = await crawlDay(sqlite, next);
    const b = await crawlDay(unthinned, next);
    expect(a).toBe(b);
    const since = (s: Sqlite) => JSON.stringify(s.prepare("SELECT * FROM rollup_crawls WHERE framework_mask < 65536 AND crawl_id = ? ORDER BY framework_mask, task").raw().all(a));
    expect(since(sqlite)).toBe(since(unthinned));
    expect(JSON.parse(since(sqlite)).length).toBeGreaterThan(0);
    unthinned.close();
    sqlite.close();
  });

  test("weeks are ISO weeks in UTC (Monday start)", () => {
    expect(new Date(weekStart(Date.parse("2026-11-27T23:59:59Z"))).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(new Date(weekStart(Date.parse("2026-11-23T00:00:00Z"))).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(new Date(weekStart(Date.parse("2026-11-22T23:59:59Z"))).toISOString()).toBe("2026-11-16T00:00:00.000Z");
  });

  test("npm run db:retention: --dry-run counts, then removes that many; refuses a bad horizon", async () => {
    const copy = path.join(tempDir("hf-trends-retention-cli-"), "cli.db");
    const src = openSqlite(path.join(dir, "unthinned.db"));
    await src.backup(copy);
    src.close();
    const s = openSqlite(copy);
    const expected = thinSnapshots(s, { days: 14, dryRun: true }).rowsDeleted; // the CLI's "now" is the real clock
    const total = count(s);
    s.close();
    expect(expected).toBeGreaterThan(0);
    const dry = await runCli("db-retention.ts", ["--days", "14", "--dry-run"], { DATABASE_PATH: copy });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would remove ${expected.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} snapshots`);
    const real = await runCli("db-retention.ts", [], { DATABASE_PATH: copy, SNAPSHOT_RETENTION_DAYS: "14" });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain(`removed ${expected.toLocaleString("en-US")} of`);
    const after = openSqlite(copy);
    expect(count(after)).toBe(total - expected);
    after.close();
    const bad = await runCli("db-retention.ts", [], { DATABASE_PATH: copy, SNAPSHOT_RETENTION_DAYS: "0" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/SNAPSHOT_RETENTION_DAYS must be a whole number of days >= 1/);
  });
});
