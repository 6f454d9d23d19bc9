/**
 * Rollups refreshed after each completed crawl, so that no dashboard query scans `models`
 * (on 2M models a month x framework aggregate took 1.4 s as a scan and ~1 ms from a rollup).
 *
 * The creation date of a cohort is the true date where the backfill found one, else the API's
 * createdAt; models still on the 2022-03-02 floor are flagged (`created_floor`) so charts can show
 * them as "created before 2022-03" instead of a false spike.
 */
import type { Sqlite } from "../../db/index";

/** SQL for a model's cohort time (epoch s) and its floor flag; `m` is the models alias. */
export const COHORT_TIME_SQL =
  "COALESCE(CASE WHEN m.true_created_source IN ('initial-commit', 'oldest-commit') THEN m.true_created_at END, m.created_at)";
export const COHORT_FLOOR_SQL =
  "(m.created_at_is_floor AND (m.true_created_source IS NULL OR m.true_created_source NOT IN ('initial-commit', 'oldest-commit')))";
// ISO weeks start on Monday: 'weekday 0' moves to the coming Sunday (or stays), -6 days is its Monday.
const WEEK_SQL = `date(${COHORT_TIME_SQL}, 'unixepoch', 'weekday 0', '-6 days')`;
const MONTH_SQL = `strftime('%Y-%m-01', ${COHORT_TIME_SQL}, 'unixepoch')`;

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
