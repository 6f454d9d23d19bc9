/**
 * The life of a row in `crawls`: created, resumed, finished. Reads that other modules need about
 * past crawls (the last completed full crawl, what to resume) live here too.
 */
import os from "node:os";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
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
  const now = Date.now();
  const info = toDrizzle(sqlite)
    .insert(crawls)
    .values({
      kind, status: "running", scope: JSON.stringify(scope), hubUrl, startedAt: now, heartbeatAt: now,
      expectedModels: kind === "full" ? expected : null, checkpointState: state, pid: process.pid, host: os.hostname(),
    })
    .run();
  return Number(info.lastInsertRowid);
}

export function markResumed(sqlite: Sqlite, id: number): void {
  toDrizzle(sqlite)
    .update(crawls)
    .set({ status: "running", finishedAt: null, error: null, resumes: sql`${crawls.resumes} + 1`, heartbeatAt: Date.now(), pid: process.pid, host: os.hostname() })
    .where(eq(crawls.id, id))
    .run();
}

/**
 * Ends a crawl's row. `counters` (an interrupted or failed run) also records the requests, retries
 * and waits made since its last committed page, which no page's transaction carried (never lowering
 * what a page already wrote).
 */
export function finishCrawl(
  sqlite: Sqlite,
  id: number,
  status: Exclude<CrawlStatus, "running">,
  error: string | null = null,
  counters?: { requests: number; retries: number; rateLimitWaits: number; rateLimitWaitMs: number },
): void {
  const now = Date.now();
  const set: SQLiteUpdateSetSource<typeof crawls> = { status, finishedAt: now, heartbeatAt: now, error };
  if (counters) {
    set.requests = sql`max(${crawls.requests}, ${counters.requests})`;
    set.retries = sql`max(${crawls.retries}, ${counters.retries})`;
    set.rateLimitWaits = sql`max(${crawls.rateLimitWaits}, ${counters.rateLimitWaits})`;
    set.rateLimitWaitMs = sql`max(${crawls.rateLimitWaitMs}, ${counters.rateLimitWaitMs})`;
  }
  toDrizzle(sqlite).update(crawls).set(set).where(eq(crawls.id, id)).run();
}
