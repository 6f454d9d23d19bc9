/**
 * Rollups refreshed after each completed crawl, so that no dashboard query scans `models`
 * (on 2M models a month x framework aggregate took 1.4 s as a scan and ~1 ms from a rollup).
 *
 * The creation date of a cohort is the true date where the backfill found one, else the API's
 * createdAt; models still on the 2022-03-02 floor are flagged (`created_floor`) so charts can show
 * them as "created before 2022-03" instead of a false spike.
 */
import type { Sqlite } from "../../db/index";
import { runRollupPass } from "./rollup-pass";
import type { AuthorMinModels } from "./author-rollups";

export { concentration, TOP_MODELS_KEPT } from "./rollup-pass";

/** SQL for a model's cohort time (epoch s) and its floor flag; `m` is the models alias. */
export const COHORT_TIME_SQL =
  "COALESCE(CASE WHEN m.true_created_source IN ('initial-commit', 'oldest-commit') THEN m.true_created_at END, m.created_at)";
export const COHORT_FLOOR_SQL =
  "(m.created_at_is_floor AND (m.true_created_source IS NULL OR m.true_created_source NOT IN ('initial-commit', 'oldest-commit')))";
// ISO weeks start on Monday: 'weekday 0' moves to the coming Sunday (or stays), -6 days is its Monday.
export const WEEK_SQL = `date(${COHORT_TIME_SQL}, 'unixepoch', 'weekday 0', '-6 days')`;
export const MONTH_SQL = `strftime('%Y-%m-01', ${COHORT_TIME_SQL}, 'unixepoch')`;

/** Which authors get author rollups (lib/rollups/author-rollups.ts; tests lower the sizes). */
export interface PassOptions {
  authorMinModels?: AuthorMinModels;
}

/**
 * Replaces the cohort rollups (rollup_cohorts, rollup_cohort_libraries, rollup_cohort_library_masks,
 * rollup_cohort_masks, the author ones) and rollup_top_models with a recount of the models alive
 * now (not marked gone).
 */
export function refreshCohortRollups(sqlite: Sqlite, crawlId: number, opts: PassOptions = {}): void {
  sqlite.transaction(() => runRollupPass(sqlite, { cohortsCrawlId: crawlId, crawl: null, ...opts }))();
}

/**
 * The per-crawl rollups of a completed full crawl (rollup_crawls, rollup_crawl_libraries,
 * rollup_crawl_library_masks, rollup_crawl_masks, rollup_crawl_authors, rollup_crawl_stats): what
 * the Hub looked like to this crawl, and the downloads between the previous completed full crawl
 * and this one (sum of downloadsAllTime deltas, each model's previous value read from its
 * change-only snapshots).
 */
export function writeCrawlRollup(sqlite: Sqlite, crawlId: number, prevFullCrawlId: number | null, opts: PassOptions = {}): void {
  sqlite.transaction(() => runRollupPass(sqlite, { cohortsCrawlId: null, crawl: { id: crawlId, prevFullCrawlId }, ...opts }))();
}

/** Both of the above in one scan of `models`: what a completed full crawl refreshes. */
export function refreshAllRollups(sqlite: Sqlite, crawlId: number, prevFullCrawlId: number | null, opts: PassOptions = {}): void {
  sqlite.transaction(() => runRollupPass(sqlite, { cohortsCrawlId: crawlId, crawl: { id: crawlId, prevFullCrawlId }, ...opts }))();
}
