/**
 * The service settings the web process reads (schedules for the next runs and health, the
 * health grace, the Hub URL, whether the admin trigger is on), from the environment at request
 * time. A misconfigured variable is reported, not thrown: the pages must still render.
 */
import "server-only";
import { adminToken, crawlSchedule, healthGraceMs, hubUrl, incrementalSchedule } from "../env";
import type { Schedule } from "../cron";

export interface WebConfig {
  full: Schedule | null;
  incremental: Schedule | null;
  graceMs: number;
  hub: string;
  /** ADMIN_TOKEN is set (and valid): the web "crawl now" is enabled. */
  adminEnabled: boolean;
  /** Configuration problems, one line each (values never shown). */
  problems: string[];
}

function attempt<T>(fn: () => T, fallback: T, problems: string[]): T {
  try {
    return fn();
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
    return fallback;
  }
}

export function webConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const problems: string[] = [];
  return {
    full: attempt(() => crawlSchedule(env), null, problems),
    incremental: attempt(() => incrementalSchedule(env), null, problems),
    graceMs: attempt(() => healthGraceMs(env), 6 * 3_600_000, problems),
    hub: attempt(() => hubUrl(env), "(invalid HF_ENDPOINT)", problems),
    adminEnabled: attempt(() => adminToken(env) !== undefined, false, problems),
    problems,
  };
}
