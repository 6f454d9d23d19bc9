/**
 * The two shapes every dashboard figure is computed from, read from the narrowest rollup that
 * holds the filters asked for:
 * - cohorts: models alive now by creation period x framework mask (x task when asked);
 * - crawls: per completed full crawl x framework mask: models, 30-day downloads, all-time
 *   downloads, downloads since the previous full crawl.
 *
 * Which table answers (no dashboard query scans models, decisions.md):
 * | filter            | cohorts                         | crawls                          |
 * | none              | rollup_cohort_masks             | rollup_crawl_masks              |
 * | task              | rollup_cohorts (task index)     | rollup_crawls (task index)      |
 * | library (+ task)  | rollup_cohort_libraries         | rollup_crawl_libraries          |
 * | author (+ others) | models via models_author_nocase | models_author_nocase + model_snapshots |
 * The author filter is not a rollup dimension: it reads the author's models through their index
 * (its latency is reported separately by the benchmark).
 */
import type { Sqlite } from "../../db/index";
import { COHORT_FLOOR_SQL, MONTH_SQL, WEEK_SQL } from "../crawl/rollups";
import { periodStart } from "../charts/periods";
import type { Granularity, ViewState } from "../url-state";

export type Filters = Pick<ViewState, "task" | "library" | "author">;

export interface CohortCell {
  models: number;
  downloads30d: number;
}

export interface CohortRow extends CohortCell {
  /** Period start in the asked granularity (quarters are sums of months). */
  period: string;
  mask: number;
  /** pipeline_tag ("" = none); "*" when the task dimension was summed out. */
  task: string;
  /** 1 = creation date on the Hub's 2022-03 floor with no backfilled true date. */
  floor: 0 | 1;
}

export function filterSource(f: Filters): "author" | "library" | "task" | "none" {
  return f.author !== null ? "author" : f.library !== null ? "library" : f.task !== null ? "task" : "none";
}

/**
 * Cohort rows for a granularity. `byTask` keeps the task dimension (the framework x task chart);
 * otherwise tasks are summed. Weeks read the weekly rollup; months and quarters the monthly one.
 */
export function readCohorts(sqlite: Sqlite, f: Filters, g: Granularity, byTask = false): CohortRow[] {
  const period = g === "week" ? "week" : "month";
  const taskCol = byTask ? "task" : "'*'";
  const src = filterSource(f);
  let rows: CohortRow[];
  if (src === "author") {
    const expr = period === "week" ? WEEK_SQL : MONTH_SQL;
    const where = ["m.author = @author COLLATE NOCASE", "m.author = @author", "m.gone_since_crawl IS NULL"];
    if (f.library !== null) where.push("m.library_name = @library");
    if (f.task !== null) where.push("COALESCE(m.pipeline_tag, '') = @task");
    rows = sqlite
      .prepare(
        `SELECT ${expr} AS period, ${byTask ? "COALESCE(m.pipeline_tag, '')" : "'*'"} AS task, ${COHORT_FLOOR_SQL} AS floor,
           m.framework_mask AS mask, count(*) AS models, sum(m.downloads_30d) AS downloads30d
         FROM models m WHERE ${where.join(" AND ")}
         GROUP BY 1, 2, 3, 4`,
      )
      .all({ author: f.author, library: f.library, task: f.task }) as CohortRow[];
  } else {
    const table =
      src === "library" ? "rollup_cohort_libraries" : src === "task" || byTask ? "rollup_cohorts" : "rollup_cohort_masks";
    const where = ["period = @period"];
    if (src === "library") where.push("library = @library");
    if (f.task !== null) where.push("task = @task");
    rows = sqlite
      .prepare(
        `SELECT period_start AS period, ${taskCol} AS task, created_floor AS floor, framework_mask AS mask,
           sum(models) AS models, sum(downloads_30d) AS downloads30d
         FROM ${table} WHERE ${where.join(" AND ")}
         GROUP BY 1, 2, 3, 4`,
      )
      .all({ period, library: f.library, task: f.task }) as CohortRow[];
  }
  if (g !== "quarter") return rows;
  const merged = new Map<string, CohortRow>();
  for (const r of rows) {
    const q = periodStart(r.period, "quarter");
    const key = `${q}|${r.task}|${r.floor}|${r.mask}`;
    const m = merged.get(key);
    if (m) {
      m.models += r.models;
      m.downloads30d += r.downloads30d;
    } else merged.set(key, { ...r, period: q });
  }
  return [...merged.values()];
}

export interface CrawlInfo {
  id: number;
  startedAt: number;
  finishedAt: number;
}

export interface CrawlRow {
  crawlId: number;
  mask: number;
  models: number;
  downloads30d: number;
  downloadsAllTime: number;
  /** Null on the first full crawl (nothing to compare with). */
  downloadsSincePrev: number | null;
}

/** Completed full crawls, oldest first (the x axis of every "across crawls" chart). */
export function readFullCrawls(sqlite: Sqlite): CrawlInfo[] {
  return sqlite
    .prepare<[], CrawlInfo>(
      `SELECT id, started_at AS startedAt, finished_at AS finishedAt FROM crawls
       WHERE status = 'completed' AND kind = 'full' ORDER BY id`,
    )
    .all();
}

/** Per completed full crawl x framework mask (tasks summed). */
export function readCrawls(sqlite: Sqlite, f: Filters): CrawlRow[] {
  const src = filterSource(f);
  if (src === "author") return readAuthorCrawls(sqlite, f);
  const table = src === "library" ? "rollup_crawl_libraries" : src === "task" ? "rollup_crawls" : "rollup_crawl_masks";
  const where: string[] = [];
  if (src === "library") where.push("library = @library");
  if (f.task !== null) where.push("task = @task");
  return sqlite
    .prepare(
      `SELECT crawl_id AS crawlId, framework_mask AS mask, sum(models) AS models, sum(downloads_30d) AS downloads30d,
         sum(downloads_all_time) AS downloadsAllTime, sum(downloads_since_prev) AS downloadsSincePrev
       FROM ${table} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       GROUP BY 1, 2`,
    )
    .all({ library: f.library, task: f.task }) as CrawlRow[];
}

/**
 * The author's models across crawls, from their change-only snapshots: a model counts at full
 * crawl c when it was first seen at or before c and not gone by c; its values at c are its latest
 * snapshot at or before c; downloads since the previous full crawl p are the all-time delta (from 0
 * when it had no snapshot by p), as in writeCrawlRollup. Masks are today's (the rollups keep the
 * mask each crawl saw; they differ only for a model whose tags changed).
 */
function readAuthorCrawls(sqlite: Sqlite, f: Filters): CrawlRow[] {
  const crawls = readFullCrawls(sqlite).map((c) => c.id);
  if (crawls.length === 0) return [];
  const where = ["m.author = @author COLLATE NOCASE", "m.author = @author"];
  if (f.library !== null) where.push("m.library_name = @library");
  if (f.task !== null) where.push("COALESCE(m.pipeline_tag, '') = @task");
  const rows = sqlite
    .prepare(
      `SELECT m.id AS id, m.framework_mask AS mask, m.first_seen_crawl AS first, m.gone_since_crawl AS gone,
         s.crawl_id AS crawl, s.downloads_30d AS d30, s.downloads_all_time AS dall
       FROM models m JOIN model_snapshots s ON s.model_id = m.id
       WHERE ${where.join(" AND ")} ORDER BY m.id, s.crawl_id`,
    )
    .raw()
    .all({ author: f.author, library: f.library, task: f.task }) as [number, number, number, number | null, number, number, number][];
  const out = new Map<string, CrawlRow>();
  let k = 0;
  while (k < rows.length) {
    const id = rows[k][0];
    const [, mask, first, gone] = rows[k];
    const snaps: [number, number, number][] = [];
    while (k < rows.length && rows[k][0] === id) {
      snaps.push([rows[k][4], rows[k][5], rows[k][6]]);
      k++;
    }
    let si = -1;
    let prevAll: number | null = null;
    for (let ci = 0; ci < crawls.length; ci++) {
      const c = crawls[ci];
      while (si + 1 < snaps.length && snaps[si + 1][0] <= c) si++;
      const present = first <= c && (gone === null || gone > c) && si >= 0;
      const all = si >= 0 ? snaps[si][2] : null;
      if (present) {
        const key = `${c}|${mask}`;
        const row = out.get(key) ?? { crawlId: c, mask, models: 0, downloads30d: 0, downloadsAllTime: 0, downloadsSincePrev: ci === 0 ? null : 0 };
        row.models += 1;
        row.downloads30d += snaps[si][1];
        row.downloadsAllTime += all!;
        if (ci > 0) row.downloadsSincePrev = (row.downloadsSincePrev ?? 0) + Math.max(0, all! - (prevAll ?? 0));
        out.set(key, row);
      }
      prevAll = all;
    }
  }
  return [...out.values()];
}

// ---------------------------------------------------------------------------------------------
// Series-level aggregation in SQL. Reading mask-level rows into JS costs ~2 us a row on this kind
// of machine (3,000 monthly mask rows = 7 ms, 9,000 weekly = 25 ms), so the sums per series are
// done by SQLite and only one row per period (or task, or crawl) crosses into JS.
// ---------------------------------------------------------------------------------------------

/** A series as a condition on the framework mask, in SQL and in JS (the same predicate). */
export interface SeriesCol {
  id: string;
  sql: (mask: string) => string;
  test: (mask: number) => boolean;
}

export interface Sum {
  models: number;
  downloads30d: number;
}
export type Sums = Map<string, Sum>;

/** Bits are small integers from lib/frameworks/config.ts: safe to put in SQL text. */
export function bitCol(id: string, bit: number): SeriesCol {
  return { id, sql: (m) => `(${m} & ${bit}) != 0`, test: (mask) => (mask & bit) !== 0 };
}

/**
 * The columns every cohort / crawl figure is made of: each selected framework, "other" (a tracked
 * framework but none selected), "none" (mask 0), "total", and the exclusive groups of a pair
 * ("x:a" only A, "x:b" only B, "x:both", "x:neither").
 */
export function seriesCols(selected: readonly { id: string; bit: number }[], pair: readonly [number, number]): SeriesCol[] {
  const sel = selected.reduce((m, s) => m | s.bit, 0);
  const [a, b] = pair;
  return [
    ...selected.map((s) => bitCol(s.id, s.bit)),
    { id: "other", sql: (m) => `(${m} != 0 AND (${m} & ${sel}) = 0)`, test: (mask) => mask !== 0 && (mask & sel) === 0 },
    { id: "none", sql: (m) => `${m} = 0`, test: (mask) => mask === 0 },
    { id: "total", sql: () => "1", test: () => true },
    { id: "x:a", sql: (m) => `((${m} & ${a}) != 0 AND (${m} & ${b}) = 0)`, test: (mask) => (mask & a) !== 0 && (mask & b) === 0 },
    { id: "x:b", sql: (m) => `((${m} & ${b}) != 0 AND (${m} & ${a}) = 0)`, test: (mask) => (mask & b) !== 0 && (mask & a) === 0 },
    { id: "x:both", sql: (m) => `((${m} & ${a}) != 0 AND (${m} & ${b}) != 0)`, test: (mask) => (mask & a) !== 0 && (mask & b) !== 0 },
    { id: "x:neither", sql: (m) => `((${m} & ${a}) = 0 AND (${m} & ${b}) = 0)`, test: (mask) => (mask & a) === 0 && (mask & b) === 0 },
  ];
}

export interface SumRow {
  /** Period start, task, or "" (by: all). */
  key: string;
  floor: 0 | 1;
  sums: Sums;
}

export interface CohortRange {
  /** First period start shown (inclusive) and last (inclusive); null = open. */
  start: string | null;
  end: string | null;
}

/**
 * Sums per series of the models alive now, grouped by creation period (with the floor flag), by
 * task, or not at all; `range` keeps whole periods in [start, end] and, when the start is open, the
 * floor-dated repos too.
 */
export function cohortSums(sqlite: Sqlite, f: Filters, g: Granularity, cols: readonly SeriesCol[], by: "period" | "task" | "all", range?: CohortRange, withDownloads = false): SumRow[] {
  const period = g === "week" ? "week" : "month";
  const src = filterSource(f);
  const author = src === "author";
  const mask = author ? "m.framework_mask" : "framework_mask";
  const n = author ? "1" : "models";
  const d = author ? "m.downloads_30d" : "downloads_30d";
  const periodExpr = author ? (period === "week" ? WEEK_SQL : MONTH_SQL) : "period_start";
  const floorExpr = author ? COHORT_FLOOR_SQL : "created_floor";
  const taskExpr = author ? "COALESCE(m.pipeline_tag, '')" : "task";
  const where: string[] = [];
  let from: string;
  if (author) {
    from = "models m";
    where.push("m.author = @author COLLATE NOCASE", "m.author = @author", "m.gone_since_crawl IS NULL");
    if (f.library !== null) where.push("m.library_name = @library");
    if (f.task !== null) where.push("COALESCE(m.pipeline_tag, '') = @task");
  } else {
    from = src === "library" ? "rollup_cohort_libraries" : src === "task" || by === "task" ? "rollup_cohorts" : "rollup_cohort_masks";
    where.push("period = @period");
    if (src === "library") where.push("library = @library");
    if (f.task !== null) where.push("task = @task");
  }
  if (range) {
    const dated = [`${floorExpr} = 0`];
    if (range.start !== null) dated.push(`${periodExpr} >= @start`);
    if (range.end !== null) dated.push(`${periodExpr} <= @end`);
    where.push(range.start === null ? `((${dated.join(" AND ")}) OR ${floorExpr} = 1)` : `(${dated.join(" AND ")})`);
  }
  // Every column is one expression per row: only the sums asked for (downloads are optional).
  const sums = cols.map((c, i) => `sum(CASE WHEN ${c.sql(mask)} THEN ${n} ELSE 0 END) AS m${i}, ${withDownloads ? `sum(CASE WHEN ${c.sql(mask)} THEN ${d} ELSE 0 END)` : "0"} AS d${i}`).join(", ");
  const keyExpr = by === "period" ? periodExpr : by === "task" ? taskExpr : "''";
  const floorSel = by === "period" ? floorExpr : "0";
  const group = by === "period" ? "GROUP BY 1, 2" : by === "task" ? "GROUP BY 1" : "";
  const rows = sqlite
    .prepare(`SELECT ${keyExpr} AS k, ${floorSel} AS fl, ${sums} FROM ${from} WHERE ${where.join(" AND ")} ${group}`)
    .raw()
    .all({ author: f.author, library: f.library, task: f.task, period, start: range?.start ?? null, end: range?.end ?? null }) as (string | number | null)[][];
  const out: SumRow[] = [];
  for (const r of rows) {
    if (by === "all" && r[2] === null) continue; // no row matched: sum() of nothing
    const m: Sums = new Map();
    cols.forEach((c, i) => m.set(c.id, { models: Number(r[2 + 2 * i] ?? 0), downloads30d: Number(r[3 + 2 * i] ?? 0) }));
    out.push({ key: String(r[0]), floor: Number(r[1]) === 1 ? 1 : 0, sums: m });
  }
  if (g !== "quarter" || by !== "period") return out;
  const merged = new Map<string, SumRow>();
  for (const r of out) {
    const q = periodStart(r.key, "quarter");
    const k = `${q}|${r.floor}`;
    const into = merged.get(k);
    if (!into) merged.set(k, { key: q, floor: r.floor, sums: r.sums });
    else for (const [id, v] of r.sums) addSum(into.sums, id, v.models, v.downloads30d);
  }
  return [...merged.values()];
}

export function addSum(into: Sums, id: string, models: number, downloads30d: number): void {
  const s = into.get(id);
  if (s) {
    s.models += models;
    s.downloads30d += downloads30d;
  } else into.set(id, { models, downloads30d });
}

export interface CrawlSum {
  models: number;
  downloads30d: number;
  downloadsAllTime: number;
  /** Null on the first full crawl. */
  downloadsSincePrev: number | null;
}

/** Folds mask-level crawl rows (the author path) into sums per series. */
export function sumCrawlRows(rows: readonly CrawlRow[], cols: readonly SeriesCol[]): Map<number, Map<string, CrawlSum>> {
  const out = new Map<number, Map<string, CrawlSum>>();
  for (const r of rows) {
    let m = out.get(r.crawlId);
    if (!m) out.set(r.crawlId, (m = new Map(cols.map((c) => [c.id, { models: 0, downloads30d: 0, downloadsAllTime: 0, downloadsSincePrev: r.downloadsSincePrev === null ? null : 0 }]))));
    for (const c of cols) {
      if (!c.test(r.mask)) continue;
      const s = m.get(c.id)!;
      s.models += r.models;
      s.downloads30d += r.downloads30d;
      s.downloadsAllTime += r.downloadsAllTime;
      if (s.downloadsSincePrev !== null && r.downloadsSincePrev !== null) s.downloadsSincePrev += r.downloadsSincePrev;
    }
  }
  return out;
}

/** Per completed full crawl, sums per series (tasks summed), from the narrowest per-crawl rollup. */
export function crawlSums(sqlite: Sqlite, f: Filters, cols: readonly SeriesCol[], measures: readonly ("models" | "downloads30d" | "downloadsAllTime" | "downloadsSincePrev")[] = ["models", "downloads30d", "downloadsAllTime", "downloadsSincePrev"]): Map<number, Map<string, CrawlSum>> {
  const out = new Map<number, Map<string, CrawlSum>>();
  const src = filterSource(f);
  if (src === "author") return sumCrawlRows(readCrawls(sqlite, f), cols);
  const table = src === "library" ? "rollup_crawl_libraries" : src === "task" ? "rollup_crawls" : "rollup_crawl_masks";
  const where: string[] = [];
  if (src === "library") where.push("library = @library");
  if (f.task !== null) where.push("task = @task");
  const m = "framework_mask";
  const sums = cols
    .map((c, i) => {
      const w = c.sql(m);
      const col = (key: (typeof measures)[number], sql: string) => (measures.includes(key) ? `sum(CASE WHEN ${w} THEN ${sql} ELSE 0 END)` : "0");
      return `${col("models", "models")} AS m${i}, ${col("downloads30d", "downloads_30d")} AS d${i},
        ${col("downloadsAllTime", "downloads_all_time")} AS a${i}, ${col("downloadsSincePrev", "downloads_since_prev")} AS s${i}`;
    })
    .join(", ");
  const rows = sqlite
    .prepare(`SELECT crawl_id, max(downloads_since_prev IS NULL) AS nul, ${sums} FROM ${table} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} GROUP BY crawl_id`)
    .raw()
    .all({ library: f.library, task: f.task }) as (number | null)[][];
  for (const r of rows) {
    const nul = r[1] === 1;
    out.set(
      r[0] as number,
      new Map(cols.map((c, i) => [c.id, { models: r[2 + 4 * i] ?? 0, downloads30d: r[3 + 4 * i] ?? 0, downloadsAllTime: r[4 + 4 * i] ?? 0, downloadsSincePrev: nul ? null : (r[5 + 4 * i] ?? 0) }])),
    );
  }
  return out;
}
