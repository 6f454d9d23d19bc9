/**
 * Every environment variable hf-trends reads, with its default, in one place (the README's table
 * mirrors this file). Values are read at call time, not import time: tests and child processes set
 * them per run.
 */
import path from "node:path";
import { parseSchedule, type Schedule } from "./cron";

export const DEFAULT_HUB_URL = "https://huggingface.co";
export const DEFAULT_DATABASE_PATH = "data/hf-trends.db";

/** HF_ENDPOINT without its trailing slash: the client concatenates `${hubUrl}/api/models` raw. */
export function hubUrl(env: NodeJS.ProcessEnv = process.env): string {
  const raw = (env.HF_ENDPOINT ?? "").trim() || DEFAULT_HUB_URL;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`HF_ENDPOINT is not a URL: "${raw}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new ConfigError(`HF_ENDPOINT must be http(s): "${raw}"`);
  if (u.username || u.password) throw new ConfigError("HF_ENDPOINT must not contain credentials; use HF_TOKEN");
  return raw.replace(/\/+$/, "");
}

/** HF_TOKEN (or the legacy HUGGING_FACE_HUB_TOKEN), validated like the client does (`hf_` prefix). */
export function hubToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const t = (env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN ?? "").trim();
  if (!t) return undefined;
  if (!t.startsWith("hf_")) throw new ConfigError("HF_TOKEN must start with 'hf_' (the value is not shown)");
  return t;
}

export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  const p = (env.DATABASE_PATH ?? "").trim() || DEFAULT_DATABASE_PATH;
  return p === ":memory:" ? p : path.resolve(/*turbopackIgnore: true*/ p);
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function msEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = (env[name] ?? "").trim();
  if (!raw) return fallback;
  if (!/^[0-9]+$/.test(raw)) throw new ConfigError(`${name} must be a whole number of milliseconds, got "${raw}"`);
  return Number(raw);
}

/**
 * Tuning of the crawler's HTTP behaviour. The defaults suit the real Hub; tests shrink them so a
 * fault-injection run never waits real minutes.
 * - CRAWL_REQUEST_TIMEOUT_MS: one attempt, headers and body (default 60000)
 * - CRAWL_RETRY_BASE_MS: first retry backoff, doubling per retry (default 1000)
 */
export function crawlFetchOptions(env: NodeJS.ProcessEnv = process.env): { timeoutMs: number; backoffBaseMs: number } {
  return {
    timeoutMs: msEnv(env, "CRAWL_REQUEST_TIMEOUT_MS", 60_000),
    backoffBaseMs: msEnv(env, "CRAWL_RETRY_BASE_MS", 1_000),
  };
}

// ---------------------------------------------------------------------------------------------
// Service: the scheduler, the web server, health, alerts, retention (lib/scheduler, lib/ops).
// ---------------------------------------------------------------------------------------------

/** Full crawls: daily, shortly after the UTC day rolls over (the Hub's 30-day counts move daily). */
export const DEFAULT_CRAWL_SCHEDULE = "15 0 * * *";
/** Incremental crawls (new models only) between full ones: every 6 hours, skipping the full crawl's slot. */
export const DEFAULT_INCREMENTAL_SCHEDULE = "15 6,12,18 * * *";

function scheduleEnv(env: NodeJS.ProcessEnv, name: string, fallback: string): Schedule | null {
  const raw = (env[name] ?? "").trim() || fallback;
  if (raw.toLowerCase() === "off") return null;
  try {
    return parseSchedule(raw, name);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/**
 * CRAWL_SCHEDULE: cron pattern of full crawls, UTC (default "15 0 * * *"); 5 fields, or 6 with
 * seconds first. "off" = no scheduled full crawls (a systemd timer or crontab runs `npm run crawl`
 * instead); the scheduler then still resumes interrupted crawls and serves "crawl now".
 */
export function crawlSchedule(env: NodeJS.ProcessEnv = process.env): Schedule | null {
  return scheduleEnv(env, "CRAWL_SCHEDULE", DEFAULT_CRAWL_SCHEDULE);
}

/** INCREMENTAL_SCHEDULE: cron pattern of incremental crawls, UTC (default "15 6,12,18 * * *"); "off" = none. */
export function incrementalSchedule(env: NodeJS.ProcessEnv = process.env): Schedule | null {
  return scheduleEnv(env, "INCREMENTAL_SCHEDULE", DEFAULT_INCREMENTAL_SCHEDULE);
}

/** The shortest ADMIN_TOKEN accepted: anything shorter is guessable despite the rate limit. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;

/**
 * ADMIN_TOKEN: enables "crawl now" from the web (sent as `Authorization: Bearer <token>`). Unset =
 * the web cannot start crawls (the CLI always can). Too short = a ConfigError, never a weak gate.
 */
export function adminToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const t = (env.ADMIN_TOKEN ?? "").trim();
  if (!t) return undefined;
  if (t.length < ADMIN_TOKEN_MIN_LENGTH) {
    throw new ConfigError(`ADMIN_TOKEN must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters (the value is not shown)`);
  }
  return t;
}

/** ALERT_WEBHOOK_URL: POSTed a JSON message when a scheduled crawl fails (optional). */
export function alertWebhookUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = (env.ALERT_WEBHOOK_URL ?? "").trim();
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError("ALERT_WEBHOOK_URL is not a URL (the value is not shown: it may hold a secret)");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new ConfigError("ALERT_WEBHOOK_URL must be http(s)");
  return raw;
}

/**
 * SNAPSHOT_RETENTION_DAYS: per-model snapshots older than this many days are thinned to one per
 * model per week (lib/scheduler/retention.ts). Unset = keep every snapshot.
 */
export function snapshotRetentionDays(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = (env.SNAPSHOT_RETENTION_DAYS ?? "").trim();
  if (!raw) return undefined;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < 1) throw new ConfigError(`SNAPSHOT_RETENTION_DAYS must be a whole number of days >= 1, got "${raw}"`);
  return Number(raw);
}

/** PORT: the dashboard's HTTP port (default 3000). */
export function webPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = (env.PORT ?? "").trim();
  if (!raw) return 3000;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) throw new ConfigError(`PORT must be 1..65535, got "${raw}"`);
  return Number(raw);
}

/**
 * SCHEDULER_RETRY_MS: first wait before a failed scheduled crawl is resumed (default 300000 = 5
 * min), doubling per failure up to an hour; retries stop when the schedule's next run comes.
 */
export function schedulerRetryMs(env: NodeJS.ProcessEnv = process.env): number {
  return msEnv(env, "SCHEDULER_RETRY_MS", 5 * 60_000);
}

/**
 * HEALTH_GRACE_MS: how long after a scheduled full crawl's time its crawl may take to complete
 * before /api/health reports the data stale (default 21600000 = 6 h: a full crawl of the real Hub
 * is ~3,100 pages: half an hour or more at the anonymous quota, plus retries).
 */
export function healthGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  return msEnv(env, "HEALTH_GRACE_MS", 6 * 3_600_000);
}

/**
 * HF_TRENDS_QUERY_CACHE: "off" disables the dashboard's query cache (results are otherwise kept
 * until the next completed crawl); `npm run bench:dashboard` uses it to time uncached queries.
 */
export function queryCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.HF_TRENDS_QUERY_CACHE ?? "").trim().toLowerCase() !== "off";
}

// ---------------------------------------------------------------------------------------------
// The in-browser runner (/try, lib/runner). The browser learns these from the server at request
// time (the page's props), never from a build-time NEXT_PUBLIC_ variable.
// ---------------------------------------------------------------------------------------------

/** Default RUNNER_MAX_MB: most TF.js models on the Hub are a few MB; MobileNet v1 is 17 MB. */
export const DEFAULT_RUNNER_MAX_MB = 25;

/**
 * RUNNER_MAX_MB: models whose weights are larger (MB = 1,000,000 bytes) are only downloaded after
 * the visitor confirms (default 25). Checked before any weight byte is fetched.
 */
export function runnerMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = (env.RUNNER_MAX_MB ?? "").trim();
  if (!raw) return DEFAULT_RUNNER_MAX_MB * 1_000_000;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(n > 0)) throw new ConfigError(`RUNNER_MAX_MB must be a positive number of megabytes, got "${raw}"`);
  return Math.round(n * 1_000_000);
}

/** RUNNER_TIMEOUT_MS: longest download + load of one model in the browser before it is abandoned (default 120000). */
export function runnerTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = msEnv(env, "RUNNER_TIMEOUT_MS", 120_000);
  if (ms < 1) throw new ConfigError("RUNNER_TIMEOUT_MS must be at least 1");
  return ms;
}

/**
 * TRUST_PROXY: how many reverse proxies stand in front of the web server (default 0). The rate
 * limits key on the client's address; with 0 it is the socket's and X-Forwarded-For is ignored,
 * with N it is read N hops from the right of X-Forwarded-For (lib/ops/request-gate.cjs applies it;
 * README "Behind a proxy").
 */
export function trustProxy(env: NodeJS.ProcessEnv = process.env): number {
  const raw = (env.TRUST_PROXY ?? "").trim();
  if (!raw) return 0;
  if (!/^[0-9]$/.test(raw)) throw new ConfigError(`TRUST_PROXY must be the number of proxies in front of the server, 0 to 9; got "${raw.slice(0, 20)}"`);
  return Number(raw);
}
