/** Reads from the crawls table what lib/scheduler/decide.ts decides on. */
import type { Sqlite } from "../../db/index";
import { crawlToResume } from "../crawl/crawl-runs";
import type { CrawlFacts, DecideInput } from "./decide";
import { pendingRequest } from "./requests";

const COLS = "id, kind, status, started_at AS startedAt, finished_at AS finishedAt, resumes";

function latest(sqlite: Sqlite, kinds: string): CrawlFacts | null {
  return sqlite.prepare<[], CrawlFacts>(`SELECT ${COLS} FROM crawls WHERE kind IN (${kinds}) ORDER BY id DESC LIMIT 1`).get() ?? null;
}

function anyCompleted(sqlite: Sqlite, kinds: string): boolean {
  return !!sqlite.prepare(`SELECT 1 FROM crawls WHERE status = 'completed' AND kind IN (${kinds}) LIMIT 1`).get();
}

export type Facts = Omit<DecideInput, "now" | "schedulerStartedAt" | "full" | "incremental" | "retryBaseMs">;

/**
 * The facts at this instant. `unfinished` is what runCrawl({resume}) would continue: the latest
 * listing crawl of any kind when it did not complete. A scoped one (a user's filtered CLI crawl)
 * is the user's to resume, not the scheduler's, so it yields null here.
 */
export function readFacts(sqlite: Sqlite, now = Date.now()): Facts {
  const u = crawlToResume(sqlite);
  const unfinished: CrawlFacts | null =
    u && (u.kind === "full" || u.kind === "incremental")
      ? { id: u.id, kind: u.kind, status: u.status, startedAt: u.startedAt, finishedAt: u.finishedAt, resumes: u.resumes }
      : null;
  return {
    lastFull: latest(sqlite, "'full'"),
    lastListing: latest(sqlite, "'full', 'incremental'"),
    anyCompletedFull: anyCompleted(sqlite, "'full'"),
    anyCompletedListing: anyCompleted(sqlite, "'full', 'incremental'"),
    unfinished,
    request: pendingRequest(sqlite, now),
  };
}
