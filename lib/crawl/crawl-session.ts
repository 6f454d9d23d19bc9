/**
 * One crawl session: what every crawl kind does around its own work, written once. The listing
 * crawl (run-crawl.ts) and every per-repo pass (repo-pass.ts) open a session, do their work through
 * its `fetch`, and close it with a status.
 * - The DB lock (docs/decisions.md "Processes": every crawl kind takes it), with the takeover of a
 *   dead holder's lock reported, and released on every path.
 * - The `crawls` row: created for a new crawl, or the interrupted one taken up again on `--resume`
 *   (bumping `resumes`), with the counters it had so far.
 * - One polite fetch for all of its Hub calls (pacing on RateLimit, retries), cut short by the stop
 *   signal; its counters add to the row's.
 * - Progress: units done (before a resume included), rate over this process's run, and the ETA
 *   from the expected total.
 * - Stop signals: aborting `signal` finishes the unit in flight (a page, a repo), then the crawl is
 *   marked interrupted and stays resumable.
 * A dry run of the listing opens a session without a database: no lock, no row, same fetch.
 */
import type { Sqlite } from "../../db/index";
import type { Crawl, CrawlKind, CrawlStatus } from "../../db/schema";
import { createPoliteFetch, FetchAborted, type PoliteFetch, type PoliteFetchOptions } from "../hub/polite-fetch";
import { redact } from "../hub/redact";
import { acquireLock, type AcquiredLock, type LockHolder } from "./lock";
import { createCrawl, crawlToResume, finishCrawl, getCrawl, markResumed, type CrawlScope } from "./crawl-runs";

/** What a caller of any crawl kind passes for the session's part. */
export interface SessionOptions {
  hubUrl: string;
  token?: string;
  /** How long to wait for another crawl's lock, ms (0 = fail at once with LockHeldError). */
  lockWaitMs?: number;
  /** Aborting it finishes the unit in flight, then stops the crawl as interrupted. */
  signal?: AbortSignal;
  fetch?: Omit<PoliteFetchOptions, "signal">;
  onLockWait?: (holder: LockHolder) => void;
  onNotice?: (message: string) => void;
}

/** The Hub-side counters a crawl row keeps. */
export interface HubCounters {
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

/** Progress common to every crawl kind. */
export interface SessionProgress extends HubCounters {
  crawlId: number | null;
  kind: CrawlKind;
  elapsedMs: number;
  /** Units (models, repos) per second over this process's run. */
  rate: number;
  etaMs: number | null;
}

/** Thrown into a crawl's own loop when the stop signal arrived between two units. */
export class CrawlStopped extends Error {
  override name = "CrawlStopped";
}

export class CrawlSession {
  readonly started = Date.now();
  crawlId: number | null = null;
  kind: CrawlKind;
  /** The row taken up by resume(), as it was before. */
  resumedFrom: Crawl | null = null;
  /** Units done before this process (a resumed crawl's models_seen). */
  doneBefore = 0;
  /** Units done by this process. */
  doneThisRun = 0;
  /** Units the crawl is expected to reach in total (ETA); null = unknown. */
  expected: number | null = null;
  private readonly polite: PoliteFetch;
  private base: HubCounters & { pages: number } = { pages: 0, requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  private closed = false;

  private constructor(
    readonly sqlite: Sqlite | null,
    private readonly lock: AcquiredLock | null,
    readonly opts: SessionOptions,
    kind: CrawlKind,
  ) {
    this.kind = kind;
    this.polite = createPoliteFetch({ ...opts.fetch, signal: opts.signal });
  }

  /**
   * Takes the DB lock (waiting up to lockWaitMs) and returns a session that has no crawl row yet:
   * call resume() or create(). `sqlite` null = a dry run: no lock, and no row is ever written.
   */
  static async open(sqlite: Sqlite | null, kind: CrawlKind, opts: SessionOptions): Promise<CrawlSession> {
    const lock = sqlite ? await acquireLock(sqlite, { waitMs: opts.lockWaitMs ?? 0, onWait: opts.onLockWait }) : null;
    if (lock?.takenOver) {
      const t = lock.takenOver;
      opts.onNotice?.(`took over the lock of a dead crawl (pid ${t.pid} on ${t.host}, crawl #${t.crawlId ?? "?"})`);
    }
    return new CrawlSession(sqlite, lock, opts, kind);
  }

  notice(message: string): void {
    this.opts.onNotice?.(message);
  }

  /**
   * Takes up the last crawl of `kinds` when it did not complete: marks it running again and starts
   * the counters from its own. Undefined when there is nothing to resume (the caller then closes).
   */
  resume(kinds: readonly CrawlKind[]): Crawl | undefined {
    const sqlite = this.need();
    const c = crawlToResume(sqlite, kinds);
    if (!c) return undefined;
    this.resumedFrom = c;
    this.crawlId = c.id;
    this.kind = c.kind;
    this.doneBefore = c.modelsSeen;
    this.expected = c.expectedModels;
    this.base = { pages: c.pages, requests: c.requests, retries: c.retries, rateLimitWaits: c.rateLimitWaits, rateLimitWaitMs: c.rateLimitWaitMs };
    markResumed(sqlite, c.id);
    this.lock?.setCrawl(c.id);
    return c;
  }

  /** A new crawl row of `kind` (a full crawl expects the last full crawl's count, for its ETA). */
  create(kind: CrawlKind, scope: CrawlScope | Record<string, unknown>, state: string | null): number {
    const sqlite = this.need();
    this.kind = kind;
    this.crawlId = createCrawl(sqlite, kind, scope as CrawlScope, this.opts.hubUrl, state);
    this.expected = getCrawl(sqlite, this.crawlId)?.expectedModels ?? null;
    this.lock?.setCrawl(this.crawlId);
    return this.crawlId;
  }

  /** The fetch for every Hub call of this crawl (paced, retried, stopped by the signal). */
  get fetch(): typeof fetch {
    return this.polite.fetch;
  }

  /** Pages written before this process (a listing crawl adds its own). */
  get pagesBefore(): number {
    return this.base.pages;
  }

  /** The row's Hub counters: before this process plus this process's fetch. */
  counters(): HubCounters {
    const s = this.polite.stats;
    return {
      requests: this.base.requests + s.requests,
      retries: this.base.retries + s.retries,
      rateLimitWaits: this.base.rateLimitWaits + s.rateLimitWaits,
      rateLimitWaitMs: this.base.rateLimitWaitMs + s.rateLimitWaitMs,
    };
  }

  /** Units done so far, over the whole crawl. */
  get done(): number {
    return this.doneBefore + this.doneThisRun;
  }

  /** Counters, rate over this process's run, and the ETA to `expected` (or the given total). */
  progress(total: number | null = this.expected): SessionProgress {
    const elapsedMs = Date.now() - this.started;
    const rate = elapsedMs > 0 ? (this.doneThisRun * 1000) / elapsedMs : 0;
    const left = total !== null ? Math.max(0, total - this.done) : null;
    return {
      crawlId: this.crawlId, kind: this.kind, ...this.counters(), elapsedMs, rate,
      etaMs: left !== null && rate > 0 ? (left / rate) * 1000 : null,
    };
  }

  /** Whether the stop signal has arrived. */
  get stopRequested(): boolean {
    return !!this.opts.signal?.aborted;
  }

  /** Whether an error is the stop signal cutting the work short (not a failure). */
  isStop(err: unknown): boolean {
    return err instanceof CrawlStopped || (err instanceof FetchAborted && this.stopRequested);
  }

  /** An error's message for the crawl row and the logs, the token redacted. */
  errorText(err: unknown): string {
    return redact(err instanceof Error ? err.message : String(err), this.opts.token);
  }

  /**
   * Ends the crawl row with `status` (when there is one) and its final Hub counters (the requests
   * made since the last committed unit included). Completion that must share a transaction with
   * other writes calls finishCrawl itself. After a disk-full or I/O error the update may fail
   * again: that is reported as a notice, never thrown over the first error; returns whether the
   * row was updated (if not, it is marked failed when the lock is taken over).
   */
  finish(status: Exclude<CrawlStatus, "running">, error: string | null = null): boolean {
    const sqlite = this.sqlite;
    const id = this.crawlId;
    if (!sqlite || id === null) return true;
    return this.attempt("record the crawl's end", () => finishCrawl(sqlite, id, status, error, this.counters()));
  }

  /** Runs a clean-up step that may fail (disk full); says so instead of hiding the first error. */
  attempt(what: string, step: () => void): boolean {
    try {
      step();
      return true;
    } catch (err) {
      this.notice(`could not ${what}: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  /** Releases the lock, even after a disk-full error. Idempotent; call it in a `finally`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const lock = this.lock;
    if (lock) this.attempt("release the crawl lock", () => lock.release());
  }

  private need(): Sqlite {
    if (!this.sqlite) throw new Error("a dry-run session has no crawl row");
    return this.sqlite;
  }
}
