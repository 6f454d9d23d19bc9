/**
 * The generic per-repo pass: walks models already in the DB, one repo at a time, in `_id` order,
 * and makes a few Hub requests for each (the commit history in backfill.ts, the file list and
 * model.json in files-pass.ts). A pass is a `PassDefinition`: which models are due, the Hub work
 * for one, and how its result is stored. Around it, the crawl session (crawl-session.ts) gives the
 * lock, the `crawls` row of the pass's kind, the Hub fetch, the counters, progress and the stop
 * signal; this file adds what is per-repo:
 * - one small transaction per repo: the repo's result, the crawl's counters, its checkpoint (the
 *   last `_id` written, in checkpoint_state) and its heartbeat. A crash loses at most the repo in
 *   flight, and no repo is half-written;
 * - stop on a signal after the repo in flight (waits on the rate limit are cut short: a repo whose
 *   requests did not all finish is not written and is redone on resume); `--resume` continues the
 *   interrupted row after its checkpoint;
 * - repo errors left for a later run, and the pass failed after MAX_CONSECUTIVE_ERRORS in a row;
 * - the cohort rollups refreshed at completion when the pass changed anything they count.
 */
import { HubApiError } from "@huggingface/hub";
import type { Sqlite } from "../../db/index";
import type { CrawlKind } from "../../db/schema";
import { finishCrawl, lastCompletedCrawl } from "./crawl-runs";
import { CrawlSession, type SessionOptions, type SessionProgress } from "./crawl-session";
import { refreshCohortRollups } from "../rollups/rollups";
import { formatFull } from "../charts/format";

export interface PassOptions extends SessionOptions {
  sqlite: Sqlite;
  /** Repos to process at most, over the whole crawl (a resumed crawl keeps its own limit). */
  limit?: number;
  resume?: boolean;
  /** Select and report what would be fetched; no Hub request, no lock, no write. */
  dryRun?: boolean;
  onProgress?: (p: PassProgress) => void;
  /** Dry run: called for every repo that would be fetched. */
  onWouldFetch?: (repoId: string) => void;
}

export interface PassProgress extends SessionProgress {
  /** Repos written by this crawl so far (before a resume included). */
  done: number;
  /** done + what was due when this run started (for the ETA). */
  total: number;
  /** Repos that failed in this run (left for a later run; not written). */
  errors: number;
}

export interface PassSummary<R> extends PassProgress {
  status: "completed" | "failed" | "interrupted" | "nothing-to-resume" | "dry-run";
  resumed: boolean;
  /** Outcome counts over the whole crawl (e.g. initial-commit / oldest-commit / not-found). */
  counts: Record<string, number>;
  /** Repos whose stored values changed in a way the rollups count, over the whole crawl. */
  changed: number;
  /** Whether the cohort rollups were refreshed at completion. */
  rollupsRefreshed: boolean;
  /** Per-repo results of this run, in processing order. */
  results: R[];
  error?: string;
}

/** What a pass reads of a due model; `id` is models.id. */
export interface PassRow {
  id: number;
  hubId: string;
  repoId: string;
}

export interface PassContext {
  fetch: typeof fetch;
  hubUrl: string;
  token?: string;
}

export interface PassDefinition<Row extends PassRow, R> {
  kind: CrawlKind;
  /** The crawl's scope as stored (limit included). */
  scope: Record<string, unknown>;
  /** Up to `n` due rows with hub_id > `after` (null = from the start), in hub_id order. */
  selectDue(sqlite: Sqlite, after: string | null, n: number, scope: Record<string, unknown>): Row[];
  countDue(sqlite: Sqlite, after: string | null, scope: Record<string, unknown>): number;
  /** The Hub work for one repo. Throwing leaves the repo unwritten (an error of this repo). */
  process(row: Row, ctx: PassContext): Promise<R>;
  /** Stores the result (inside the repo's transaction). Returns its outcome key and whether rollups are affected. */
  write(sqlite: Sqlite, row: Row, result: R): { outcome: string; changed: boolean };
}

/** A repo error that must stop the whole pass (a bad token would fail every repo the same way). */
export class FatalPassError extends Error {
  override name = "FatalPassError";
}

/** Consecutive failed repos after which the Hub is taken to be down and the pass fails. */
export const MAX_CONSECUTIVE_ERRORS = 5;
const BATCH = 200;

interface PassState {
  /** hub_id of the last repo written: resume continues after it. */
  after: string | null;
  counts: Record<string, number>;
  changed: number;
}

/** A dry run: the due repos, reported one by one; no lock, no row, no request. */
function dryRun<Row extends PassRow, R>(opts: PassOptions, def: PassDefinition<Row, R>): PassSummary<R> {
  const started = Date.now();
  const scope = { ...def.scope, ...(opts.limit !== undefined ? { limit: opts.limit } : {}) };
  const limit = opts.limit ?? Infinity;
  let n = 0;
  let after: string | null = null;
  while (n < limit) {
    const rows = def.selectDue(opts.sqlite, after, Math.min(BATCH, limit - n), scope);
    if (rows.length === 0) break;
    for (const r of rows) opts.onWouldFetch?.(r.repoId);
    n += rows.length;
    after = rows[rows.length - 1].hubId;
  }
  return {
    crawlId: null, kind: def.kind, done: 0, total: n, errors: 0, requests: 0, retries: 0, rateLimitWaits: 0,
    rateLimitWaitMs: 0, elapsedMs: Date.now() - started, rate: 0, etaMs: null, status: "dry-run", resumed: false,
    counts: {}, changed: 0, rollupsRefreshed: false, results: [],
  };
}

export async function runRepoPass<Row extends PassRow, R>(opts: PassOptions, def: PassDefinition<Row, R>): Promise<PassSummary<R>> {
  if (opts.dryRun) return dryRun(opts, def);
  const sqlite = opts.sqlite;
  const results: R[] = [];
  const session = await CrawlSession.open(sqlite, def.kind, opts);

  // Planning: the interrupted row taken up again, or a new one.
  let scope: Record<string, unknown>;
  let state: PassState = { after: null, counts: {}, changed: 0 };
  try {
    if (opts.resume) {
      const c = session.resume([def.kind]);
      if (!c) {
        session.close();
        return {
          ...session.progress(), done: 0, total: 0, errors: 0, status: "nothing-to-resume",
          resumed: true, counts: {}, changed: 0, rollupsRefreshed: false, results,
        };
      }
      scope = JSON.parse(c.scope) as Record<string, unknown>;
      if (c.checkpointState) state = { ...state, ...(JSON.parse(c.checkpointState) as Partial<PassState>) };
      session.notice(`resuming ${def.kind} crawl #${c.id} after ${formatFull(c.modelsSeen)} repos`);
    } else {
      scope = { ...def.scope, ...(opts.limit !== undefined ? { limit: opts.limit } : {}) };
      session.create(def.kind, scope, JSON.stringify(state));
    }
  } catch (err) {
    session.close();
    throw err;
  }
  const crawlId = session.crawlId!;

  const limit = typeof scope.limit === "number" ? scope.limit : undefined;
  const remaining = limit !== undefined ? Math.max(0, limit - session.doneBefore) : Infinity;
  const due = def.countDue(sqlite, state.after, scope);
  const total = session.doneBefore + Math.min(due, remaining);

  let errors = 0;
  let consecutiveErrors = 0;
  let lastError: string | undefined;
  const progress = (): PassProgress => ({ ...session.progress(total), done: session.done, total, errors });

  const saveProgress = sqlite.prepare(
    `UPDATE crawls SET requests = @requests, retries = @retries, rate_limit_waits = @rateLimitWaits,
       rate_limit_wait_ms = @rateLimitWaitMs, models_seen = @done, checkpoint_state = @state, heartbeat_at = @now
     WHERE id = @crawlId`,
  );
  const beatLock = sqlite.prepare("UPDATE crawl_lock SET heartbeat_at = ? WHERE crawl_id = ?");
  const writeRepo = sqlite.transaction((row: Row, result: R) => {
    const { outcome, changed } = def.write(sqlite, row, result);
    state.counts[outcome] = (state.counts[outcome] ?? 0) + 1;
    if (changed) state.changed++;
    state.after = row.hubId;
    session.doneThisRun++;
    const now = Date.now();
    saveProgress.run({ ...session.counters(), done: session.done, state: JSON.stringify(state), now, crawlId });
    beatLock.run(now, crawlId);
  });

  const ctx: PassContext = { fetch: session.fetch, hubUrl: opts.hubUrl, ...(opts.token ? { token: opts.token } : {}) };
  let status: PassSummary<R>["status"] = "completed";
  let error: string | undefined;
  let rollupsRefreshed = false;
  try {
    let cursor = state.after;
    let attempted = 0;
    outer: while (attempted < remaining) {
      const rows = def.selectDue(sqlite, cursor, Math.min(BATCH, remaining - attempted), scope);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (session.stopRequested) {
          status = "interrupted";
          break outer;
        }
        cursor = row.hubId;
        attempted++;
        let result: R;
        try {
          result = await def.process(row, ctx);
        } catch (err) {
          if (session.isStop(err)) {
            status = "interrupted";
            break outer;
          }
          if (err instanceof FatalPassError) throw err;
          errors++;
          consecutiveErrors++;
          lastError = `${row.repoId}: ${session.errorText(err)}`;
          session.notice(`error on ${lastError} (left for a later run)`);
          if (consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
            throw new Error(`${consecutiveErrors} repos failed in a row, the Hub looks unavailable; last: ${lastError}`);
          }
          continue;
        }
        consecutiveErrors = 0;
        writeRepo.immediate(row, result);
        results.push(result);
        opts.onProgress?.(progress());
      }
    }
    if (status === "interrupted") {
      error = "stopped by signal";
      session.finish("interrupted", error);
    } else if (errors > 0 && session.doneThisRun === 0) {
      status = "failed";
      error = `every repo of this run failed; last: ${lastError}`;
      session.finish("failed", error);
    } else {
      // Completion and the rollups it refreshes are one transaction.
      const complete = sqlite.transaction(() => {
        if (state.changed > 0) {
          refreshCohortRollups(sqlite, cohortCrawlId(sqlite, crawlId));
          rollupsRefreshed = true;
        }
        finishCrawl(sqlite, crawlId, "completed", errors > 0 ? `${errors} repos failed (left for a later run); last: ${lastError}` : null);
      });
      complete.immediate();
    }
  } catch (err) {
    status = "failed";
    error = session.errorText(err);
    session.finish("failed", error);
  } finally {
    session.close();
  }
  return {
    ...progress(), status, resumed: !!opts.resume, counts: { ...state.counts }, changed: state.changed, rollupsRefreshed, results,
    ...(error !== undefined ? { error } : {}),
  };
}

/**
 * The crawl id the refreshed cohort rollups are filed under. They describe the models of the latest
 * completed listing crawl (now with better dates or masks), so they keep that crawl's id rather
 * than the pass's own: readers that match rollups to "data as of" keep working.
 */
function cohortCrawlId(sqlite: Sqlite, passCrawlId: number): number {
  const current = sqlite.prepare<[], { crawl_id: number }>("SELECT crawl_id FROM rollup_cohorts LIMIT 1").get();
  if (current) return current.crawl_id;
  return lastCompletedCrawl(sqlite, ["full", "incremental", "scoped"])?.id ?? passCrawlId;
}

/** 404/410, or 401 (what the Hub answers an anonymous caller for a missing repo): the repo is gone. */
export function isRepoGone(err: unknown): boolean {
  return err instanceof HubApiError && (err.statusCode === 404 || err.statusCode === 410 || err.statusCode === 401);
}

/**
 * A 401 that is about our token, not the repo: every repo would fail the same way, and recording them
 * all as gone would be wrong forever. Stops the pass.
 */
export function checkCredentials(err: unknown): void {
  if (err instanceof HubApiError && err.statusCode === 401 && /invalid (credentials|token|username)/i.test(err.message)) {
    throw new FatalPassError(`the Hub rejected HF_TOKEN: ${err.message}`);
  }
}
