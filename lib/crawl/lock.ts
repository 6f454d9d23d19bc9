/**
 * One crawl at a time per database, across processes (CLI, scheduler, systemd timer, backfill).
 * The lock is a row in the DB itself, so it is visible to every process that can write the DB and
 * survives crashes; a dead holder is detected and its lock taken over instead of waited on forever:
 * - same host: the holder's pid no longer exists (at once), or its heartbeat stopped for
 *   STALE_AFTER_MS (the pid was reused by another process);
 * - other host (a shared volume): its heartbeat is older than STALE_AFTER_MS.
 * The heartbeat runs on the holder's event loop, which a crawl's synchronous completion step
 * (rollups over millions of models) blocks for tens of seconds: STALE_AFTER_MS must stay far above
 * that, or a live crawl's lock would be taken over while it finishes.
 */
import os from "node:os";
import type { Sqlite } from "../../db/index";

/** A holder that has not beaten for this long is dead, whatever its pid says (ms). */
export const STALE_AFTER_MS = 15 * 60_000;
/** How often a holder beats (ms); well under STALE_AFTER_MS even with a slow rollup in between. */
export const HEARTBEAT_MS = 5_000;

export interface LockHolder {
  crawlId: number | null;
  pid: number;
  host: string;
  acquiredAt: number;
  heartbeatAt: number;
}

export class LockHeldError extends Error {
  override name = "LockHeldError";
  constructor(readonly holder: LockHolder) {
    super(
      `another crawl is running (crawl #${holder.crawlId ?? "?"}, pid ${holder.pid} on ${holder.host}, ` +
        `since ${new Date(holder.acquiredAt).toISOString()}); wait for it to finish, or run again with --wait`,
    );
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function isStale(holder: LockHolder, now = Date.now()): boolean {
  if (now - holder.heartbeatAt > STALE_AFTER_MS) return true;
  return holder.host === os.hostname() && !pidAlive(holder.pid);
}

export interface AcquiredLock {
  /** The holder that was taken over because it was dead, if any. */
  takenOver: LockHolder | null;
  setCrawl(crawlId: number): void;
  release(): void;
}

export function readLock(sqlite: Sqlite): LockHolder | undefined {
  return sqlite
    .prepare<[], LockHolder>(
      "SELECT crawl_id AS crawlId, pid, host, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt FROM crawl_lock WHERE id = 1",
    )
    .get();
}

/** Takes the lock or throws LockHeldError. BEGIN IMMEDIATE makes check-and-take atomic across processes. */
export function tryAcquireLock(sqlite: Sqlite): AcquiredLock {
  const pid = process.pid;
  const host = os.hostname();
  const take = sqlite.transaction((): LockHolder | null => {
    const holder = readLock(sqlite);
    if (holder && !(holder.pid === pid && holder.host === host) && !isStale(holder)) throw new LockHeldError(holder);
    const now = Date.now();
    sqlite
      .prepare(
        `INSERT INTO crawl_lock (id, crawl_id, pid, host, acquired_at, heartbeat_at) VALUES (1, NULL, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET crawl_id = NULL, pid = excluded.pid, host = excluded.host,
           acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
      )
      .run(pid, host, now, now);
    if (holder && holder.crawlId !== null && !(holder.pid === pid && holder.host === host)) {
      // The dead holder's crawl stays resumable: interrupted, with its checkpoint.
      sqlite
        .prepare(
          `UPDATE crawls SET status = 'interrupted', finished_at = COALESCE(heartbeat_at, started_at),
             error = COALESCE(error, ?) WHERE id = ? AND status = 'running'`,
        )
        .run(`process ${holder.pid} on ${holder.host} stopped without finishing (lock taken over)`, holder.crawlId);
    }
    // Re-taking our own lock (the scheduler holds it while runCrawl takes it again) is no takeover.
    return holder && !(holder.pid === pid && holder.host === host) ? holder : null;
  });
  const takenOver = take.immediate();
  const beat = setInterval(() => {
    try {
      sqlite.prepare("UPDATE crawl_lock SET heartbeat_at = ? WHERE id = 1 AND pid = ? AND host = ?").run(Date.now(), pid, host);
    } catch {
      // A busy DB for one beat is harmless; the next beat retries.
    }
  }, HEARTBEAT_MS);
  beat.unref();
  return {
    takenOver,
    setCrawl(crawlId) {
      sqlite.prepare("UPDATE crawl_lock SET crawl_id = ? WHERE id = 1 AND pid = ? AND host = ?").run(crawlId, pid, host);
    },
    release() {
      clearInterval(beat);
      sqlite.prepare("DELETE FROM crawl_lock WHERE id = 1 AND pid = ? AND host = ?").run(pid, host);
    },
  };
}

/** Waits (polling) until the lock is free or `timeoutMs` passes, then throws the last LockHeldError. */
export async function acquireLock(sqlite: Sqlite, opts: { waitMs?: number; pollMs?: number; onWait?: (h: LockHolder) => void } = {}): Promise<AcquiredLock> {
  const deadline = Date.now() + (opts.waitMs ?? 0);
  let announced = false;
  for (;;) {
    try {
      return tryAcquireLock(sqlite);
    } catch (err) {
      if (!(err instanceof LockHeldError) || Date.now() >= deadline) throw err;
      if (!announced) opts.onWait?.(err.holder);
      announced = true;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
    }
  }
}

/** A crawl with no heartbeat for this long, and no live lock, is not running any more (ms). */
const CRAWL_SILENT_MS = 120_000;

/**
 * The crawl running now, as every reader must judge it (the crawl monitor, /api/status, the
 * header): the lock's holder when it is alive; a `running` row whose process was SIGKILLed
 * (its lock's pid is gone) is not running, at once, not after a heartbeat timeout. Without a
 * lock row (an older writer), a running row with a recent heartbeat.
 */
export function liveCrawlId(sqlite: Sqlite, now = Date.now()): number | null {
  const lock = readLock(sqlite);
  if (lock && lock.crawlId !== null && !isStale(lock, now)) return lock.crawlId;
  const r = sqlite
    .prepare<[], { id: number; heartbeatAt: number | null }>(
      "SELECT id, heartbeat_at AS heartbeatAt FROM crawls WHERE status = 'running' ORDER BY id DESC LIMIT 1",
    )
    .get();
  return r && r.heartbeatAt !== null && now - r.heartbeatAt < CRAWL_SILENT_MS && !lock ? r.id : null;
}
