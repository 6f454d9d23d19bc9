/**
 * The scheduler's loop: decide (lib/scheduler/decide.ts), make sure the Hub answers, take the DB
 * lock, decide again under it, crawl, report. It runs the crawl in its own process (never in the
 * web server: better-sqlite3 is synchronous) with the same runCrawl, lock and pacing as the CLI.
 *
 * One crawl at a time across processes is the DB lock's job (lib/crawl/lock.ts). Deciding twice
 * makes two schedulers on one DB agree on each run: the first check (without the lock) only avoids
 * taking the lock for nothing every second; the second (with it) sees every crawl that started
 * meanwhile, so a run another process already served is not crawled again. The lock is re-entrant
 * for its own process, so runCrawl's own acquisition inside it succeeds.
 */
import os from "node:os";
import type { Sqlite } from "../../db/index";
import { LockHeldError, isStale, readLock, tryAcquireLock } from "../crawl/lock";
import { redact } from "../hub/redact";
import { runCrawl, type CrawlProgress, type CrawlSummary } from "../crawl/run-crawl";
import type { PoliteFetchOptions } from "../hub/polite-fetch";
import { crawlFailedAlert, hubUnreachableAlert, sendAlert, type AlertPayload } from "./alert";
import { thinSnapshots } from "./retention";
import type { Schedule } from "../cron";
import { decide, retryDelayMs, type Decision } from "./decide";
import { readFacts } from "./facts";
import { probeHub } from "./probe";
import { claimRequests, expireRequests, setRequestCrawl } from "./requests";
import { registerScheduler, type LiveProgress, type Published, type SchedulerPresence } from "./state";
import { formatFull } from "../charts/format";

export interface SchedulerOptions {
  sqlite: Sqlite;
  hubUrl: string;
  token?: string;
  full: Schedule | null;
  incremental: Schedule | null;
  retryBaseMs: number;
  alertUrl?: string;
  retentionDays?: number;
  fetch?: Omit<PoliteFetchOptions, "signal">;
  log: (line: string) => void;
  /** How often requests and due runs are checked while idle, ms. */
  pollMs?: number;
}

/** Waits between probes of an unreachable Hub, ms: quick at first, then every 5 minutes. */
const PROBE_BACKOFF_MS = [15_000, 30_000, 60_000, 120_000, 300_000];
/** Progress is written to the schedulers row at most this often, ms. */
const PROGRESS_EVERY_MS = 1_000;

const iso = (ms: number | null) => (ms === null || !Number.isFinite(ms) ? "never" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));

export class Scheduler {
  private readonly stopController = new AbortController();
  private readonly startedAt = Date.now();
  private presence: SchedulerPresence | null = null;
  private wake: (() => void) | null = null;
  private unreachable: { since: number; attempts: number; alerted: boolean; error: string } | null = null;
  private lastWaitDetail = "";
  /** The last waiting state written (see publish); any other write resets it. */
  private lastPublished = "";

  constructor(private readonly o: SchedulerOptions) {}

  get stopping(): boolean {
    return this.stopController.signal.aborted;
  }

  /** Graceful stop: the crawl in flight commits its page and is marked interrupted. */
  stop(): void {
    this.stopController.abort();
    this.wake?.();
  }

  async run(): Promise<void> {
    const { sqlite, log } = this.o;
    this.presence = registerScheduler(sqlite, { full: this.o.full?.pattern ?? null, incremental: this.o.incremental?.pattern ?? null });
    log(
      `scheduler: started (pid ${process.pid}); full crawls ${this.o.full ? `"${this.o.full.pattern}" UTC` : "off"}, ` +
        `incremental crawls ${this.o.incremental ? `"${this.o.incremental.pattern}" UTC` : "off"}; Hub ${this.o.hubUrl}`,
    );
    let errors = 0;
    try {
      while (!this.stopping) {
        try {
          await this.tick();
          errors = 0;
        } catch (err) {
          // A crawl's own failures end up in its summary; this is the loop itself failing (a DB
          // locked for longer than the busy timeout, a full disk). Keep the service up, back off.
          errors++;
          const msg = redact(err instanceof Error ? err.message : String(err), this.o.token);
          log(`scheduler: error: ${msg}`);
          this.setState({ state: "idle", detail: `error: ${msg}`, lastError: msg });
          await this.sleep(Math.min(60_000, 2_000 * 2 ** Math.min(errors - 1, 5)));
        }
      }
    } finally {
      this.presence.set({ state: "stopped", detail: "stopped" });
      this.presence.stop();
      log("scheduler: stopped");
    }
  }

  private decideNow(): Decision {
    const now = Date.now();
    return decide({
      ...readFacts(this.o.sqlite, now),
      now,
      schedulerStartedAt: this.startedAt,
      full: this.o.full,
      incremental: this.o.incremental,
      retryBaseMs: this.o.retryBaseMs,
    });
  }

  private async tick(): Promise<void> {
    const { sqlite } = this.o;
    expireRequests(sqlite);

    const holder = readLock(sqlite);
    if (holder && !(holder.pid === process.pid && holder.host === os.hostname()) && !isStale(holder)) {
      this.publish({ state: "waiting-for-lock", detail: `crawl #${holder.crawlId ?? "?"} is running (pid ${holder.pid} on ${holder.host})` });
      await this.sleep(this.pollMs());
      return;
    }

    const first = this.decideNow();
    if (first.action === "wait") {
      this.publishWait(first);
      await this.sleep(Math.min(this.pollMs(), Math.max(0, first.until - Date.now())));
      return;
    }

    // One small request first: a dead network (or a wrong HF_ENDPOINT) is better said in seconds
    // than after minutes of the crawl's retries, and leaves no failed crawl behind.
    const probe = await probeHub(this.o.hubUrl, { signal: this.stopController.signal });
    if (this.stopping) return;
    if (!probe.ok) {
      await this.hubUnreachable(probe.error, first);
      return;
    }
    if (this.unreachable) {
      this.o.log(`scheduler: the Hub at ${this.o.hubUrl} answers again`);
      this.unreachable = null;
    }

    let lock;
    try {
      lock = tryAcquireLock(sqlite);
    } catch (err) {
      if (err instanceof LockHeldError) return; // another process started a crawl just now
      throw err;
    }
    if (lock.takenOver) {
      this.o.log(`scheduler: took over the lock of a dead process (pid ${lock.takenOver.pid} on ${lock.takenOver.host}, crawl #${lock.takenOver.crawlId ?? "?"})`);
    }
    let summary: CrawlSummary | null = null;
    let decision: Decision;
    try {
      decision = this.decideNow();
      if (decision.action === "wait") return; // another process served this run meanwhile
      summary = await this.crawl(decision);
    } finally {
      lock.release();
    }
    await this.afterCrawl(decision, summary);
  }

  private async crawl(d: Exclude<Decision, { action: "wait" }>): Promise<CrawlSummary> {
    const { sqlite, log } = this.o;
    const presence = this.presence!;
    const claimedAt = Date.now();
    if (d.requestId !== undefined) claimRequests(sqlite, d.requestId, presence.id, claimedAt);
    const what = d.action === "resume" ? `resuming ${d.kind} crawl #${d.crawlId}` : `starting ${d.kind === "incremental" ? "an" : "a"} ${d.kind} crawl`;
    log(`scheduler: ${what} (${d.reason})`);
    this.setState({ state: "crawling", detail: `${what} (${d.reason})`, crawlId: d.action === "resume" ? d.crawlId : null });

    let lastWrite = 0;
    let crawlId: number | null = d.action === "resume" ? d.crawlId : null;
    const onProgress = (p: CrawlProgress) => {
      if (crawlId === null && p.crawlId !== null) {
        crawlId = p.crawlId;
        this.setState({ state: "crawling", detail: `${d.kind} crawl #${crawlId} (${d.reason})`, crawlId });
        if (d.requestId !== undefined) setRequestCrawl(sqlite, presence.id, claimedAt, crawlId);
      }
      const now = Date.now();
      if (now - lastWrite < PROGRESS_EVERY_MS) return;
      lastWrite = now;
      const live: LiveProgress = {
        crawlId: p.crawlId, kind: p.kind, models: p.models, expected: p.expected, rate: p.rate, etaMs: p.etaMs, pages: p.pages, updatedAt: now,
      };
      presence.progress(live);
    };
    const summary = await runCrawl({
      sqlite,
      hubUrl: this.o.hubUrl,
      token: this.o.token,
      resume: d.action === "resume",
      incremental: d.action === "crawl" && d.kind === "incremental",
      lockWaitMs: 0,
      signal: this.stopController.signal,
      fetch: this.o.fetch,
      onProgress,
      onNotice: (m) => log(`scheduler: ${m}`),
    });
    if (summary.crawlId !== null && d.requestId !== undefined) setRequestCrawl(sqlite, presence.id, claimedAt, summary.crawlId);
    return summary;
  }

  private async afterCrawl(d: Decision, s: CrawlSummary | null): Promise<void> {
    const { log } = this.o;
    if (!s || d.action === "wait") return;
    const line =
      `crawl #${s.crawlId ?? "?"} ${s.kind} ${s.status}: ${formatFull(s.models)} models ` +
      `(${formatFull(s.modelsNew)} new, ${formatFull(s.modelsGone)} gone), ${s.pages} pages, ` +
      `${s.retries} retries, ${s.rateLimitWaits} rate-limit waits${s.error ? `; error: ${s.error}` : ""}`;
    log(`scheduler: ${line}`);
    if (s.status === "completed") {
      this.setState({ state: "idle", detail: line, lastError: null });
      if (s.kind === "full" && this.o.retentionDays) this.retention();
      return;
    }
    if (s.status === "failed") {
      const error = redact(s.error ?? "unknown error", this.o.token);
      // The retry happens only while the crawl's schedule period lasts (decide.ts, rule 1).
      const now = Date.now();
      let retryAt: number | null = now + retryDelayMs(this.o.retryBaseMs, s.crawlId !== null ? this.resumesOf(s.crawlId) : 0);
      const schedule = s.kind === "incremental" ? (this.o.incremental ?? this.o.full) : this.o.full;
      if (schedule && retryAt >= schedule.next(now).getTime()) retryAt = null;
      this.setState({ state: "retry-wait", detail: line, lastError: `crawl #${s.crawlId ?? "?"} failed: ${error}` });
      await this.alert(
        crawlFailedAlert(
          this.o.hubUrl,
          { id: s.crawlId, kind: s.kind, status: s.status, reason: d.reason, models: s.models, pages: s.pages, startedAt: s.crawlId !== null ? this.startOf(s.crawlId) : null, error },
          retryAt,
          this.o.token,
        ),
      );
    }
    // "interrupted": we are stopping; the loop ends and the crawl is resumed at the next start.
  }

  private retention(): void {
    const { sqlite, log } = this.o;
    let lock;
    try {
      lock = tryAcquireLock(sqlite);
    } catch (err) {
      if (err instanceof LockHeldError) return; // a crawl started meanwhile; next time
      throw err;
    }
    try {
      const r = thinSnapshots(sqlite, { days: this.o.retentionDays! });
      if (r.rowsDeleted > 0) log(`scheduler: retention: ${formatFull(r.rowsDeleted)} snapshots thinned in ${r.weeks} weeks older than ${this.o.retentionDays} days`);
    } catch (err) {
      log(`scheduler: retention failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      lock.release();
    }
  }

  private async hubUnreachable(error: string, d: Exclude<Decision, { action: "wait" }>): Promise<void> {
    const now = Date.now();
    const u = (this.unreachable ??= { since: now, attempts: 0, alerted: false, error });
    u.attempts++;
    const waitMs = PROBE_BACKOFF_MS[Math.min(u.attempts - 1, PROBE_BACKOFF_MS.length - 1)];
    const message =
      `cannot reach the Hub at ${this.o.hubUrl} (${error}). No crawl can run until it answers; ` +
      `trying again in ${Math.round(waitMs / 1000)} s. Without network, \`npm run demo\` shows the dashboard on a generated Hub.`;
    if (u.attempts === 1 || error !== u.error) this.o.log(`scheduler: ${message}`);
    u.error = error;
    this.setState({
      state: "hub-unreachable",
      detail: `a ${d.kind} crawl is due; trying the Hub again at ${iso(Date.now() + waitMs)}`,
      lastError: `Hub unreachable: ${error}`,
    });
    if (!u.alerted) {
      u.alerted = true;
      await this.alert(hubUnreachableAlert(this.o.hubUrl, error, d.kind, this.o.token));
    }
    await this.sleep(waitMs);
  }

  private publishWait(w: Extract<Decision, { action: "wait" }>): void {
    const parts = [
      w.retryAt !== null ? `retrying the failed crawl at ${iso(w.retryAt)}` : null,
      `next full crawl ${iso(w.nextFull)}`,
      this.o.incremental ? `next incremental crawl ${iso(w.nextIncremental)}` : null,
    ].filter(Boolean);
    const detail = parts.join(" · ");
    this.publish({ state: w.retryAt !== null ? "retry-wait" : "idle", detail });
    if (detail !== this.lastWaitDetail) {
      this.lastWaitDetail = detail;
      this.o.log(`scheduler: waiting: ${detail}`);
    }
  }

  private setState(p: Published): void {
    this.lastPublished = "";
    this.presence!.set(p);
  }

  /** Writes a waiting state only when it changed: an idle scheduler must not write every second. */
  private publish(p: { state: "idle" | "retry-wait" | "waiting-for-lock"; detail: string }): void {
    const key = `${p.state}|${p.detail}`;
    if (key === this.lastPublished) return;
    this.lastPublished = key;
    this.presence!.set(p);
  }

  private async alert(payload: AlertPayload): Promise<void> {
    if (!this.o.alertUrl) return;
    const err = await sendAlert(this.o.alertUrl, payload);
    if (err) this.o.log(`scheduler: the alert webhook could not be reached: ${err}`);
    else this.o.log(`scheduler: alert sent (${payload.event})`);
  }

  private resumesOf(crawlId: number): number {
    return (this.o.sqlite.prepare("SELECT resumes FROM crawls WHERE id = ?").get(crawlId) as { resumes: number } | undefined)?.resumes ?? 0;
  }

  private startOf(crawlId: number): number | null {
    return (this.o.sqlite.prepare("SELECT started_at AS s FROM crawls WHERE id = ?").get(crawlId) as { s: number } | undefined)?.s ?? null;
  }

  private pollMs(): number {
    return this.o.pollMs ?? 1_000;
  }

  /** Sleeps, waking early on stop(). */
  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }
}
