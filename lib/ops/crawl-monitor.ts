/**
 * What the crawl monitor (/crawls, /api/crawls) shows: every crawl with its counters, the running
 * one live, the scheduler and its next runs. Read-only; safe on the web server's read connection.
 * Nothing here is cached: a crawl's progress changes every page (docs/decisions.md: live progress is
 * shown uncached).
 */
import type { Sqlite } from "../../db/index";
import type { CrawlKind, CrawlStatus } from "../../db/schema";
import { liveCrawlId } from "../crawl/lock";
import { parseSchedule, type Schedule } from "../cron";
import { currentScheduler, type SchedulerView } from "../scheduler/state";

export interface CrawlRow {
  id: number;
  kind: CrawlKind;
  status: CrawlStatus;
  /** The filters of a scoped crawl ("author=x, limit=10"), "" for full and incremental ones. */
  scope: string;
  startedAt: number;
  finishedAt: number | null;
  /** Wall time from start to finish (or to the last heartbeat while running), ms. */
  durationMs: number | null;
  models: number;
  modelsNew: number;
  modelsGone: number;
  /** Models per second over the crawl; null when it was resumed (its active time is unknown). */
  rate: number | null;
  pages: number;
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  resumes: number;
  error: string | null;
  /** Running and its process is alive (vs "running" left behind by a dead process). */
  live: boolean;
}

export interface LiveCrawl extends CrawlRow {
  expected: number | null;
  /** 0..100 when the expected count is known. */
  percent: number | null;
  /** Current speed, models/s (the scheduler's measure of this run when it runs the crawl). */
  currentRate: number | null;
  etaMs: number | null;
  /** More models than expected so far: the Hub grew since the last full crawl; no ETA then. */
  overExpected: boolean;
  heartbeatAt: number | null;
  /** Who runs it: "scheduler" or "cli" (any other process holding the lock). */
  runner: "scheduler" | "cli";
}

interface Raw {
  id: number;
  kind: CrawlKind;
  status: CrawlStatus;
  scope: string;
  startedAt: number;
  finishedAt: number | null;
  heartbeatAt: number | null;
  models: number;
  modelsNew: number;
  modelsGone: number;
  pages: number;
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  resumes: number;
  error: string | null;
  expected: number | null;
}

const COLS = `id, kind, status, scope, started_at AS startedAt, finished_at AS finishedAt, heartbeat_at AS heartbeatAt,
  models_seen AS models, models_new AS modelsNew, models_gone AS modelsGone, pages, requests, retries,
  rate_limit_waits AS rateLimitWaits, rate_limit_wait_ms AS rateLimitWaitMs, resumes, error, expected_models AS expected`;


/** "author=google, tag=gguf, limit=100": the filters that made a crawl scoped. */
export function describeScope(kind: CrawlKind, scopeJson: string): string {
  if (kind === "full" || kind === "incremental") return "";
  let s: Record<string, unknown>;
  try {
    s = JSON.parse(scopeJson) as Record<string, unknown>;
  } catch {
    return scopeJson;
  }
  return Object.entries(s)
    .filter(([k, v]) => v !== undefined && !(k === "sort" && v === "createdAt"))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : String(v)}`)
    .join(", ");
}

function toRow(r: Raw, live: boolean, now: number): CrawlRow {
  const end = r.finishedAt ?? (live ? now : r.heartbeatAt);
  const durationMs = end !== null ? Math.max(0, end - r.startedAt) : null;
  return {
    id: r.id, kind: r.kind, status: r.status, scope: describeScope(r.kind, r.scope), startedAt: r.startedAt, finishedAt: r.finishedAt,
    durationMs, models: r.models, modelsNew: r.modelsNew, modelsGone: r.modelsGone,
    rate: r.resumes === 0 && durationMs ? (r.models * 1000) / durationMs : null,
    pages: r.pages, requests: r.requests, retries: r.retries, rateLimitWaits: r.rateLimitWaits, rateLimitWaitMs: r.rateLimitWaitMs,
    resumes: r.resumes, error: r.error, live,
  };
}


export interface CrawlPage {
  crawls: CrawlRow[];
  total: number;
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/** Crawls, newest first, `limit` at a time; `before` = only crawls with a smaller id. */
/** Most crawls one page of /api/crawls lists. */
export const MAX_CRAWLS_PAGE = 500;

export function listCrawls(sqlite: Sqlite, opts: { limit?: number; before?: number | null } = {}, now = Date.now()): CrawlPage {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), MAX_CRAWLS_PAGE);
  const rows = sqlite
    .prepare<[number, number], Raw>(`SELECT ${COLS} FROM crawls WHERE id < ? ORDER BY id DESC LIMIT ?`)
    .all(opts.before ?? Number.MAX_SAFE_INTEGER, limit + 1);
  const liveId = liveCrawlId(sqlite, now);
  const total = (sqlite.prepare("SELECT count(*) AS n FROM crawls").get() as { n: number }).n;
  const page = rows.slice(0, limit);
  return {
    crawls: page.map((r) => toRow(r, r.id === liveId && r.status === "running", now)),
    total,
    nextBefore: rows.length > limit ? page[page.length - 1].id : null,
  };
}

/** The crawl running now, with progress and ETA; null when none runs. */
export function liveCrawl(sqlite: Sqlite, scheduler: SchedulerView | null, now = Date.now()): LiveCrawl | null {
  const id = liveCrawlId(sqlite, now);
  if (id === null) return null;
  const r = sqlite.prepare<[number], Raw>(`SELECT ${COLS} FROM crawls WHERE id = ?`).get(id);
  if (!r || r.status !== "running") return null;
  const row = toRow(r, true, now);
  const fromScheduler = !!scheduler?.alive && scheduler.crawlId === id;
  const p = fromScheduler && scheduler!.progress?.crawlId === id ? scheduler!.progress : null;
  // The scheduler measures this run's speed; for a crawl started elsewhere, a crawl never resumed
  // has run for its whole wall time, so models / elapsed is its speed too.
  const currentRate = p ? p.rate : row.rate;
  const expected = r.kind === "full" ? r.expected : null;
  const left = expected !== null ? Math.max(0, expected - r.models) : null;
  return {
    ...row,
    expected,
    percent: expected ? Math.min(100, (100 * r.models) / expected) : null,
    currentRate,
    etaMs: left !== null && left > 0 && currentRate ? (left / currentRate) * 1000 : null,
    overExpected: expected !== null && left === 0,
    heartbeatAt: r.heartbeatAt,
    runner: fromScheduler ? "scheduler" : "cli",
  };
}

export interface NextRuns {
  full: { pattern: string; next: number } | null;
  incremental: { pattern: string; next: number } | null;
  /** Where the patterns come from: the running scheduler, or this server's environment. */
  source: "scheduler" | "environment";
}

function nextOf(pattern: string | null, now: number): { pattern: string; next: number } | null {
  if (!pattern) return null;
  let s: Schedule;
  try {
    s = parseSchedule(pattern);
  } catch {
    return null;
  }
  return { pattern, next: s.next(now).getTime() };
}

/**
 * The next scheduled runs: the cron's next times after now, for the patterns the live scheduler
 * runs (it may have been started with other settings than this web server), else for this
 * process's CRAWL_SCHEDULE / INCREMENTAL_SCHEDULE.
 */
export function nextRuns(scheduler: SchedulerView | null, env: { full: Schedule | null; incremental: Schedule | null }, now = Date.now()): NextRuns {
  if (scheduler?.alive) {
    return { full: nextOf(scheduler.fullSchedule, now), incremental: nextOf(scheduler.incrementalSchedule, now), source: "scheduler" };
  }
  return {
    full: env.full ? { pattern: env.full.pattern, next: env.full.next(now).getTime() } : null,
    incremental: env.incremental ? { pattern: env.incremental.pattern, next: env.incremental.next(now).getTime() } : null,
    source: "environment",
  };
}

export interface MonitorData {
  now: number;
  scheduler: SchedulerView | null;
  live: LiveCrawl | null;
  next: NextRuns;
  /** Whether any full crawl ever completed (the dashboard has data). */
  hasData: boolean;
}

export function monitorData(sqlite: Sqlite, env: { full: Schedule | null; incremental: Schedule | null }, now = Date.now()): MonitorData {
  const scheduler = currentScheduler(sqlite, now);
  return {
    now,
    scheduler,
    live: liveCrawl(sqlite, scheduler, now),
    next: nextRuns(scheduler, env, now),
    hasData: !!sqlite.prepare("SELECT 1 FROM crawls WHERE kind = 'full' AND status = 'completed' LIMIT 1").get(),
  };
}
