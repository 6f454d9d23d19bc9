/**
 * The framework lens on a real crawled database: an upgraded database (from before migration 0008,
 * or one whose rules changed) is rebuilt on start to exactly what a fresh crawl writes, past crawls
 * included; db:migrate does it; a changed rule changes the rollups.
 */
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { runCrawl } from "../../lib/crawl/run-crawl";
import { classifiedVersion, ensureClassified } from "../../lib/crawl/reclassify";
import { RULES_VERSION } from "../../lib/frameworks/rules";
import { FRAMEWORK_BASIS_BIT } from "../../lib/frameworks/lenses";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { runCli, tempDir } from "../helpers/cli";

const MASK_TABLES = [
  "rollup_cohorts", "rollup_crawls", "rollup_cohort_masks", "rollup_cohort_libraries", "rollup_cohort_library_masks",
  "rollup_crawl_masks", "rollup_crawl_libraries", "rollup_crawl_library_masks",
];

let hub: FakeHub;
let db: string;

function dump(s: Sqlite): string {
  return JSON.stringify([
    ...MASK_TABLES.map((t) => s.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6`).raw().all()),
    s.prepare("SELECT framework, measure, rank, model_id FROM rollup_top_models ORDER BY 1, 2, 3").raw().all(),
  ]);
}

/** What a database written before 0008 holds: the tag lens only, no classification stamp. */
function downgrade(s: Sqlite): void {
  for (const t of MASK_TABLES) s.prepare(`DELETE FROM ${t} WHERE framework_mask >= ${FRAMEWORK_BASIS_BIT}`).run();
  s.prepare("DELETE FROM rollup_top_models WHERE framework LIKE 'framework:%'").run();
  s.prepare("DELETE FROM classification_state").run();
}

beforeAll(async () => {
  hub = await startFakeHub({ models: 2_500, seed: 21, day: "2026-11-20", rateLimit: false });
  db = path.join(tempDir(), "lens.db");
  const sqlite = openSqlite(db);
  expect(ensureClassified(sqlite)).toBeNull(); // an empty database is only stamped
  expect(classifiedVersion(sqlite)).toBe(RULES_VERSION);
  for (const day of ["2026-11-20", "2026-11-23", "2026-11-27"]) {
    hub.setDay(day);
    expect((await runCrawl({ sqlite, hubUrl: hub.url, fetch: { backoffBaseMs: 5 } })).status).toBe("completed");
  }
  sqlite.close();
}, 180_000);
afterAll(async () => hub?.close());

test("every crawl wrote both lenses, and the framework lens's total equals the tag lens's", () => {
  const s = openSqlite(db);
  const crawls = s.prepare("SELECT DISTINCT crawl_id FROM rollup_crawl_masks ORDER BY 1").pluck().all() as number[];
  expect(crawls.length).toBe(3);
  for (const c of crawls) {
    const n = (fw: boolean) => s.prepare(`SELECT sum(models) FROM rollup_crawl_masks WHERE crawl_id = ? AND framework_mask ${fw ? ">=" : "<"} ${FRAMEWORK_BASIS_BIT}`).pluck().get(c);
    expect(n(true)).toBe(n(false));
  }
  s.close();
});

test("an upgraded database is rebuilt on start to what a fresh crawl wrote (past crawls included)", () => {
  const s = openSqlite(db);
  const fresh = dump(s);
  downgrade(s);
  expect(dump(s)).not.toBe(fresh);
  const r = ensureClassified(s);
  expect(r).not.toBeNull();
  expect(dump(s)).toBe(fresh);
  expect(ensureClassified(s)).toBeNull(); // stamped: the next start does nothing
  s.close();
});

test("db:migrate reclassifies a database whose rules version changed", async () => {
  const s = openSqlite(db);
  const fresh = dump(s);
  downgrade(s);
  s.prepare("INSERT INTO classification_state (id, rules_version, classified_at) VALUES (1, 'older-rules', 0)").run();
  s.close();
  const cli = await runCli("db-migrate.ts", [], { DATABASE_PATH: db });
  expect(cli.code, cli.stderr).toBe(0);
  expect(cli.stdout).toMatch(/framework rules changed: [\d,]+ models reclassified, rollups rebuilt/);
  const after = openSqlite(db);
  expect(dump(after)).toBe(fresh);
  expect(classifiedVersion(after)).toBe(RULES_VERSION);
  after.close();
});
