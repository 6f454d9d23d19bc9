/**
 * The rollups added for the author and library filters equal their SQL definitions: the library
 * rollups with the task summed out, and the author rollups (lib/rollups/author-rollups.ts). Author
 * sizes are lowered so that a 2,500-model fake Hub has large authors, and the pass is re-run after
 * each crawl with them (as the crawl's own pass would run): an author large at both crawls gets its
 * second crawl from the scan, an author that became large at the second crawl gets its first crawl
 * rebuilt from the snapshots, and the same rows come out whichever way the pass got an author's
 * models: accumulated from the start (known large from the previous pass), from the model where
 * it reached the size (the ones before read afterwards), or all read afterwards.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { runCrawl } from "../../lib/crawl/run-crawl";
import { COHORT_FLOOR_SQL, COHORT_TIME_SQL, MONTH_SQL, WEEK_SQL, refreshAllRollups, concentration } from "../../lib/rollups/rollups";
import { RollupAccumulator } from "../../lib/rollups/rollup-pass";
import type { AuthorMinModels } from "../../lib/rollups/author-rollups";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { attributeSql } from "../../lib/frameworks/rules";
import { FRAMEWORK_BASIS_BIT } from "../../lib/frameworks/lenses";
import { rebuildAuthorsFrameworkBasis } from "../../lib/rollups/framework-basis";

const FW_LENS_MASK = `(${attributeSql("m.framework_mask", "m.library_name")} | ${FRAMEWORK_BASIS_BIT})`;
/** Both lenses' SQL definition: the tag mask as stored, and the rules' attribution with the lens bit. */
function lenses(q: (mask: string) => string, order: string): string {
  return `SELECT * FROM (${q("m.framework_mask")} UNION ALL ${q(FW_LENS_MASK)}) ORDER BY ${order}`;
}
import { tempDir } from "../helpers/cli";

const FAST = { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 5000 };

let hub: FakeHub;
let sqlite: Sqlite;
let crawls: number[];
let first: AuthorMinModels;
let second: AuthorMinModels;
/** The per-crawl author rows of the first crawl as its own pass wrote them (crawl-time values). */
let firstRows: unknown[];
let tablesAfterFirstRun: string[][];

const all = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params);
const listedCounts = (c: number) =>
  all("SELECT author, count(*) AS n FROM models WHERE last_seen_crawl = ? AND author IS NOT NULL GROUP BY author ORDER BY n DESC, author", c) as { author: string; n: number }[];
const TABLES = ["rollup_authors", "rollup_author_tasks", "rollup_author_cohort_masks", "rollup_crawl_authors", "rollup_crawl_stats"];
const dump = () => TABLES.map((t) => all(`SELECT * FROM ${t}`).map((r) => JSON.stringify(r)).sort());

beforeAll(async () => {
  hub = await startFakeHub({ models: 2_500, seed: 23, day: "2026-11-20", rateLimit: false });
  sqlite = openSqlite(path.join(tempDir(), "author-rollups.db"));
  crawls = [];
  let s = await runCrawl({ sqlite, hubUrl: hub.url, fetch: FAST });
  expect(s.status).toBe("completed");
  crawls.push(s.crawlId!);
  // Sizes from the data: a few authors large at the first crawl, more (a lower size) at the second.
  const c1 = listedCounts(crawls[0]);
  first = { crawls: c1[3].n, cohorts: c1[1].n };
  second = { crawls: c1[12].n, cohorts: c1[3].n };
  refreshAllRollups(sqlite, crawls[0], null, { authorMinModels: first });
  firstRows = all("SELECT * FROM rollup_crawl_authors WHERE crawl_id = ? ORDER BY author, framework_mask", crawls[0]);
  hub.advanceDays(3);
  s = await runCrawl({ sqlite, hubUrl: hub.url, fetch: FAST });
  expect(s.status).toBe("completed");
  crawls.push(s.crawlId!);
  // The crawl's own pass ran with the default sizes (no author is large at that size here); re-run it.
  refreshAllRollups(sqlite, crawls[1], crawls[0], { authorMinModels: second });
  tablesAfterFirstRun = dump();
}, 120_000);

afterAll(async () => {
  sqlite?.close();
  await hub?.close();
});

describe("library rollups without the task", () => {
  test("cohorts per library x period x mask, and the last crawl per library x mask, equal a recount", () => {
    for (const [period, expr] of [["week", WEEK_SQL], ["month", MONTH_SQL]] as const) {
      const want = all(
        `SELECT COALESCE(m.library_name, '') AS library, ${expr} AS p, ${COHORT_FLOOR_SQL} AS floor, m.framework_mask AS mask,
           count(*) AS n, sum(m.downloads_30d) AS d, sum(m.downloads_all_time) AS a, sum(m.likes) AS l
         FROM models m WHERE m.gone_since_crawl IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      );
      expect(want.length).toBeGreaterThan(50);
      expect(all(
        `SELECT library, period_start AS p, created_floor AS floor, framework_mask AS mask, models AS n, downloads_30d AS d,
           downloads_all_time AS a, likes AS l FROM rollup_cohort_library_masks WHERE framework_mask < 65536 AND period = ? ORDER BY 1, 2, 3, 4`, period,
      )).toEqual(want);
    }
    const [prev, crawl] = crawls;
    const prevAllTime = `COALESCE((SELECT s.downloads_all_time FROM model_snapshots s
        WHERE s.model_id = m.id AND s.crawl_id <= ${prev} ORDER BY s.crawl_id DESC LIMIT 1), 0)`;
    expect(all(
      `SELECT library, framework_mask AS mask, models AS n, downloads_30d AS d, downloads_all_time AS a,
         downloads_since_prev AS since, likes AS l FROM rollup_crawl_library_masks WHERE framework_mask < 65536 AND crawl_id = ? ORDER BY 1, 2`, crawl,
    )).toEqual(all(
      `SELECT COALESCE(m.library_name, '') AS library, m.framework_mask AS mask, count(*) AS n, sum(m.downloads_30d) AS d,
         sum(m.downloads_all_time) AS a, sum(max(0, m.downloads_all_time - ${prevAllTime})) AS since, sum(m.likes) AS l
       FROM models m WHERE m.last_seen_crawl = ? GROUP BY 1, 2 ORDER BY 1, 2`, crawl,
    ));
  });
});

describe("author rollups equal their SQL definitions", () => {
  /** Authors with at least n models alive now. */
  const aliveAtLeast = (n: number) =>
    `SELECT author FROM models WHERE gone_since_crawl IS NULL AND author IS NOT NULL GROUP BY author HAVING count(*) >= ${n}`;

  test("the test sees both kinds of large author: still large, and large since the second crawl", () => {
    const had = new Set((firstRows as { author: string }[]).map((r) => r.author));
    expect(had.size).toBeGreaterThanOrEqual(4);
    const now = listedCounts(crawls[1]).filter((r) => r.n >= second.crawls).map((r) => r.author);
    expect(now.filter((a) => had.has(a)).length).toBeGreaterThan(0);
    expect(now.filter((a) => !had.has(a)).length).toBeGreaterThan(0);
    expect(all(aliveAtLeast(second.cohorts)).length).toBeGreaterThan(1);
  });

  test("rollup_authors: the large authors (and other cases of their names) with their models alive now", () => {
    const fold = (s: string) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
    const alive = all("SELECT author, count(*) AS n FROM models WHERE gone_since_crawl IS NULL AND author IS NOT NULL GROUP BY author") as { author: string; n: number }[];
    const large = new Set(alive.filter((r) => r.n >= Math.min(second.crawls, second.cohorts)).map((r) => fold(r.author)));
    const want = alive.filter((r) => large.has(fold(r.author))).map((r) => ({ author: r.author, models: r.n })).sort((a, b) => (a.author < b.author ? -1 : 1));
    expect(want.length).toBeGreaterThan(3);
    expect(all("SELECT author, models FROM rollup_authors ORDER BY author")).toEqual(want);
  });

  test("cohorts of the large authors: per period x mask, and per month x task x mask", () => {
    for (const [period, expr] of [["week", WEEK_SQL], ["month", MONTH_SQL]] as const) {
      expect(all(
        `SELECT author, period_start AS p, created_floor AS floor, framework_mask AS mask, models AS n, downloads_30d AS d,
           downloads_all_time AS a, likes AS l FROM rollup_author_cohort_masks WHERE period = ? ORDER BY 1, 2, 3, 4`, period,
      )).toEqual(all(
        lenses((mask) => `SELECT m.author, ${expr} AS p, ${COHORT_FLOOR_SQL} AS floor, ${mask} AS mask, count(*) AS n,
           sum(m.downloads_30d) AS d, sum(m.downloads_all_time) AS a, sum(m.likes) AS l
         FROM models m WHERE m.gone_since_crawl IS NULL AND m.author IN (${aliveAtLeast(second.cohorts)})
         GROUP BY 1, 2, 3, 4`, "1, 2, 3, 4"),
      ));
    }
    expect(all(
      `SELECT author, task, period_start AS p, created_floor AS floor, framework_mask AS mask, models AS n, downloads_30d AS d,
         downloads_all_time AS a, likes AS l FROM rollup_author_tasks ORDER BY 1, 2, 3, 4, 5`,
    )).toEqual(all(
      lenses((mask) => `SELECT m.author, COALESCE(m.pipeline_tag, '') AS task, ${MONTH_SQL} AS p, ${COHORT_FLOOR_SQL} AS floor, ${mask} AS mask,
         count(*) AS n, sum(m.downloads_30d) AS d, sum(m.downloads_all_time) AS a, sum(m.likes) AS l
       FROM models m WHERE m.gone_since_crawl IS NULL AND m.author IN (${aliveAtLeast(second.cohorts)})
       GROUP BY 1, 2, 3, 4, 5`, "1, 2, 3, 4, 5"),
    ));
  });

  test("per-crawl rows: the last crawl from its models, the first as its pass wrote it or rebuilt from the snapshots", () => {
    const [prev, crawl] = crawls;
    const big = listedCounts(crawl).filter((r) => r.n >= second.crawls).map((r) => r.author);
    const inList = big.map((a) => `'${a.replace(/'/g, "''")}'`).join(", ");
    const prevAllTime = `COALESCE((SELECT s.downloads_all_time FROM model_snapshots s
        WHERE s.model_id = m.id AND s.crawl_id <= ${prev} ORDER BY s.crawl_id DESC LIMIT 1), 0)`;
    expect(all(
      `SELECT author, framework_mask AS mask, models AS n, downloads_30d AS d, downloads_all_time AS a, downloads_since_prev AS since,
         likes AS l FROM rollup_crawl_authors WHERE crawl_id = ? ORDER BY 1, 2`, crawl,
    )).toEqual(all(
      lenses((mask) => `SELECT m.author, ${mask} AS mask, count(*) AS n, sum(m.downloads_30d) AS d, sum(m.downloads_all_time) AS a,
         sum(max(0, m.downloads_all_time - ${prevAllTime})) AS since, sum(m.likes) AS l
       FROM models m WHERE m.last_seen_crawl = ? AND m.author IN (${inList}) GROUP BY 1, 2`, "1, 2"), crawl, crawl,
    ));
    // The first crawl: the authors large then keep the rows their pass wrote; the authors large
    // since have theirs rebuilt from the snapshots (today's author and mask, the values of the
    // latest snapshot at or before the crawl; no downloads between crawls at a first crawl).
    const had = new Set((firstRows as { author: string }[]).map((r) => r.author));
    const rebuilt = big.filter((a) => !had.has(a)).map((a) => `'${a.replace(/'/g, "''")}'`).join(", ");
    const snapshotRows = [FW_LENS_MASK, "m.framework_mask"].flatMap((mask) => all(
      `SELECT ${prev} AS crawl_id, m.author, ${mask} AS framework_mask, count(*) AS models, sum(s.downloads_30d) AS downloads_30d,
         sum(s.downloads_all_time) AS downloads_all_time, NULL AS downloads_since_prev, sum(s.likes) AS likes
       FROM models m JOIN model_snapshots s ON s.model_id = m.id
       WHERE m.author IN (${rebuilt}) AND m.first_seen_crawl <= @c AND (m.gone_since_crawl IS NULL OR m.gone_since_crawl > @c)
         AND s.crawl_id = (SELECT max(crawl_id) FROM model_snapshots WHERE model_id = m.id AND crawl_id <= @c)
       GROUP BY 2, 3`, { c: prev },
    ));
    expect(snapshotRows.length).toBeGreaterThan(0);
    const key = (r: unknown) => { const x = r as { author: string; framework_mask: number }; return `${x.author}\u0000${String(x.framework_mask).padStart(6, "0")}`; };
    const want = [...firstRows, ...snapshotRows].sort((x, y) => (key(x) < key(y) ? -1 : 1));
    expect(all("SELECT * FROM rollup_crawl_authors WHERE crawl_id = ? ORDER BY author, framework_mask", prev)).toEqual(want);
  });

  test("download concentration of the large authors at the last crawl", () => {
    const crawl = crawls[1];
    const big = listedCounts(crawl).filter((r) => r.n >= second.crawls);
    const want = big.map(({ author }) => {
      const values = all("SELECT downloads_30d AS d FROM models WHERE last_seen_crawl = ? AND author = ?", crawl, author).map((r) => (r as { d: number }).d);
      const c = concentration(values);
      return { value: author, models: values.length, zero: c.zero, top: c.topModels, topDownloads: c.topDownloads, total: c.total };
    }).sort((a, b) => (a.value < b.value ? -1 : 1));
    expect(all(
      `SELECT value, models, zero_download_models AS zero, top_models AS top, top_downloads_30d AS topDownloads, downloads_30d AS total
       FROM rollup_crawl_stats WHERE crawl_id = ? AND dimension = 'author' ORDER BY value`, crawl,
    )).toEqual(want);
  });

  test("a re-run that knows the large authors beforehand (the scan accumulates them) writes the same rows", () => {
    refreshAllRollups(sqlite, crawls[1], crawls[0], { authorMinModels: second });
    expect(dump()).toEqual(tablesAfterFirstRun);
  });

  test("models fed one at a time out of id order (no range to complete) write the same rows", () => {
    const acc = new RollupAccumulator();
    acc.authors.min = second;
    const [prev, crawl] = crawls;
    const rows = all(
      `SELECT m.id, ${COHORT_TIME_SQL} AS t, ${COHORT_FLOOR_SQL} AS floor, m.framework_mask AS mask, m.pipeline_tag AS task,
         m.library_name AS lib, m.downloads_30d AS d, m.downloads_all_time AS a, m.likes AS l, m.gone_since_crawl IS NULL AS alive,
         m.last_seen_crawl = @crawl AS inCrawl, m.author,
         CASE WHEN m.last_seen_crawl = @crawl THEN COALESCE((SELECT s.downloads_all_time FROM model_snapshots s
           WHERE s.model_id = m.id AND s.crawl_id <= @prev ORDER BY s.crawl_id DESC LIMIT 1), 0) END AS prev
       FROM models m WHERE m.gone_since_crawl IS NULL OR m.last_seen_crawl = @crawl ORDER BY m.id DESC`,
      { crawl, prev },
    ) as { id: number; t: number; floor: 0 | 1; mask: number; task: string | null; lib: string | null; d: number; a: number; l: number; alive: number; inCrawl: number; author: string | null; prev: number | null }[];
    for (const r of rows) acc.add(r.id, r.t, r.floor, r.mask, r.task, r.lib, r.d, r.a, r.l, r.alive === 1, r.inCrawl === 1, r.prev, r.author);
    expect(acc.authors.ordered).toBe(false);
    expect(acc.authors.cohortFrom.some((x) => x !== undefined)).toBe(true);
    sqlite.transaction(() => acc.write(sqlite, { cohortsCrawlId: crawl, crawl: { id: crawl, prevFullCrawlId: prev }, authorMinModels: second }))();
    expect(dump()).toEqual(tablesAfterFirstRun);
  });
  test("a change of the rules rebuilds the large authors' framework-lens rows of earlier crawls from the snapshots", () => {
    const prev = crawls[0];
    const rows = () => all(`SELECT * FROM rollup_crawl_authors WHERE crawl_id = ? AND framework_mask >= ${FRAMEWORK_BASIS_BIT} ORDER BY author, framework_mask`, prev);
    const authors = (all("SELECT DISTINCT author FROM rollup_crawl_authors WHERE crawl_id = ?", crawls[1]) as { author: string }[]).map((r) => `'${r.author.replace(/'/g, "''")}'`).join(", ");
    sqlite.transaction(() => {
      sqlite.prepare(`UPDATE rollup_crawl_authors SET models = 0 WHERE crawl_id < ? AND framework_mask >= ${FRAMEWORK_BASIS_BIT}`).run(crawls[1]);
      expect(rebuildAuthorsFrameworkBasis(sqlite, crawls[1])).toBeGreaterThan(0);
    })();
    // Today's author and tags, the values of the latest snapshot at or before the crawl (lib/rollups/author-history.ts).
    const want = all(
      `SELECT ${prev} AS crawl_id, m.author, ${FW_LENS_MASK} AS framework_mask, count(*) AS models, sum(s.downloads_30d) AS downloads_30d,
         sum(s.downloads_all_time) AS downloads_all_time, NULL AS downloads_since_prev, sum(s.likes) AS likes
       FROM models m JOIN model_snapshots s ON s.model_id = m.id
       WHERE m.author IN (${authors}) AND m.first_seen_crawl <= @c AND (m.gone_since_crawl IS NULL OR m.gone_since_crawl > @c)
         AND s.crawl_id = (SELECT max(crawl_id) FROM model_snapshots WHERE model_id = m.id AND crawl_id <= @c)
       GROUP BY 2, 3 ORDER BY 2, 3`, { c: prev },
    );
    expect(want.length).toBeGreaterThan(0);
    expect(rows()).toEqual(want);
  });

});
