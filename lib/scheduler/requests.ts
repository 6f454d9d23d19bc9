/**
 * "Crawl now" requests (the `crawl_requests` table): the web inserts one, a running scheduler
 * claims it. A request nobody claims within REQUEST_TTL_MS expires: a scheduler that comes up an
 * hour later must not start a crawl someone asked for and has long given up on.
 */
import type { Sqlite } from "../../db/index";

export const REQUEST_TTL_MS = 10 * 60_000;

export type RequestKind = "full" | "incremental";

export interface PendingRequest {
  id: number;
  kind: RequestKind;
  source: string;
  requestedAt: number;
}

export function enqueueRequest(sqlite: Sqlite, kind: RequestKind, source: "web" | "cli", now = Date.now()): number {
  return Number(
    sqlite
      .prepare("INSERT INTO crawl_requests (kind, source, requested_at, status) VALUES (?, ?, ?, 'pending')")
      .run(kind, source, now).lastInsertRowid,
  );
}

/**
 * Marks requests older than the TTL expired. Reads first: the scheduler calls this every second,
 * and an UPDATE would take the write lock each time even with nothing to change.
 */
export function expireRequests(sqlite: Sqlite, now = Date.now()): number {
  const cutoff = now - REQUEST_TTL_MS;
  if (!sqlite.prepare("SELECT 1 FROM crawl_requests WHERE status = 'pending' AND requested_at < ? LIMIT 1").get(cutoff)) return 0;
  return sqlite.prepare("UPDATE crawl_requests SET status = 'expired' WHERE status = 'pending' AND requested_at < ?").run(cutoff).changes;
}

/** The oldest live pending request (a read; claiming is separate and atomic). */
export function pendingRequest(sqlite: Sqlite, now = Date.now()): PendingRequest | null {
  return (
    sqlite
      .prepare<[number], PendingRequest>(
        `SELECT id, kind, source, requested_at AS requestedAt FROM crawl_requests
         WHERE status = 'pending' AND requested_at >= ? ORDER BY id LIMIT 1`,
      )
      .get(now - REQUEST_TTL_MS) ?? null
  );
}

/**
 * Claims a request for a scheduler; false if another claimed it first. Every pending request is
 * claimed with it: one crawl answers all the clicks made before it started.
 */
export function claimRequests(sqlite: Sqlite, upToId: number, schedulerId: number, now = Date.now()): boolean {
  return (
    sqlite
      .prepare("UPDATE crawl_requests SET status = 'started', claimed_at = ?, claimed_by = ? WHERE status = 'pending' AND id <= ?")
      .run(now, schedulerId, upToId).changes > 0
  );
}

/** Records which crawl answered the requests a scheduler claimed. */
export function setRequestCrawl(sqlite: Sqlite, schedulerId: number, claimedAt: number, crawlId: number): void {
  sqlite
    .prepare("UPDATE crawl_requests SET crawl_id = ? WHERE claimed_by = ? AND claimed_at = ? AND crawl_id IS NULL")
    .run(crawlId, schedulerId, claimedAt);
}
