/**
 * The two shapes every dashboard figure is computed from, read from the narrowest rollup that
 * holds the filters asked for:
 * - cohorts: models alive now by creation period x framework mask (x task when asked);
 * - crawls: per completed full crawl x framework mask: models, 30-day downloads, all-time
 *   downloads, downloads since the previous full crawl.
 *
 * Which table answers (no dashboard query scans models, docs/decisions.md):
 * | filter              | cohorts                                    | crawls                           |
 * | none                | rollup_cohort_masks (by task: _cohorts)    | rollup_crawl_masks               |
 * | task                | rollup_cohorts (task index)                | rollup_crawls (task index)       |
 * | library             | rollup_cohort_library_masks                | rollup_crawl_library_masks       |
 * | library + task      | rollup_cohort_libraries                    | rollup_crawl_libraries           |
 * | large author        | rollup_author_cohort_masks (by task or     | rollup_crawl_authors             |
 * |                     | with a task, monthly: rollup_author_tasks) |                                  |
 * | other author views  | models via models_author_nocase            | the same + model_snapshots       |
 * Large authors (lib/rollups/author-rollups.ts: 2,000+ models alive for cohorts, 500+ in a crawl for
 * crawls) have rollups. The other authors read their models through the author index (and their
 * snapshots, across crawls), which is fast at their size; so do the rarer combinations the author
 * rollups leave out (an author with a library, with a task by week, or with a task or library
 * across crawls), which are slow for a large author. The benchmark reports the author views apart.
 */
import type { Sqlite } from "../../db/index";
import { COHORT_FLOOR_SQL, MONTH_SQL, WEEK_SQL } from "../rollups/rollups";
import { authorCrawlHistory, type AuthorCrawlRow } from "../rollups/author-history";
import { periodStart } from "../charts/periods";
import type { Granularity, ViewState } from "../url-state";
import { basisWhere, LENS_MASK_BITS, type Basis } from "../frameworks/lenses";
import { attributeSql } from "../frameworks/rules";

export type Filters = Pick<ViewState, "task" | "library" | "author"> & Partial<Pick<ViewState, "basis">>;

/** The lens of a query (the tag lens when a caller gives none: the stored tag masks). */
const basisOf = (f: Filters): Basis => f.basis ?? "tags";

/** A rollup row's mask without its lens bit (lib/frameworks/lenses.ts). */
const rollupMask = (col: string) => `(${col} & ${LENS_MASK_BITS})`;

/** A models row's mask in the lens: the stored tag mask, or the rules' attribution of it. */
export function modelMaskSql(basis: Basis, alias = "m"): string {
  return basis === "framework" ? attributeSql(`${alias}.framework_mask`, `${alias}.library_name`) : `${alias}.framework_mask`;
}

/** A rollup table and its conditions, or null: read the author's models. */
interface RollupSource {
  table: string;
  where: string[];
  /** Its period column holds both granularities ("period" = @period must be added). */
  periods: boolean;
}

/**
 * The rollup a cohort query reads. `byTask`: the task dimension is kept (the framework x task
 * table, monthly). Null: the author's models are read.
 */
function cohortSource(sqlite: Sqlite, f: Filters, period: "week" | "month", byTask: boolean): RollupSource | null {
  const withTask = f.task !== null || byTask;
  const taskWhere = [basisWhere(basisOf(f)), ...(f.task !== null ? ["task = @task"] : [])];
  if (f.author !== null) {
    if (f.library !== null || !hasAuthorCohorts(sqlite, f.author)) return null;
    if (!withTask) return { table: "rollup_author_cohort_masks", where: ["author = @author", basisWhere(basisOf(f))], periods: true };
    return period === "month" ? { table: "rollup_author_tasks", where: ["author = @author", ...taskWhere], periods: false } : null;
  }
  if (f.library !== null) {
    return withTask
      ? { table: "rollup_cohort_libraries", where: ["library = @library", ...taskWhere], periods: true }
      : { table: "rollup_cohort_library_masks", where: ["library = @library", basisWhere(basisOf(f))], periods: true };
  }
  return { table: withTask ? "rollup_cohorts" : "rollup_cohort_masks", where: taskWhere, periods: true };
}

function hasAuthorCohorts(sqlite: Sqlite, author: string): boolean {
  return sqlite.prepare("SELECT 1 FROM rollup_author_cohort_masks WHERE author = ? LIMIT 1").get(author) !== undefined;
}

/**
 * Whether the author has per-crawl rows at the latest completed full crawl: then it has them at
 * every full crawl that listed its models (lib/rollups/author-rollups.ts).
 */
function hasAuthorCrawls(sqlite: Sqlite, author: string): boolean {
  return (
    sqlite
      .prepare(
        `SELECT 1 FROM rollup_crawl_authors WHERE author = ? AND crawl_id =
           (SELECT max(id) FROM crawls WHERE status = 'completed' AND kind = 'full') LIMIT 1`,
      )
      .get(author) !== undefined
  );
}

/** The rollup an across-crawls query reads; null: rebuild the author's models from their snapshots. */
function crawlSource(sqlite: Sqlite, f: Filters): RollupSource | null {
  const taskWhere = [basisWhere(basisOf(f)), ...(f.task !== null ? ["task = @task"] : [])];
  if (f.author !== null) {
    if (f.library !== null || f.task !== null || !hasAuthorCrawls(sqlite, f.author)) return null;
    return { table: "rollup_crawl_authors", where: ["author = @author", basisWhere(basisOf(f))], periods: false };
  }
  if (f.library !== null) {
    return f.task !== null
      ? { table: "rollup_crawl_libraries", where: ["library = @library", ...taskWhere], periods: false }
      : { table: "rollup_crawl_library_masks", where: ["library = @library", basisWhere(basisOf(f))], periods: false };
  }
  return { table: f.task !== null ? "rollup_crawls" : "rollup_crawl_masks", where: taskWhere, periods: false };
}

/** Whether an across-crawls view of these filters rebuilds models from snapshots (the caller may share the rows). */
export function crawlsFromSnapshots(sqlite: Sqlite, f: Filters): boolean {
  return crawlSource(sqlite, f) === null;
}

export interface CrawlInfo {
  id: number;
  startedAt: number;
  finishedAt: number;
}

export type CrawlRow = AuthorCrawlRow;

/** Completed full crawls, oldest first (the x axis of every "across crawls" chart). */
export function readFullCrawls(sqlite: Sqlite): CrawlInfo[] {
  return sqlite
    .prepare<[], CrawlInfo>(
      `SELECT id, started_at AS startedAt, finished_at AS finishedAt FROM crawls
       WHERE status = 'completed' AND kind = 'full' ORDER BY id`,
    )
    .all();
}

/**
 * An author's models across crawls, rebuilt from their change-only snapshots
 * (lib/rollups/author-history.ts): the path of the author views without per-crawl rollups.
 */
export function readAuthorCrawls(sqlite: Sqlite, f: Filters): CrawlRow[] {
  if (f.author === null) throw new Error("readAuthorCrawls: no author");
  return authorCrawlHistory(sqlite, f.author, readFullCrawls(sqlite).map((c) => c.id), { library: f.library, task: f.task, maskSql: modelMaskSql(basisOf(f)) });
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
  const src = cohortSource(sqlite, f, period, by === "task");
  const models = src === null;
  // The author's models: their lens mask computed once per row in a subquery (LIMIT -1 keeps SQLite
  // from flattening it back into every series column: the framework lens's mask is a CASE over the rules).
  const mask = models ? "m.lens_mask" : rollupMask("framework_mask");
  const n = models ? "1" : "models";
  const d = models ? "m.downloads_30d" : "downloads_30d";
  const periodExpr = models ? (period === "week" ? WEEK_SQL : MONTH_SQL) : "period_start";
  const floorExpr = models ? COHORT_FLOOR_SQL : "created_floor";
  const taskExpr = models ? "COALESCE(m.pipeline_tag, '')" : "task";
  const where: string[] = [];
  let from: string;
  if (models) {
    const inner = ["m.author = @author COLLATE NOCASE", "m.author = @author", "m.gone_since_crawl IS NULL"];
    if (f.library !== null) inner.push("m.library_name = @library");
    if (f.task !== null) inner.push("COALESCE(m.pipeline_tag, '') = @task");
    from = `(SELECT m.created_at, m.created_at_is_floor, m.true_created_at, m.true_created_source, m.pipeline_tag, m.downloads_30d,
      ${modelMaskSql(basisOf(f))} AS lens_mask FROM models m WHERE ${inner.join(" AND ")} LIMIT -1) m`;
  } else {
    from = src.table;
    if (src.periods) where.push("period = @period");
    where.push(...src.where);
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
    .prepare(`SELECT ${keyExpr} AS k, ${floorSel} AS fl, ${sums} FROM ${from} WHERE ${where.length ? where.join(" AND ") : "1"} ${group}`)
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
  const src = crawlSource(sqlite, f);
  if (src === null) return sumCrawlRows(readAuthorCrawls(sqlite, f), cols);
  const m = rollupMask("r.framework_mask");
  const sums = cols
    .map((c, i) => {
      const w = c.sql(m);
      const col = (key: (typeof measures)[number], sql: string) => (measures.includes(key) ? `sum(CASE WHEN ${w} THEN r.${sql} ELSE 0 END)` : "0");
      return `${col("models", "models")} AS m${i}, ${col("downloads30d", "downloads_30d")} AS d${i},
        ${col("downloadsAllTime", "downloads_all_time")} AS a${i}, ${col("downloadsSincePrev", "downloads_since_prev")} AS s${i}`;
    })
    .join(", ");
  const where = src.where.map((w) => `r.${w}`);
  // An author's rows: one range of the primary key (crawl_id, author) per full crawl.
  const from = src.table === "rollup_crawl_authors"
    ? "crawls c CROSS JOIN rollup_crawl_authors r ON r.crawl_id = c.id AND c.status = 'completed' AND c.kind = 'full'"
    : `${src.table} r`;
  const rows = sqlite
    .prepare(`SELECT r.crawl_id, max(r.downloads_since_prev IS NULL) AS nul, ${sums} FROM ${from} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} GROUP BY r.crawl_id`)
    .raw()
    .all({ author: f.author, library: f.library, task: f.task }) as (number | null)[][];
  for (const r of rows) {
    const nul = r[1] === 1;
    out.set(
      r[0] as number,
      new Map(cols.map((c, i) => [c.id, { models: r[2 + 4 * i] ?? 0, downloads30d: r[3 + 4 * i] ?? 0, downloadsAllTime: r[4 + 4 * i] ?? 0, downloadsSincePrev: nul ? null : (r[5 + 4 * i] ?? 0) }])),
    );
  }
  return out;
}
