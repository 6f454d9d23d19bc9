/**
 * What the data is and how fresh: the last completed full crawl ("data as of"), the crawl the
 * cohort rollups describe, and the crawl running now (live progress, never cached). The version
 * string is the cache key of every other query: results stay valid until a crawl completes.
 */
import type { Sqlite } from "../../db/index";
import { formatDate } from "../charts/periods";
import { liveCrawlId } from "../crawl/lock";

export interface CrawlRef {
  id: number;
  kind: string;
  startedAt: number;
  finishedAt: number | null;
  models: number;
}

export interface RunningCrawl {
  id: number;
  kind: string;
  models: number;
  expected: number | null;
  startedAt: number;
  heartbeatAt: number | null;
  /** 0-100 when the expected count is known. */
  percent: number | null;
}

export interface DataStatus {
  /** Changes whenever a crawl of any kind completes (every completion refreshes rollups). */
  version: string;
  lastFull: CrawlRef | null;
  /** The crawl rollup_cohorts describes (a full, incremental or scoped crawl). */
  cohortCrawl: CrawlRef | null;
  /** UTC date of the cohort crawl's start: the periods holding it are incomplete. */
  asOfDate: string | null;
  running: RunningCrawl | null;
}

const CRAWL_COLS = "id, kind, started_at AS startedAt, finished_at AS finishedAt, models_seen AS models";

export function getDataStatus(sqlite: Sqlite): DataStatus {
  const last = sqlite
    .prepare<[], { id: number; finishedAt: number | null }>(
      "SELECT id, finished_at AS finishedAt FROM crawls WHERE status = 'completed' ORDER BY id DESC LIMIT 1",
    )
    .get();
  const lastFull =
    sqlite
      .prepare<[], CrawlRef>(
        `SELECT ${CRAWL_COLS} FROM crawls WHERE status = 'completed' AND kind = 'full' ORDER BY id DESC LIMIT 1`,
      )
      .get() ?? null;
  const cohortId = sqlite.prepare<[], { crawlId: number }>("SELECT crawl_id AS crawlId FROM rollup_cohorts LIMIT 1").get();
  const cohortCrawl = cohortId
    ? sqlite.prepare<[number], CrawlRef>(`SELECT ${CRAWL_COLS} FROM crawls WHERE id = ?`).get(cohortId.crawlId) ?? null
    : null;
  const run = sqlite
    .prepare<[], Omit<RunningCrawl, "percent">>(
      `SELECT id, kind, models_seen AS models, expected_models AS expected, started_at AS startedAt,
         heartbeat_at AS heartbeatAt
       FROM crawls WHERE status = 'running' ORDER BY id DESC LIMIT 1`,
    )
    .get();
  // The same judgement as the crawl monitor (/api/crawls/live): a SIGKILLed crawl's row still says
  // "running", but its lock's process is gone.
  const alive = run && liveCrawlId(sqlite) === run.id;
  return {
    version: `${last?.id ?? 0}:${last?.finishedAt ?? 0}`,
    lastFull,
    cohortCrawl,
    asOfDate: cohortCrawl ? formatDate(cohortCrawl.startedAt) : lastFull ? formatDate(lastFull.startedAt) : null,
    running: alive
      ? { ...run, percent: run.expected ? Math.min(100, (100 * run.models) / run.expected) : null }
      : null,
  };
}
