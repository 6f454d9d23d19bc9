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
 * | author (+ others) | models via models_author        | models_author + model_snapshots |
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
    const where = ["m.author = @author", "m.gone_since_crawl IS NULL"];
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
  const where = ["m.author = @author"];
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
