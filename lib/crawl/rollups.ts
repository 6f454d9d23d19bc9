/**
 * Rollups refreshed after each completed crawl, so that no dashboard query scans `models`
 * (on 2M models a month x framework aggregate took 1.4 s as a scan and ~1 ms from a rollup).
 *
 * The creation date of a cohort is the true date where the backfill found one, else the API's
 * createdAt; models still on the 2022-03-02 floor are flagged (`created_floor`) so charts can show
 * them as "created before 2022-03" instead of a false spike.
 */
import type { Sqlite } from "../../db/index";
import { FRAMEWORKS } from "../frameworks/config";

/** SQL for a model's cohort time (epoch s) and its floor flag; `m` is the models alias. */
export const COHORT_TIME_SQL =
  "COALESCE(CASE WHEN m.true_created_source IN ('initial-commit', 'oldest-commit') THEN m.true_created_at END, m.created_at)";
export const COHORT_FLOOR_SQL =
  "(m.created_at_is_floor AND (m.true_created_source IS NULL OR m.true_created_source NOT IN ('initial-commit', 'oldest-commit')))";
// ISO weeks start on Monday: 'weekday 0' moves to the coming Sunday (or stays), -6 days is its Monday.
export const WEEK_SQL = `date(${COHORT_TIME_SQL}, 'unixepoch', 'weekday 0', '-6 days')`;
export const MONTH_SQL = `strftime('%Y-%m-01', ${COHORT_TIME_SQL}, 'unixepoch')`;

/** Replaces the cohort rollups with a recount of the models alive now (not marked gone). */
export function refreshCohortRollups(sqlite: Sqlite, crawlId: number): void {
  const run = sqlite.transaction(() => {
    sqlite.prepare("DELETE FROM rollup_cohorts").run();
    for (const [period, expr] of [["week", WEEK_SQL], ["month", MONTH_SQL]] as const) {
      sqlite
        .prepare(
          `INSERT INTO rollup_cohorts (crawl_id, period, period_start, created_floor, framework_mask, task,
             models, downloads_30d, downloads_all_time, likes)
           SELECT ?, '${period}', ${expr}, ${COHORT_FLOOR_SQL}, m.framework_mask, COALESCE(m.pipeline_tag, ''),
             count(*), sum(m.downloads_30d), sum(m.downloads_all_time), sum(m.likes)
           FROM models m WHERE m.gone_since_crawl IS NULL
           GROUP BY 3, 4, 5, 6`,
        )
        .run(crawlId);
    }
    refreshDashboardCohortRollups(sqlite, crawlId);
  });
  run();
}

/**
 * The per-crawl rollup of a completed full crawl: what the Hub looked like to this crawl, and the
 * downloads between the previous completed full crawl and this one (sum of downloadsAllTime
 * deltas, each model's previous value read from its change-only snapshots).
 */
export function writeCrawlRollup(sqlite: Sqlite, crawlId: number, prevFullCrawlId: number | null): void {
  sqlite.prepare("DELETE FROM rollup_crawls WHERE crawl_id = ?").run(crawlId);
  const prevAllTime = `COALESCE((SELECT s.downloads_all_time FROM model_snapshots s
      WHERE s.model_id = m.id AND s.crawl_id <= @prev ORDER BY s.crawl_id DESC LIMIT 1), 0)`;
  sqlite
    .prepare(
      `INSERT INTO rollup_crawls (crawl_id, framework_mask, task, models, downloads_30d, downloads_all_time,
         downloads_since_prev, likes)
       SELECT @crawl, m.framework_mask, COALESCE(m.pipeline_tag, ''), count(*), sum(m.downloads_30d),
         sum(m.downloads_all_time),
         CASE WHEN @prev IS NULL THEN NULL ELSE sum(max(0, m.downloads_all_time - ${prevAllTime})) END,
         sum(m.likes)
       FROM models m WHERE m.last_seen_crawl = @crawl
       GROUP BY 2, 3`,
    )
    .run({ crawl: crawlId, prev: prevFullCrawlId });
}

// ---------------------------------------------------------------------------------------------
// Dashboard rollups (db/schema.ts "Dashboard rollups"): derived tables that keep every dashboard
// query to a few thousand rows on a 3M-model Hub. refreshCohortRollups calls the cohort part, so
// every path that refreshes the cohorts (crawl completion, the backfill) keeps them in step.
// ---------------------------------------------------------------------------------------------

/** How many top models per framework and measure rollup_top_models keeps. */
export const TOP_MODELS_KEPT = 50;

/** Replaces rollup_cohort_masks, rollup_cohort_libraries and rollup_top_models (models alive now). */
export function refreshDashboardCohortRollups(sqlite: Sqlite, crawlId: number): void {
  sqlite.prepare("DELETE FROM rollup_cohort_masks").run();
  sqlite
    .prepare(
      `INSERT INTO rollup_cohort_masks (crawl_id, period, period_start, created_floor, framework_mask,
         models, downloads_30d, downloads_all_time, likes)
       SELECT ?, period, period_start, created_floor, framework_mask,
         sum(models), sum(downloads_30d), sum(downloads_all_time), sum(likes)
       FROM rollup_cohorts GROUP BY period, period_start, created_floor, framework_mask`,
    )
    .run(crawlId);
  sqlite.prepare("DELETE FROM rollup_cohort_libraries").run();
  for (const [period, expr] of [["week", WEEK_SQL], ["month", MONTH_SQL]] as const) {
    sqlite
      .prepare(
        `INSERT INTO rollup_cohort_libraries (crawl_id, library, period, period_start, created_floor, framework_mask,
           task, models, downloads_30d, downloads_all_time, likes)
         SELECT ?, COALESCE(m.library_name, ''), '${period}', ${expr}, ${COHORT_FLOOR_SQL}, m.framework_mask,
           COALESCE(m.pipeline_tag, ''), count(*), sum(m.downloads_30d), sum(m.downloads_all_time), sum(m.likes)
         FROM models m WHERE m.gone_since_crawl IS NULL
         GROUP BY 2, 4, 5, 6, 7`,
      )
      .run(crawlId);
  }
  writeTopModels(sqlite, crawlId);
}

type TopEntry = { id: number; v: number };

/** Keeps the `k` largest entries, ordered by value descending then id ascending. */
function pushTop(list: TopEntry[], id: number, v: number, k: number): void {
  if (list.length === k) {
    const last = list[k - 1];
    if (v < last.v || (v === last.v && id > last.id)) return;
  }
  let i = list.length;
  while (i > 0 && (list[i - 1].v < v || (list[i - 1].v === v && list[i - 1].id > id))) i--;
  list.splice(i, 0, { id, v });
  if (list.length > k) list.pop();
}

/**
 * The top models per framework by 30-day downloads and by likes, in one pass over models (a sort
 * per framework in SQL would be one scan each). Ties are broken by the internal id, ascending.
 */
function writeTopModels(sqlite: Sqlite, crawlId: number): void {
  const bits = FRAMEWORKS.map((f) => ({ id: f.id, bit: 2 ** f.bit }));
  const keys = ["all", "none", ...bits.map((b) => b.id)];
  const tops = new Map(keys.map((k) => [k, { downloads: [] as TopEntry[], likes: [] as TopEntry[] }]));
  const rows = sqlite
    .prepare<[], [number, number, number, number]>(
      "SELECT id, framework_mask, downloads_30d, likes FROM models WHERE gone_since_crawl IS NULL",
    )
    .raw()
    .iterate();
  const add = (key: string, id: number, d: number, l: number) => {
    const t = tops.get(key)!;
    pushTop(t.downloads, id, d, TOP_MODELS_KEPT);
    pushTop(t.likes, id, l, TOP_MODELS_KEPT);
  };
  for (const [id, mask, d, l] of rows) {
    add("all", id, d, l);
    if (mask === 0) add("none", id, d, l);
    else for (const b of bits) if ((mask & b.bit) !== 0) add(b.id, id, d, l);
  }
  sqlite.prepare("DELETE FROM rollup_top_models").run();
  const insert = sqlite.prepare(
    "INSERT INTO rollup_top_models (crawl_id, framework, measure, rank, model_id) VALUES (?, ?, ?, ?, ?)",
  );
  for (const [key, t] of tops) {
    t.downloads.forEach((e, i) => insert.run(crawlId, key, "downloads", i + 1, e.id));
    t.likes.forEach((e, i) => insert.run(crawlId, key, "likes", i + 1, e.id));
  }
}

/**
 * The per-crawl dashboard rollups of a completed full crawl (after writeCrawlRollup):
 * rollup_crawl_masks (task summed out), rollup_crawl_libraries (library as a dimension, downloads
 * between crawls computed like writeCrawlRollup) and rollup_crawl_stats (download concentration).
 */
export function writeDashboardCrawlRollups(sqlite: Sqlite, crawlId: number, prevFullCrawlId: number | null): void {
  sqlite.prepare("DELETE FROM rollup_crawl_masks WHERE crawl_id = ?").run(crawlId);
  sqlite
    .prepare(
      `INSERT INTO rollup_crawl_masks (crawl_id, framework_mask, models, downloads_30d, downloads_all_time,
         downloads_since_prev, likes)
       SELECT crawl_id, framework_mask, sum(models), sum(downloads_30d), sum(downloads_all_time),
         sum(downloads_since_prev), sum(likes)
       FROM rollup_crawls WHERE crawl_id = ? GROUP BY framework_mask`,
    )
    .run(crawlId);
  sqlite.prepare("DELETE FROM rollup_crawl_libraries WHERE crawl_id = ?").run(crawlId);
  const prevAllTime = `COALESCE((SELECT s.downloads_all_time FROM model_snapshots s
      WHERE s.model_id = m.id AND s.crawl_id <= @prev ORDER BY s.crawl_id DESC LIMIT 1), 0)`;
  sqlite
    .prepare(
      `INSERT INTO rollup_crawl_libraries (crawl_id, library, framework_mask, task, models, downloads_30d,
         downloads_all_time, downloads_since_prev, likes)
       SELECT @crawl, COALESCE(m.library_name, ''), m.framework_mask, COALESCE(m.pipeline_tag, ''), count(*),
         sum(m.downloads_30d), sum(m.downloads_all_time),
         CASE WHEN @prev IS NULL THEN NULL ELSE sum(max(0, m.downloads_all_time - ${prevAllTime})) END,
         sum(m.likes)
       FROM models m WHERE m.last_seen_crawl = @crawl
       GROUP BY 2, 3, 4`,
    )
    .run({ crawl: crawlId, prev: prevFullCrawlId });
  writeCrawlStats(sqlite, crawlId);
}

/** Share of downloads of the top 1% of models and the zero-download count, overall, per task, per library. */
function writeCrawlStats(sqlite: Sqlite, crawlId: number): void {
  const groups = new Map<string, number[]>();
  const push = (key: string, d: number) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(d);
  };
  const rows = sqlite
    .prepare<[number], [string | null, string | null, number]>(
      "SELECT pipeline_tag, library_name, downloads_30d FROM models WHERE last_seen_crawl = ?",
    )
    .raw()
    .iterate(crawlId);
  for (const [task, library, d] of rows) {
    push("all\u0000", d);
    push(`task\u0000${task ?? ""}`, d);
    push(`library\u0000${library ?? ""}`, d);
  }
  sqlite.prepare("DELETE FROM rollup_crawl_stats WHERE crawl_id = ?").run(crawlId);
  const insert = sqlite.prepare(
    `INSERT INTO rollup_crawl_stats (crawl_id, dimension, value, models, zero_download_models, top_models,
       top_downloads_30d, downloads_30d) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [key, values] of groups) {
    const [dimension, value] = key.split("\u0000");
    const s = concentration(values);
    insert.run(crawlId, dimension, value, values.length, s.zero, s.topModels, s.topDownloads, s.total);
  }
}

/** Top 1% = the ceil(n / 100) most downloaded models (at least one when n > 0). */
export function concentration(values: number[]): { zero: number; topModels: number; topDownloads: number; total: number } {
  const sorted = Float64Array.from(values).sort().reverse();
  const topModels = Math.ceil(values.length / 100);
  let topDownloads = 0;
  let total = 0;
  let zero = 0;
  for (let i = 0; i < sorted.length; i++) {
    total += sorted[i];
    if (i < topModels) topDownloads += sorted[i];
    if (sorted[i] === 0) zero++;
  }
  return { zero, topModels, topDownloads, total };
}
