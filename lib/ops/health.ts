/**
 * /api/health: is the data as fresh as the schedule promises, and what is the scheduler doing?
 *
 * Fresh (200) when the last completed full crawl started at or after the latest run of
 * CRAWL_SCHEDULE that is more than HEALTH_GRACE_MS old: every scheduled full crawl gets the grace
 * time to complete (~3,100 pages of the real Hub: half an hour or more, plus retries), and a missed
 * or failed one turns the answer to 503 ("stale") once its grace has passed. With CRAWL_SCHEDULE=off (crawls
 * from a systemd timer or crontab) the rule is a daily one: completed within 24 h + grace.
 * No completed full crawl at all is 503 ("no-data"). The scheduler's state is reported, not
 * judged: a dashboard fed by a systemd timer has no scheduler and is healthy while fresh.
 *
 * Nothing secret is in it: no token, no webhook URL; the Hub URL cannot hold credentials.
 */
import type { Sqlite } from "../../db/index";
import type { Schedule } from "../cron";
import { currentScheduler } from "../scheduler/state";
import { liveCrawl } from "./crawl-monitor";
import { formatFull } from "../charts/format";

const DAY_MS = 86_400_000;

export interface HealthConfig {
  full: Schedule | null;
  incremental: Schedule | null;
  graceMs: number;
  hub: string;
}

export interface Health {
  status: "ok" | "stale" | "no-data";
  httpStatus: 200 | 503;
  /** One sentence for people and pagers. */
  message: string;
  now: string;
  hub: string;
  lastFullCrawl: { id: number; startedAt: string; finishedAt: string; models: number; ageSeconds: number } | null;
  /** A full crawl started at or after this instant must have completed for the data to be fresh. */
  requiredSince: string;
  schedule: { full: string | null; incremental: string | null; graceSeconds: number; nextFull: string | null; nextIncremental: string | null };
  scheduler: {
    state: string;
    alive: boolean;
    detail: string | null;
    host: string;
    pid: number;
    heartbeatAgeSeconds: number;
    lastError: string | null;
  } | null;
  runningCrawl: { id: number; kind: string; models: number; expected: number | null; percent: number | null; etaSeconds: number | null } | null;
}

const isoOf = (ms: number) => new Date(ms).toISOString();

/** The instant since which a completed full crawl must have started (see the header). */
export function requiredSince(cfg: Pick<HealthConfig, "full" | "graceMs">, now: number): number {
  if (!cfg.full) return now - DAY_MS - cfg.graceMs;
  return cfg.full.latest(now - cfg.graceMs)?.getTime() ?? -Infinity;
}

export function computeHealth(sqlite: Sqlite, cfg: HealthConfig, now = Date.now()): Health {
  const last = sqlite
    .prepare<[], { id: number; startedAt: number; finishedAt: number; models: number }>(
      `SELECT id, started_at AS startedAt, finished_at AS finishedAt, models_seen AS models FROM crawls
       WHERE kind = 'full' AND status = 'completed' ORDER BY id DESC LIMIT 1`,
    )
    .get();
  const since = requiredSince(cfg, now);
  // With the schedule off, freshness is by completion time (there is no run time to compare to).
  const fresh = !!last && (cfg.full ? last.startedAt >= since : last.finishedAt >= since);
  const status: Health["status"] = !last ? "no-data" : fresh ? "ok" : "stale";
  const s = currentScheduler(sqlite, now);
  const live = liveCrawl(sqlite, s, now);
  const ageSeconds = last ? Math.round((now - last.finishedAt) / 1000) : 0;
  const message =
    status === "no-data"
      ? live
        ? `no full crawl has completed yet; crawl #${live.id} is running (${formatFull(live.models)} models so far)`
        : "no full crawl has completed yet"
      : status === "ok"
        ? `the last full crawl (#${last!.id}) completed ${Math.round(ageSeconds / 60)} minutes ago`
        : `stale: the last full crawl (#${last!.id}) completed ${Math.round(ageSeconds / 3600)} hours ago; ` +
          `a full crawl started after ${Number.isFinite(since) ? isoOf(since) : "its scheduled time"} should have completed by now`;
  return {
    status,
    httpStatus: status === "ok" ? 200 : 503,
    message,
    now: isoOf(now),
    hub: cfg.hub,
    lastFullCrawl: last ? { id: last.id, startedAt: isoOf(last.startedAt), finishedAt: isoOf(last.finishedAt), models: last.models, ageSeconds } : null,
    requiredSince: Number.isFinite(since) ? isoOf(since) : isoOf(0),
    schedule: {
      full: cfg.full?.pattern ?? null,
      incremental: cfg.incremental?.pattern ?? null,
      graceSeconds: Math.round(cfg.graceMs / 1000),
      nextFull: cfg.full ? isoOf(cfg.full.next(now).getTime()) : null,
      nextIncremental: cfg.incremental ? isoOf(cfg.incremental.next(now).getTime()) : null,
    },
    scheduler: s
      ? {
          state: s.alive ? s.state : "not-running",
          alive: s.alive,
          detail: s.detail,
          host: s.host,
          pid: s.pid,
          heartbeatAgeSeconds: Math.round((now - s.heartbeatAt) / 1000),
          lastError: s.lastError,
        }
      : null,
    runningCrawl: live
      ? { id: live.id, kind: live.kind, models: live.models, expected: live.expected, percent: live.percent, etaSeconds: live.etaMs !== null ? Math.round(live.etaMs / 1000) : null }
      : null,
  };
}
