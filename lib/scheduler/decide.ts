/**
 * What the scheduler does next, as a pure function of the crawls table and the clock. Whether a
 * run is due is read from the crawls every process writes (CLI, systemd timer, other schedulers),
 * never from in-memory timers: a restart, a second scheduler or a manual `npm run crawl` all see
 * the same answer, and a run missed while the machine was off is simply "due" at the next start.
 *
 * Rules, in order:
 * 1. An unfinished full or incremental crawl (interrupted, failed, or left running by a dead
 *    process) is resumed, not restarted, while its schedule period is current: no run of its
 *    schedule came due after it started. A failed one waits for its retry time first (backoff
 *    doubling from SCHEDULER_RETRY_MS per resume, capped at an hour). The first full crawl of a
 *    database is always resumed: there is no older data to refresh, only progress to lose.
 *    Once a later run came due the old crawl's day is over; that run starts afresh (the old
 *    crawl's pages stay stored, and the new crawl supersedes it).
 * 2. A full crawl is due when the latest run of CRAWL_SCHEDULE at or before now is later than the
 *    start of the last full crawl (of any status), or when there never was one: the first start on
 *    an empty database crawls at once, and runs missed while the machine was off are caught up
 *    once (one crawl satisfies every missed run).
 * 3. A pending "crawl now" request.
 * 4. An incremental crawl is due like a full one, against the last full or incremental crawl,
 *    and only once a listing crawl completed (there is no high-water mark before). A due full
 *    crawl makes it unnecessary.
 * 5. Otherwise wait for the next run of either schedule (or the retry time).
 */
import type { CrawlKind, CrawlStatus } from "../../db/schema";
import type { Schedule } from "../cron";
import type { PendingRequest } from "./requests";

export interface CrawlFacts {
  id: number;
  kind: CrawlKind;
  status: CrawlStatus;
  startedAt: number;
  finishedAt: number | null;
  resumes: number;
}

export interface DecideInput {
  now: number;
  /** When this scheduler started: a run that came due before it is a catch-up. */
  schedulerStartedAt: number;
  full: Schedule | null;
  incremental: Schedule | null;
  /** The latest full crawl, any status. */
  lastFull: CrawlFacts | null;
  /** The latest full or incremental crawl, any status. */
  lastListing: CrawlFacts | null;
  anyCompletedFull: boolean;
  anyCompletedListing: boolean;
  /** The crawl `--resume` would continue, when it is a full or incremental one and not completed. */
  unfinished: CrawlFacts | null;
  request: PendingRequest | null;
  retryBaseMs: number;
}

export type Reason = "first-crawl" | "scheduled" | "catch-up" | "requested" | "interrupted" | "retry";

export type Decision =
  | { action: "resume"; crawlId: number; kind: CrawlKind; reason: Reason; requestId?: number }
  | { action: "crawl"; kind: "full" | "incremental"; reason: Reason; requestId?: number }
  | { action: "wait"; until: number; retryAt: number | null; nextFull: number | null; nextIncremental: number | null };

/** Longest wait between two retries of a failed crawl, ms. */
export const RETRY_MAX_MS = 3_600_000;

export function retryDelayMs(base: number, resumes: number): number {
  return Math.min(base * 2 ** Math.min(resumes, 20), Math.max(base, RETRY_MAX_MS));
}

/** A run of `s` came due after `startedAt` (and at or before `now`). */
function cameDueSince(s: Schedule, startedAt: number, now: number): number | null {
  const latest = s.latest(now);
  return latest && latest.getTime() > startedAt ? latest.getTime() : null;
}

export function decide(i: DecideInput): Decision {
  const { now } = i;
  const dueReason = (fire: number): Reason => (fire < i.schedulerStartedAt ? "catch-up" : "scheduled");

  // Rule 2 first computed: rule 1 defers an incremental resume to a due full crawl.
  let fullDue: { reason: Reason } | null = null;
  if (i.full) {
    if (!i.lastFull) fullDue = { reason: "first-crawl" };
    else {
      const fire = cameDueSince(i.full, i.lastFull.startedAt, now);
      if (fire !== null) fullDue = { reason: i.anyCompletedFull ? dueReason(fire) : "first-crawl" };
    }
  }

  let retryAt: number | null = null;
  const u = i.unfinished;
  if (u && (u.kind === "full" || u.kind === "incremental")) {
    const schedule = u.kind === "incremental" ? (i.incremental ?? i.full) : i.full;
    const firstFull = u.kind === "full" && !i.anyCompletedFull;
    const current = firstFull || !schedule || cameDueSince(schedule, u.startedAt, now) === null;
    const supersededByFull = u.kind === "incremental" && fullDue !== null;
    if (current && !supersededByFull) {
      if (u.status === "failed" && u.finishedAt !== null) {
        const at = u.finishedAt + retryDelayMs(i.retryBaseMs, u.resumes);
        if (i.request) return { action: "resume", crawlId: u.id, kind: u.kind, reason: "requested", requestId: i.request.id };
        if (now >= at) return { action: "resume", crawlId: u.id, kind: u.kind, reason: "retry" };
        retryAt = at;
      } else {
        return { action: "resume", crawlId: u.id, kind: u.kind, reason: i.request ? "requested" : "interrupted", ...(i.request ? { requestId: i.request.id } : {}) };
      }
    }
  }

  if (fullDue && retryAt === null) return { action: "crawl", kind: "full", reason: fullDue.reason };

  if (i.request) return { action: "crawl", kind: i.request.kind, reason: "requested", requestId: i.request.id };

  if (i.incremental && i.anyCompletedListing && !fullDue && retryAt === null) {
    const since = i.lastListing?.startedAt ?? -Infinity;
    const fire = cameDueSince(i.incremental, since, now);
    if (fire !== null) return { action: "crawl", kind: "incremental", reason: dueReason(fire) };
  }

  const nextFull = i.full ? i.full.next(now).getTime() : null;
  const nextIncremental = i.incremental ? i.incremental.next(now).getTime() : null;
  const candidates = [nextFull, nextIncremental, retryAt].filter((x): x is number => x !== null);
  return { action: "wait", until: candidates.length ? Math.min(...candidates) : Infinity, retryAt, nextFull, nextIncremental };
}
