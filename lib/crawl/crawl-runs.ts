/**
 * The life of a row in `crawls`: created, resumed, finished. Reads that other modules need about
 * past crawls (the last completed full crawl, what to resume) live here too.
 */
import os from "node:os";
import { and, desc, eq, inArray } from "drizzle-orm";
import { toDrizzle, type Sqlite } from "../../db/index";
import { crawls, type Crawl, type CrawlKind, type CrawlStatus } from "../../db/schema";

/** A crawl's filters, stored as its scope. Absent keys = no filter. */
export interface CrawlScope {
  author?: string;
  task?: string;
  tags?: string[];
  search?: string;
  sort?: CrawlSort;
  limit?: number;
}

export const CRAWL_SORTS = ["createdAt", "downloads", "likes", "lastModified", "trendingScore", "id"] as const;
export type CrawlSort = (typeof CRAWL_SORTS)[number];

/**
 * full = every public model, by createdAt (the `_id` keyset is stable while the Hub grows; a sort on
 * a moving value can skip models, so it could wrongly mark them gone). Anything narrower is scoped.
 */
export function kindOfScope(scope: CrawlScope): "full" | "scoped" {
  const narrowed =
    scope.author !== undefined || scope.task !== undefined || (scope.tags?.length ?? 0) > 0 ||
    scope.search !== undefined || scope.limit !== undefined || (scope.sort !== undefined && scope.sort !== "createdAt");
  return narrowed ? "scoped" : "full";
}

export function getCrawl(sqlite: Sqlite, id: number): Crawl | undefined {
  return toDrizzle(sqlite).select().from(crawls).where(eq(crawls.id, id)).get();
}

export function lastCompletedCrawl(sqlite: Sqlite, kinds: readonly CrawlKind[]): Crawl | undefined {
  return toDrizzle(sqlite)
    .select()
    .from(crawls)
    .where(and(eq(crawls.status, "completed"), inArray(crawls.kind, [...kinds])))
    .orderBy(desc(crawls.id))
    .limit(1)
    .get();
}

/**
 * The crawl `--resume` continues: the most recent listing crawl, when it did not complete. A crawl
 * still marked running here belongs to a dead process (the caller holds the lock).
 */
export function crawlToResume(sqlite: Sqlite, kinds: readonly CrawlKind[] = ["full", "incremental", "scoped"]): Crawl | undefined {
  const last = toDrizzle(sqlite)
    .select()
    .from(crawls)
    .where(inArray(crawls.kind, [...kinds]))
    .orderBy(desc(crawls.id))
    .limit(1)
    .get();
  return last && last.status !== "completed" ? last : undefined;
}

export function createCrawl(sqlite: Sqlite, kind: CrawlKind, scope: CrawlScope, hubUrl: string, state: string | null = null): number {
  const expected = lastCompletedCrawl(sqlite, ["full"])?.modelsSeen ?? null;
  const info = sqlite
    .prepare(
      `INSERT INTO crawls (kind, status, scope, hub_url, started_at, heartbeat_at, expected_models, checkpoint_state, pid, host)
       VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(kind, JSON.stringify(scope), hubUrl, Date.now(), Date.now(), kind === "full" ? expected : null, state, process.pid, os.hostname());
  return Number(info.lastInsertRowid);
}

export function markResumed(sqlite: Sqlite, id: number): void {
  sqlite
    .prepare(
      `UPDATE crawls SET status = 'running', finished_at = NULL, error = NULL, resumes = resumes + 1,
         heartbeat_at = ?, pid = ?, host = ? WHERE id = ?`,
    )
    .run(Date.now(), process.pid, os.hostname(), id);
}

/**
 * Ends a crawl's row. `counters` (an interrupted or failed run) also records the requests, retries
 * and waits made since its last committed page, which no page's transaction carried.
 */
export function finishCrawl(
  sqlite: Sqlite,
  id: number,
  status: Exclude<CrawlStatus, "running">,
  error: string | null = null,
  counters?: { requests: number; retries: number; rateLimitWaits: number; rateLimitWaitMs: number },
): void {
  sqlite
    .prepare("UPDATE crawls SET status = ?, finished_at = ?, heartbeat_at = ?, error = ? WHERE id = ?")
    .run(status, Date.now(), Date.now(), error, id);
  if (counters) {
    sqlite
      .prepare(
        `UPDATE crawls SET requests = max(requests, @requests), retries = max(retries, @retries),
           rate_limit_waits = max(rate_limit_waits, @rateLimitWaits), rate_limit_wait_ms = max(rate_limit_wait_ms, @rateLimitWaitMs)
         WHERE id = @id`,
      )
      .run({ ...counters, id });
  }
}
