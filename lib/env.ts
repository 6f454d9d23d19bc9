/**
 * Every environment variable hf-trends reads: one table (VARS), one row per variable with its
 * default, its validation (a zod schema) and what it does; the README's table mirrors it. Adding a
 * variable = one row here, one reader below if code needs a typed value, one README line.
 *
 * `validateEnv()` checks every row at once; `npm start`, the scheduler and every CLI call it first,
 * so a bad value (a short ADMIN_TOKEN, a wrong cron) stops them with one clear message and exit 2
 * instead of surfacing later as a 401 or a crash. The readers re-read at call time (tests and child
 * processes set the environment per run) through the same schemas.
 */
import path from "node:path";
import { z } from "zod";
import { parseSchedule, type Schedule } from "./cron";

export const DEFAULT_HUB_URL = "https://huggingface.co";
export const DEFAULT_DATABASE_PATH = "data/hf-trends.db";
/** Full crawls: daily, shortly after the UTC day rolls over (the Hub's 30-day counts move daily). */
export const DEFAULT_CRAWL_SCHEDULE = "15 0 * * *";
/** Incremental crawls (new models only) between full ones: every 6 hours, skipping the full crawl's slot. */
export const DEFAULT_INCREMENTAL_SCHEDULE = "15 6,12,18 * * *";
/** The shortest ADMIN_TOKEN accepted: anything shorter is guessable despite the rate limit. */
export const ADMIN_TOKEN_MIN_LENGTH = 16;
/** Default RUNNER_MAX_MB: most TF.js models on the Hub are a few MB; MobileNet v1 is 17 MB. */
export const DEFAULT_RUNNER_MAX_MB = 25;
/** Default HOST: loopback. Serving other machines is a choice (HOST=0.0.0.0, or a proxy in front). */
export const DEFAULT_HOST = "127.0.0.1";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * A schema from the raw (trimmed) string to the typed value: `check` returns the value or throws
 * ConfigError, whose message becomes the zod issue (so messages stay the ones users and tests know).
 */
function rule<T>(check: (raw: string) => T) {
  return z.string().transform((raw, ctx): T => {
    try {
      return check(raw.trim());
    } catch (err) {
      ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
      return z.NEVER;
    }
  });
}

function ms(name: string, fallback: number, min = 0) {
  return rule((raw) => {
    if (!raw) return fallback;
    if (!/^[0-9]+$/.test(raw)) throw new ConfigError(`${name} must be a whole number of milliseconds, got "${raw}"`);
    if (Number(raw) < min) throw new ConfigError(`${name} must be at least ${min}`);
    return Number(raw);
  });
}

function schedule(name: string, fallback: string) {
  return rule((raw): Schedule | null => {
    const p = raw || fallback;
    if (p.toLowerCase() === "off") return null;
    return parseSchedule(p, name);
  });
}

function httpUrl(name: string, raw: string, secret: boolean): URL {
  let u: URL;
  const shown = secret ? "(the value is not shown: it may hold a secret)" : `"${raw}"`;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL ${shown}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new ConfigError(`${name} must be http(s)${secret ? "" : `: "${raw}"`}`);
  return u;
}

/**
 * The table. `from` names where a row's raw value comes from when it is not just env[name] (the
 * token's legacy name). Order = the README's.
 */
export const VARS = {
  /** The SQLite file (WAL mode); checked when opened (db/index.ts), where its content is known. */
  DATABASE_PATH: rule((raw) => {
    const p = raw || DEFAULT_DATABASE_PATH;
    return p === ":memory:" ? p : path.resolve(/*turbopackIgnore: true*/ p);
  }),
  /**
   * The Hub or a mirror, without its trailing slash (the client concatenates `${hubUrl}/api/models`
   * raw, so a query or fragment would end up in the middle of every request's path).
   */
  HF_ENDPOINT: rule((raw) => {
    const value = raw || DEFAULT_HUB_URL;
    const u = httpUrl("HF_ENDPOINT", value, false);
    if (u.username || u.password) throw new ConfigError("HF_ENDPOINT must not contain credentials; use HF_TOKEN");
    if (u.search || u.hash || value.includes("?") || value.includes("#")) {
      throw new ConfigError(`HF_ENDPOINT must be a base URL without a query or fragment: "${value}"`);
    }
    return value.replace(/\/+$/, "");
  }),
  /** Optional Hub token (or the legacy HUGGING_FACE_HUB_TOKEN), validated like the client does. */
  HF_TOKEN: rule((raw) => {
    if (!raw) return undefined;
    if (!raw.startsWith("hf_")) throw new ConfigError("HF_TOKEN must start with 'hf_' (the value is not shown)");
    return raw;
  }),
  /** One Hub request, headers and body, before it is retried. Tests shrink it. */
  CRAWL_REQUEST_TIMEOUT_MS: ms("CRAWL_REQUEST_TIMEOUT_MS", 60_000),
  /** First retry backoff, doubling per retry. */
  CRAWL_RETRY_BASE_MS: ms("CRAWL_RETRY_BASE_MS", 1_000),
  /** "off" disables the dashboard's query cache (bench:dashboard times uncached queries with it). */
  HF_TRENDS_QUERY_CACHE: rule((raw) => raw.toLowerCase() !== "off"),
  /** The dashboard's port (`npm start`). */
  PORT: rule((raw) => {
    if (!raw) return 3000;
    if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) throw new ConfigError(`PORT must be 1..65535, got "${raw}"`);
    return Number(raw);
  }),
  /**
   * The address the dashboard listens on (`npm start`, `npm run start:web`, the demo). Not
   * HOSTNAME: container runtimes set that to the container's id.
   */
  HOST: rule((raw) => {
    if (!raw) return DEFAULT_HOST;
    // An IP literal (v4 or v6) or a host name; never a URL or anything with spaces.
    if (!/^(?:[0-9a-zA-Z.-]+|\[?[0-9a-fA-F:.]+\]?)$/.test(raw)) {
      throw new ConfigError(`HOST must be an address to listen on (e.g. 127.0.0.1, 0.0.0.0, ::), got "${raw}"`);
    }
    return raw.replace(/^\[(.*)\]$/, "$1");
  }),
  /** Full crawls: a cron pattern in UTC; "off" = none (a systemd timer runs `npm run crawl`). */
  CRAWL_SCHEDULE: schedule("CRAWL_SCHEDULE", DEFAULT_CRAWL_SCHEDULE),
  /** Incremental crawls between full ones, cron in UTC; "off" = none. */
  INCREMENTAL_SCHEDULE: schedule("INCREMENTAL_SCHEDULE", DEFAULT_INCREMENTAL_SCHEDULE),
  /** Enables "crawl now" from the web; too short = an error, never a weak gate. */
  ADMIN_TOKEN: rule((raw) => {
    if (!raw) return undefined;
    if (raw.length < ADMIN_TOKEN_MIN_LENGTH) {
      throw new ConfigError(`ADMIN_TOKEN must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters (the value is not shown)`);
    }
    return raw;
  }),
  /** POSTed a JSON message when a scheduled crawl fails. */
  ALERT_WEBHOOK_URL: rule((raw) => {
    if (!raw) return undefined;
    httpUrl("ALERT_WEBHOOK_URL", raw, true);
    return raw;
  }),
  /** Thin per-model snapshots older than this many days to one per model per week; unset = keep all. */
  SNAPSHOT_RETENTION_DAYS: rule((raw) => {
    if (!raw) return undefined;
    if (!/^[0-9]+$/.test(raw) || Number(raw) < 1) throw new ConfigError(`SNAPSHOT_RETENTION_DAYS must be a whole number of days >= 1, got "${raw}"`);
    return Number(raw);
  }),
  /** First wait before a failed scheduled crawl is resumed (5 min), doubling up to an hour. */
  SCHEDULER_RETRY_MS: ms("SCHEDULER_RETRY_MS", 5 * 60_000),
  /**
   * How long after a scheduled full crawl's time it may take to complete before /api/health says
   * stale (6 h: a full crawl of the real Hub is half an hour or more at the anonymous quota, plus retries).
   */
  HEALTH_GRACE_MS: ms("HEALTH_GRACE_MS", 6 * 3_600_000),
  /** /try: weights above this many MB (1,000,000 bytes) download only after the visitor confirms. */
  RUNNER_MAX_MB: rule((raw) => {
    if (!raw) return DEFAULT_RUNNER_MAX_MB * 1_000_000;
    const n = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !(n > 0)) throw new ConfigError(`RUNNER_MAX_MB must be a positive number of megabytes, got "${raw}"`);
    return Math.round(n * 1_000_000);
  }),
  /** /try: longest download + load of one model in the browser before it is stopped. */
  RUNNER_TIMEOUT_MS: ms("RUNNER_TIMEOUT_MS", 120_000, 1),
  /**
   * How many reverse proxies stand in front of the web server (default 0). The rate limits key on
   * the client's address; with 0 it is the socket's and X-Forwarded-For is ignored, with N it is
   * read N hops from the right of X-Forwarded-For (lib/ops/request-gate.cjs applies it; README
   * "Behind a proxy").
   */
  TRUST_PROXY: rule((raw) => {
    if (!raw) return 0;
    if (!/^[0-9]$/.test(raw)) throw new ConfigError(`TRUST_PROXY must be the number of proxies in front of the server, 0 to 9; got "${raw.slice(0, 20)}"`);
    return Number(raw);
  }),
} as const;

type Vars = typeof VARS;
export type VarName = keyof Vars;

function rawOf(name: VarName, env: NodeJS.ProcessEnv): string {
  if (name === "HF_TOKEN") return env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN ?? "";
  return env[name] ?? "";
}

/** One variable's typed value; a bad value throws ConfigError with the row's message. */
export function readVar<N extends VarName>(name: N, env: NodeJS.ProcessEnv = process.env): z.output<Vars[N]> {
  const r = VARS[name].safeParse(rawOf(name, env));
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => i.message).join("; "));
  return r.data as z.output<Vars[N]>;
}

/**
 * Every variable at once (at the start of `npm start`, the scheduler, the CLIs): throws one
 * ConfigError listing every bad value, so a typo never waits for the code path that reads it.
 */
export function validateEnv(env: NodeJS.ProcessEnv = process.env, only?: readonly VarName[]): void {
  const problems: string[] = [];
  for (const name of only ?? (Object.keys(VARS) as VarName[])) {
    const r = VARS[name].safeParse(rawOf(name, env));
    if (!r.success) problems.push(...r.error.issues.map((i) => i.message));
  }
  if (problems.length) throw new ConfigError(problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Typed readers (what the code calls; never process.env elsewhere).
// ---------------------------------------------------------------------------------------------

export const hubUrl = (env: NodeJS.ProcessEnv = process.env): string => readVar("HF_ENDPOINT", env);
export const hubToken = (env: NodeJS.ProcessEnv = process.env): string | undefined => readVar("HF_TOKEN", env);
export const databasePath = (env: NodeJS.ProcessEnv = process.env): string => readVar("DATABASE_PATH", env);

/** The crawler's HTTP tuning: the defaults suit the real Hub; tests shrink them. */
export function crawlFetchOptions(env: NodeJS.ProcessEnv = process.env): { timeoutMs: number; backoffBaseMs: number } {
  return { timeoutMs: readVar("CRAWL_REQUEST_TIMEOUT_MS", env), backoffBaseMs: readVar("CRAWL_RETRY_BASE_MS", env) };
}

export const crawlSchedule = (env: NodeJS.ProcessEnv = process.env): Schedule | null => readVar("CRAWL_SCHEDULE", env);
export const incrementalSchedule = (env: NodeJS.ProcessEnv = process.env): Schedule | null => readVar("INCREMENTAL_SCHEDULE", env);
export const adminToken = (env: NodeJS.ProcessEnv = process.env): string | undefined => readVar("ADMIN_TOKEN", env);
export const alertWebhookUrl = (env: NodeJS.ProcessEnv = process.env): string | undefined => readVar("ALERT_WEBHOOK_URL", env);
export const snapshotRetentionDays = (env: NodeJS.ProcessEnv = process.env): number | undefined => readVar("SNAPSHOT_RETENTION_DAYS", env);
export const webPort = (env: NodeJS.ProcessEnv = process.env): number => readVar("PORT", env);
export const webHost = (env: NodeJS.ProcessEnv = process.env): string => readVar("HOST", env);
export const schedulerRetryMs = (env: NodeJS.ProcessEnv = process.env): number => readVar("SCHEDULER_RETRY_MS", env);
export const healthGraceMs = (env: NodeJS.ProcessEnv = process.env): number => readVar("HEALTH_GRACE_MS", env);
export const queryCacheEnabled = (env: NodeJS.ProcessEnv = process.env): boolean => readVar("HF_TRENDS_QUERY_CACHE", env);

// The in-browser runner (/try, lib/runner). The browser learns these from the server at request
// time (the page's props), never from a build-time NEXT_PUBLIC_ variable.
export const runnerMaxBytes = (env: NodeJS.ProcessEnv = process.env): number => readVar("RUNNER_MAX_MB", env);
export const runnerTimeoutMs = (env: NodeJS.ProcessEnv = process.env): number => readVar("RUNNER_TIMEOUT_MS", env);

/** TRUST_PROXY: how many reverse proxies stand in front of the web server (0 = none; see VARS). */
export const trustProxy = (env: NodeJS.ProcessEnv = process.env): number => readVar("TRUST_PROXY", env);
