/**
 * "Crawl now" requests (the `crawl_requests` table): the web inserts one, a running scheduler
 * claims it. A request nobody claims within REQUEST_TTL_MS expires: a scheduler that comes up an
 * hour later must not start a crawl someone asked for and has long given up on.
 */
import { and, asc, eq, gte, isNull, lt, lte } from "drizzle-orm";
import { toDrizzle, type Sqlite } from "../../db/index";
import { crawlRequests } from "../../db/schema";

export const REQUEST_TTL_MS = 10 * 60_000;

export type RequestKind = "full" | "incremental";

export interface PendingRequest {
  id: number;
  kind: RequestKind;
  source: string;
  requestedAt: number;
}

export function enqueueRequest(sqlite: Sqlite, kind: RequestKind, source: "web" | "cli", now = Date.now()): number {
  return Number(toDrizzle(sqlite).insert(crawlRequests).values({ kind, source, requestedAt: now, status: "pending" }).run().lastInsertRowid);
}

/**
 * Marks requests older than the TTL expired. Reads first: the scheduler calls this every second,
 * and an UPDATE would take the write lock each time even with nothing to change.
 */
export function expireRequests(sqlite: Sqlite, now = Date.now()): number {
  const db = toDrizzle(sqlite);
  const stale = and(eq(crawlRequests.status, "pending"), lt(crawlRequests.requestedAt, now - REQUEST_TTL_MS));
  if (!db.select({ id: crawlRequests.id }).from(crawlRequests).where(stale).limit(1).get()) return 0;
  return db.update(crawlRequests).set({ status: "expired" }).where(stale).run().changes;
}

/** The oldest live pending request (a read; claiming is separate and atomic). */
export function pendingRequest(sqlite: Sqlite, now = Date.now()): PendingRequest | null {
  return (
    toDrizzle(sqlite)
      .select({ id: crawlRequests.id, kind: crawlRequests.kind, source: crawlRequests.source, requestedAt: crawlRequests.requestedAt })
      .from(crawlRequests)
      .where(and(eq(crawlRequests.status, "pending"), gte(crawlRequests.requestedAt, now - REQUEST_TTL_MS)))
      .orderBy(asc(crawlRequests.id))
      .limit(1)
      .get() ?? null
  );
}

/**
 * Claims a request for a scheduler; false if another claimed it first. Every pending request is
 * claimed with it: one crawl answers all the clicks made before it started.
 */
export function claimRequests(sqlite: Sqlite, upToId: number, schedulerId: number, now = Date.now()): boolean {
  return (
    toDrizzle(sqlite)
      .update(crawlRequests)
      .set({ status: "started", claimedAt: now, claimedBy: schedulerId })
      .where(and(eq(crawlRequests.status, "pending"), lte(crawlRequests.id, upToId)))
      .run().changes > 0
  );
}

/** Records which crawl answered the requests a scheduler claimed. */
export function setRequestCrawl(sqlite: Sqlite, schedulerId: number, claimedAt: number, crawlId: number): void {
  toDrizzle(sqlite)
    .update(crawlRequests)
    .set({ crawlId })
    .where(and(eq(crawlRequests.claimedBy, schedulerId), eq(crawlRequests.claimedAt, claimedAt), isNull(crawlRequests.crawlId)))
    .run();
}
