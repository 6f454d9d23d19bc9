/**
 * Per-repo crawl passes, and the first of them: the backfill of true creation dates.
 *
 * A pass walks a set of models already in the DB, one repo at a time, in `_id` order, and makes a
 * few Hub requests for each (the commit history here, the file list and model.json in
 * files-pass.ts). What every pass shares lives in `runRepoPass`:
 * - the shared DB lock (docs/decisions.md: every crawl kind takes it) and a `crawls` row of its kind;
 * - one polite fetch (pacing from RateLimit headers, retries) for all of its Hub calls;
 * - one small transaction per repo: the repo's result, the crawl's counters, its checkpoint
 *   (the last `_id` written, in checkpoint_state) and its heartbeat. A crash loses at most the repo
 *   in flight, and no repo is half-written;
 * - stop on a signal after the repo in flight (waits on the rate limit are cut short: a repo whose
 *   requests did not all finish is not written and is redone on resume); `--resume` reuses the
 *   interrupted row (bumping `resumes`) and continues after its checkpoint;
 * - the cohort rollups refreshed at completion when the pass changed anything they count.
 *
 * The backfill (docs/hub-api.md §7.3): legacy repos carry the 2022-03-02 floor as createdAt; the date of
 * their oldest commit is the real one. listCommits pages newest first, so the oldest commit is the
 * last item yielded. A system "initial commit" is the creation itself ("initial-commit"); anything
 * else means a squashed history, whose oldest commit is only an upper bound ("oldest-commit"). A
 * repo that is gone (404, or 401 as the Hub answers anonymous callers for missing repos) or has no
 * commits is "not-found": recorded once, never retried, not an error of the run.
 */
import { HubApiError, listCommits } from "@huggingface/hub";
import type { Sqlite } from "../../db/index";
import type { CrawlKind } from "../../db/schema";
import { createPoliteFetch, FetchAborted, type PoliteFetchOptions } from "../hub/polite-fetch";
import { acquireLock, type LockHolder } from "./lock";
import { createCrawl, crawlToResume, finishCrawl, lastCompletedCrawl, markResumed } from "./crawl-runs";
import { refreshCohortRollups } from "../rollups/rollups";
import { redact } from "../hub/redact";
import { formatFull } from "../charts/format";

// ---------------------------------------------------------------------------------------------
// The generic per-repo pass
// ---------------------------------------------------------------------------------------------

export interface PassOptions {
  sqlite: Sqlite;
  hubUrl: string;
  token?: string;
  /** Repos to process at most, over the whole crawl (a resumed crawl keeps its own limit). */
  limit?: number;
  resume?: boolean;
  /** Select and report what would be fetched; no Hub request, no lock, no write. */
  dryRun?: boolean;
  /** How long to wait for another crawl's lock, ms (0 = fail at once with LockHeldError). */
  lockWaitMs?: number;
  /** Aborting it stops the pass after the repo in flight; the crawl is marked interrupted. */
  signal?: AbortSignal;
  fetch?: Omit<PoliteFetchOptions, "signal">;
  onProgress?: (p: PassProgress) => void;
  onLockWait?: (holder: LockHolder) => void;
  onNotice?: (message: string) => void;
  /** Dry run: called for every repo that would be fetched. */
  onWouldFetch?: (repoId: string) => void;
}

export interface PassProgress {
  crawlId: number | null;
  kind: CrawlKind;
  /** Repos written by this crawl so far (before a resume included). */
  done: number;
  /** done + what was due when this run started (for the ETA). */
  total: number;
  /** Repos that failed in this run (left for a later run; not written). */
  errors: number;
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  elapsedMs: number;
  /** Repos per second over this process's run. */
  rate: number;
  etaMs: number | null;
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

export async function runRepoPass<Row extends PassRow, R>(opts: PassOptions, def: PassDefinition<Row, R>): Promise<PassSummary<R>> {
  const started = Date.now();
  const notice = opts.onNotice ?? (() => {});
  const sqlite = opts.sqlite;
  const results: R[] = [];

  if (opts.dryRun) {
    const scope = { ...def.scope, ...(opts.limit !== undefined ? { limit: opts.limit } : {}) };
    const limit = opts.limit ?? Infinity;
    let n = 0;
    let after: string | null = null;
    while (n < limit) {
      const rows = def.selectDue(sqlite, after, Math.min(BATCH, limit - n), scope);
      if (rows.length === 0) break;
      for (const r of rows) opts.onWouldFetch?.(r.repoId);
      n += rows.length;
      after = rows[rows.length - 1].hubId;
    }
    return {
      crawlId: null, kind: def.kind, done: 0, total: n, errors: 0, requests: 0, retries: 0, rateLimitWaits: 0,
      rateLimitWaitMs: 0, elapsedMs: Date.now() - started, rate: 0, etaMs: null, status: "dry-run", resumed: false,
      counts: {}, changed: 0, rollupsRefreshed: false, results,
    };
  }

  const lock = await acquireLock(sqlite, { waitMs: opts.lockWaitMs ?? 0, onWait: opts.onLockWait });
  if (lock.takenOver) {
    notice(`took over the lock of a dead crawl (pid ${lock.takenOver.pid} on ${lock.takenOver.host}, crawl #${lock.takenOver.crawlId ?? "?"})`);
  }

  let crawlId: number;
  let scope: Record<string, unknown>;
  let state: PassState = { after: null, counts: {}, changed: 0 };
  let doneBefore = 0;
  let base = { requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  const resumed = !!opts.resume;
  try {
    if (opts.resume) {
      const c = crawlToResume(sqlite, [def.kind]);
      if (!c) {
        lock.release();
        return {
          crawlId: null, kind: def.kind, done: 0, total: 0, errors: 0, requests: 0, retries: 0, rateLimitWaits: 0,
          rateLimitWaitMs: 0, elapsedMs: Date.now() - started, rate: 0, etaMs: null, status: "nothing-to-resume",
          resumed: true, counts: {}, changed: 0, rollupsRefreshed: false, results,
        };
      }
      crawlId = c.id;
      scope = JSON.parse(c.scope) as Record<string, unknown>;
      if (c.checkpointState) state = { ...state, ...(JSON.parse(c.checkpointState) as Partial<PassState>) };
      doneBefore = c.modelsSeen;
      base = { requests: c.requests, retries: c.retries, rateLimitWaits: c.rateLimitWaits, rateLimitWaitMs: c.rateLimitWaitMs };
      markResumed(sqlite, c.id);
      notice(`resuming ${def.kind} crawl #${c.id} after ${formatFull(c.modelsSeen)} repos`);
    } else {
      scope = { ...def.scope, ...(opts.limit !== undefined ? { limit: opts.limit } : {}) };
      crawlId = createCrawl(sqlite, def.kind, scope as never, opts.hubUrl, JSON.stringify(state));
    }
    lock.setCrawl(crawlId);
  } catch (err) {
    lock.release();
    throw err;
  }

  const polite = createPoliteFetch({ ...opts.fetch, signal: opts.signal });
  const counters = () => ({
    requests: base.requests + polite.stats.requests,
    retries: base.retries + polite.stats.retries,
    rateLimitWaits: base.rateLimitWaits + polite.stats.rateLimitWaits,
    rateLimitWaitMs: base.rateLimitWaitMs + polite.stats.rateLimitWaitMs,
  });
  const limit = typeof scope.limit === "number" ? scope.limit : undefined;
  const remaining = limit !== undefined ? Math.max(0, limit - doneBefore) : Infinity;
  const due = def.countDue(sqlite, state.after, scope);
  const total = doneBefore + Math.min(due, remaining);

  let done = doneBefore;
  let doneThisRun = 0;
  let errors = 0;
  let consecutiveErrors = 0;
  let lastError: string | undefined;

  const progress = (): PassProgress => {
    const elapsedMs = Date.now() - started;
    const rate = elapsedMs > 0 ? (doneThisRun * 1000) / elapsedMs : 0;
    const left = Math.max(0, total - done);
    return {
      crawlId, kind: def.kind, done, total, errors, ...counters(), elapsedMs, rate,
      etaMs: rate > 0 ? (left / rate) * 1000 : null,
    };
  };

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
    done++;
    doneThisRun++;
    const now = Date.now();
    saveProgress.run({ ...counters(), done, state: JSON.stringify(state), now, crawlId });
    beatLock.run(now, crawlId);
  });

  const ctx: PassContext = { fetch: polite.fetch, hubUrl: opts.hubUrl, ...(opts.token ? { token: opts.token } : {}) };
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
        if (opts.signal?.aborted) {
          status = "interrupted";
          break outer;
        }
        cursor = row.hubId;
        attempted++;
        let result: R;
        try {
          result = await def.process(row, ctx);
        } catch (err) {
          if (err instanceof FetchAborted && opts.signal?.aborted) {
            status = "interrupted";
            break outer;
          }
          if (err instanceof FatalPassError) throw err;
          errors++;
          consecutiveErrors++;
          lastError = `${row.repoId}: ${redact(err instanceof Error ? err.message : String(err), opts.token)}`;
          notice(`error on ${lastError} (left for a later run)`);
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
      finishCrawl(sqlite, crawlId, "interrupted", error);
    } else if (errors > 0 && doneThisRun === 0) {
      status = "failed";
      error = `every repo of this run failed; last: ${lastError}`;
      finishCrawl(sqlite, crawlId, "failed", error);
    } else {
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
    error = redact(err instanceof Error ? err.message : String(err), opts.token);
    finishCrawl(sqlite, crawlId, "failed", error);
  } finally {
    lock.release();
  }
  return {
    ...progress(), status, resumed, counts: { ...state.counts }, changed: state.changed, rollupsRefreshed, results,
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

// ---------------------------------------------------------------------------------------------
// The creation-date backfill
// ---------------------------------------------------------------------------------------------

export type TrueCreatedSource = "initial-commit" | "oldest-commit" | "not-found";

export interface BackfillResult {
  repoId: string;
  source: TrueCreatedSource;
  /** Epoch seconds; absent when not-found. */
  trueCreatedAt?: number;
  /** Commits seen (the whole history was walked). */
  commits: number;
}

export type BackfillOptions = PassOptions;
export type BackfillSummary = PassSummary<BackfillResult>;

/** Walks a repo's history (newest first) and classifies its oldest commit. */
export async function oldestCommit(repoId: string, ctx: PassContext): Promise<BackfillResult> {
  let last: { title: string; authors: { username: string }[]; date: Date } | undefined;
  let commits = 0;
  try {
    for await (const c of listCommits({
      repo: { type: "model", name: repoId },
      batchSize: 1000,
      hubUrl: ctx.hubUrl,
      ...(ctx.token ? { accessToken: ctx.token } : {}),
      fetch: ctx.fetch,
    })) {
      last = c;
      commits++;
    }
  } catch (err) {
    checkCredentials(err);
    if (isRepoGone(err)) return { repoId, source: "not-found", commits };
    throw err;
  }
  const time = last ? last.date.getTime() : NaN;
  if (!last || Number.isNaN(time)) return { repoId, source: "not-found", commits };
  const initial =
    last.title.trim().toLowerCase() === "initial commit" && last.authors.some((a) => a.username === "system");
  return { repoId, source: initial ? "initial-commit" : "oldest-commit", trueCreatedAt: Math.floor(time / 1000), commits };
}

const DUE_WHERE =
  "created_at_is_floor = 1 AND true_created_source IS NULL AND gone_since_crawl IS NULL";

export function backfillDefinition(): PassDefinition<PassRow, BackfillResult> {
  return {
    kind: "backfill",
    scope: {},
    selectDue(sqlite, after, n) {
      return sqlite
        .prepare<[string, number], PassRow>(
          `SELECT id, hub_id AS hubId, repo_id AS repoId FROM models WHERE ${DUE_WHERE} AND hub_id > ? ORDER BY hub_id LIMIT ?`,
        )
        .all(after ?? "", n);
    },
    countDue(sqlite, after) {
      return sqlite
        .prepare<[string], { n: number }>(`SELECT count(*) AS n FROM models WHERE ${DUE_WHERE} AND hub_id > ?`)
        .get(after ?? "")!.n;
    },
    process: (row, ctx) => oldestCommit(row.repoId, ctx),
    write(sqlite, row, r) {
      sqlite
        .prepare("UPDATE models SET true_created_at = ?, true_created_source = ? WHERE id = ?")
        .run(r.trueCreatedAt ?? null, r.source, row.id);
      return { outcome: r.source, changed: r.source !== "not-found" };
    },
  };
}

/**
 * True creation dates for the legacy repos not backfilled yet (created_at_is_floor, no source), in
 * `_id` order. Throws LockHeldError when another crawl holds the DB (after lockWaitMs).
 */
export function runBackfill(opts: BackfillOptions): Promise<BackfillSummary> {
  return runRepoPass(opts, backfillDefinition());
}
