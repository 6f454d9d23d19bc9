/**
 * Every rollup table equals its definition as a SQL GROUP BY over `models` (and the snapshots for
 * the downloads between crawls). The rollups are computed in one pass in JS (lib/rollups/rollup-pass);
 * the SQL below is the reference they must reproduce, on a DB built through the real path: two
 * fake-Hub days crawled (renames, deletions, moved downloads), then the creation-date backfill.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { runBackfill } from "../../lib/crawl/backfill";
import { runCrawl } from "../../lib/crawl/run-crawl";
import { COHORT_FLOOR_SQL, MONTH_SQL, TOP_MODELS_KEPT, WEEK_SQL, concentration } from "../../lib/rollups/rollups";
import { concentrationOfHistogram } from "../../lib/rollups/rollup-pass";
import { FRAMEWORKS } from "../../lib/frameworks/config";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { attributeSql } from "../../lib/frameworks/rules";
import { FRAMEWORK_BASIS_BIT, FRAMEWORK_LENS } from "../../lib/frameworks/lenses";
import { tempDir } from "../helpers/cli";

const FAST = { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 5000 };

let hub: FakeHub;
let firstLoad: Sqlite;
let later: Sqlite;
let crawls: number[];

beforeAll(async () => {
  hub = await startFakeHub({ models: 2_500, seed: 23, day: "2026-11-20", rateLimit: false });
  const dir = tempDir();
  const sqlite = openSqlite(path.join(dir, "rollups.db"));
  crawls = [];
  for (let day = 0; day < 2; day++) {
    if (day > 0) {
      // The first crawl's state, kept: its rollups were fed by the page writer (a first load), not scanned.
      sqlite.prepare("VACUUM INTO ?").run(path.join(dir, "first.db"));
      hub.advanceDays(3);
    }
    const s = await runCrawl({ sqlite, hubUrl: hub.url, fetch: FAST });
    expect(s.status).toBe("completed");
    crawls.push(s.crawlId!);
  }
  const b = await runBackfill({ sqlite, hubUrl: hub.url, fetch: FAST });
  expect(b.status).toBe("completed");
  later = sqlite;
  firstLoad = openSqlite(path.join(dir, "first.db"), { readonly: true, migrate: false });
}, 120_000);

afterAll(async () => {
  later?.close();
  firstLoad?.close();
  await hub?.close();
});

let sqlite: Sqlite;
const all = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params);

describe("a first load: rollups accumulated by the page writer as pages commit", () => {
  beforeAll(() => {
    sqlite = firstLoad;
  });

  test("every table equals its SQL definition", () => {
    expect((sqlite.prepare("SELECT count(*) AS n FROM rollup_cohort_libraries").get() as { n: number }).n).toBeGreaterThan(50);
    expectCohorts();
    expectCrawl(crawls[0], null);
    expectConcentration(crawls[0]);
    expectTops();
  });
});

describe("rollups equal their SQL definitions (scanned: after a second crawl and the backfill)", () => {
  beforeAll(() => {
    sqlite = later;
  });

  test("the DB under test has what the rollups must handle: gone models, true dates, floors, downloads between crawls", () => {
    const n = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    expect(n("SELECT count(*) AS n FROM models WHERE gone_since_crawl IS NOT NULL")).toBeGreaterThan(0);
    expect(n("SELECT count(*) AS n FROM models WHERE true_created_source IN ('initial-commit', 'oldest-commit')")).toBeGreaterThan(0);
    expect(n("SELECT count(*) AS n FROM models WHERE library_name IS NULL")).toBeGreaterThan(0);
    expect(n(`SELECT count(*) AS n FROM rollup_crawls WHERE crawl_id = ${crawls[1]} AND downloads_since_prev > 0`)).toBeGreaterThan(0);
  });

  test("cohorts by week and month, per library, per mask", () => expectCohorts());
  test("the last full crawl: per mask x task, per library, per mask, with the downloads since the previous crawl", () => {
    expectCrawl(crawls[1], crawls[0]);
    // The first crawl has no previous one: no downloads between crawls, not zero.
    expect(all("SELECT DISTINCT downloads_since_prev AS s FROM rollup_crawl_libraries WHERE crawl_id = ?", crawls[0])).toEqual([{ s: null }]);
  });
  test("download concentration overall, per task and per library", () => expectConcentration(crawls[1]));
  test("top models per framework by downloads and likes, ties by id", () => expectTops());
});

/** Both lenses' SQL definition: the tag mask as stored, and the rules' attribution with the lens bit (lib/frameworks/lenses.ts). */
const FW_MASK = `(${attributeSql("m.framework_mask", "m.library_name")} | ${FRAMEWORK_BASIS_BIT})`;
function lenses(q: (mask: string) => string, order: string): string {
  return `SELECT * FROM (${q("m.framework_mask")} UNION ALL ${q(FW_MASK)}) ORDER BY ${order}`;
}

function expectCohorts(): void {
  for (const [period, expr] of [["week", WEEK_SQL], ["month", MONTH_SQL]] as const) {
    const lib = all(
      lenses((mask) => `SELECT COALESCE(m.library_name, '') AS library, ${expr} AS p, ${COHORT_FLOOR_SQL} AS floor, ${mask} AS mask,
         COALESCE(m.pipeline_tag, '') AS task, count(*) AS n, sum(m.downloads_30d) AS d, sum(m.downloads_all_time) AS a, sum(m.likes) AS l
       FROM models m WHERE m.gone_since_crawl IS NULL GROUP BY 1, 2, 3, 4, 5`, "1, 2, 3, 4, 5"),
    );
    expect(lib.length).toBeGreaterThan(50);
    expect(all(
      `SELECT library, period_start AS p, created_floor AS floor, framework_mask AS mask, task, models AS n, downloads_30d AS d,
         downloads_all_time AS a, likes AS l FROM rollup_cohort_libraries WHERE period = ? ORDER BY 1, 2, 3, 4, 5`, period,
    )).toEqual(lib);
    const cohorts = all(
      lenses((mask) => `SELECT ${expr} AS p, ${COHORT_FLOOR_SQL} AS floor, ${mask} AS mask, COALESCE(m.pipeline_tag, '') AS task,
         count(*) AS n, sum(m.downloads_30d) AS d, sum(m.downloads_all_time) AS a, sum(m.likes) AS l
       FROM models m WHERE m.gone_since_crawl IS NULL GROUP BY 1, 2, 3, 4`, "1, 2, 3, 4"),
    );
    expect(all(
      `SELECT period_start AS p, created_floor AS floor, framework_mask AS mask, task, models AS n, downloads_30d AS d,
         downloads_all_time AS a, likes AS l FROM rollup_cohorts WHERE period = ? ORDER BY 1, 2, 3, 4`, period,
    )).toEqual(cohorts);
    const masks = all(
      lenses((mask) => `SELECT ${expr} AS p, ${COHORT_FLOOR_SQL} AS floor, ${mask} AS mask, count(*) AS n, sum(m.downloads_30d) AS d,
         sum(m.downloads_all_time) AS a, sum(m.likes) AS l
       FROM models m WHERE m.gone_since_crawl IS NULL GROUP BY 1, 2, 3`, "1, 2, 3"),
    );
    expect(all(
      `SELECT period_start AS p, created_floor AS floor, framework_mask AS mask, models AS n, downloads_30d AS d,
         downloads_all_time AS a, likes AS l FROM rollup_cohort_masks WHERE period = ? ORDER BY 1, 2, 3`, period,
    )).toEqual(masks);
  }
}

/** The per-crawl tables of `crawl` (a completed full crawl; `prev` the full crawl before it, if any). */
function expectCrawl(crawl: number, prev: number | null): void {
  const prevAllTime = `COALESCE((SELECT s.downloads_all_time FROM model_snapshots s
      WHERE s.model_id = m.id AND s.crawl_id <= ${prev} ORDER BY s.crawl_id DESC LIMIT 1), 0)`;
  const since = prev === null ? "NULL" : `sum(max(0, m.downloads_all_time - ${prevAllTime}))`;
  const measures = `count(*) AS n, sum(m.downloads_30d) AS d, sum(m.downloads_all_time) AS a,
    ${since} AS since, sum(m.likes) AS l`;
  const stored = "models AS n, downloads_30d AS d, downloads_all_time AS a, downloads_since_prev AS since, likes AS l";
  expect(all(`SELECT framework_mask AS mask, task, ${stored} FROM rollup_crawls WHERE crawl_id = ? ORDER BY 1, 2`, crawl)).toEqual(
    all(lenses((mask) => `SELECT ${mask} AS mask, COALESCE(m.pipeline_tag, '') AS task, ${measures} FROM models m
         WHERE m.last_seen_crawl = ? GROUP BY 1, 2`, "1, 2"), crawl, crawl),
  );
  expect(all(`SELECT library, framework_mask AS mask, task, ${stored} FROM rollup_crawl_libraries WHERE crawl_id = ? ORDER BY 1, 2, 3`, crawl)).toEqual(
    all(lenses((mask) => `SELECT COALESCE(m.library_name, '') AS library, ${mask} AS mask, COALESCE(m.pipeline_tag, '') AS task, ${measures}
         FROM models m WHERE m.last_seen_crawl = ? GROUP BY 1, 2, 3`, "1, 2, 3"), crawl, crawl),
  );
  expect(all(`SELECT framework_mask AS mask, ${stored} FROM rollup_crawl_masks WHERE crawl_id = ? ORDER BY 1`, crawl)).toEqual(
    all(lenses((mask) => `SELECT ${mask} AS mask, ${measures} FROM models m WHERE m.last_seen_crawl = ? GROUP BY 1`, "1"), crawl, crawl),
  );
}

function expectConcentration(crawl: number): void {
  const groups = new Map<string, number[]>();
  for (const r of all("SELECT COALESCE(pipeline_tag, '') AS t, COALESCE(library_name, '') AS lib, downloads_30d AS d FROM models WHERE last_seen_crawl = ?", crawl) as { t: string; lib: string; d: number }[]) {
    for (const k of ["all\u0000", `task\u0000${r.t}`, `library\u0000${r.lib}`]) groups.set(k, [...(groups.get(k) ?? []), r.d]);
  }
  const expected = [...groups].map(([k, values]) => {
    const [dimension, value] = k.split("\u0000");
    const sorted = [...values].sort((a, b) => b - a);
    const top = Math.ceil(values.length / 100);
    return {
      dimension, value, models: values.length, zero: values.filter((v) => v === 0).length, top,
      topDownloads: sorted.slice(0, top).reduce((s, v) => s + v, 0), total: values.reduce((s, v) => s + v, 0),
    };
  }).sort((a, b) => (a.dimension + "\u0000" + a.value < b.dimension + "\u0000" + b.value ? -1 : 1));
  expect(all(
    `SELECT dimension, value, models, zero_download_models AS zero, top_models AS top, top_downloads_30d AS topDownloads,
       downloads_30d AS total FROM rollup_crawl_stats WHERE crawl_id = ? ORDER BY dimension || char(0) || value`, crawl,
  )).toEqual(expected);
  expect(concentration([5, 0, 3])).toEqual({ zero: 1, topModels: 1, topDownloads: 5, total: 8 });
  // The histogram form the crawl uses: the top 1% may split a value shared by many models.
  const values = [...Array(150).fill(0), ...Array(40).fill(7), 9, 9, 100];
  const h = new Map<number, number>();
  for (const v of values) h.set(v, (h.get(v) ?? 0) + 1);
  expect(concentrationOfHistogram(h)).toEqual({ models: 193, ...concentration(values) });
  expect(concentration(values)).toMatchObject({ topModels: 2, topDownloads: 109, zero: 150 });
}

function expectTops(): void {
  const fw = attributeSql("m.framework_mask", "m.library_name");
  for (const f of [
    { id: "all", where: "1" }, { id: "none", where: "m.framework_mask = 0" }, ...FRAMEWORKS.map((x) => ({ id: x.id, where: `(m.framework_mask & ${2 ** x.bit}) != 0` })),
    { id: "framework:none", where: `${fw} = 0` }, ...FRAMEWORK_LENS.map((x) => ({ id: `framework:${x.id}`, where: `(${fw} & ${x.bit}) != 0` })),
  ]) {
    for (const [measure, col] of [["downloads", "downloads_30d"], ["likes", "likes"]] as const) {
      const expected = all(
        `SELECT m.id AS id FROM models m WHERE m.gone_since_crawl IS NULL AND ${f.where} ORDER BY m.${col} DESC, m.id LIMIT ${TOP_MODELS_KEPT}`,
      );
      expect(all("SELECT model_id AS id FROM rollup_top_models WHERE framework = ? AND measure = ? ORDER BY rank", f.id, measure), `${f.id} ${measure}`).toEqual(expected);
    }
  }
}
