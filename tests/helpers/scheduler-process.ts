/** Shared by the scheduler tests: the scheduler as a real child process, and reading its database. */
import { spawn, type ChildProcess } from "node:child_process";
import { openSqlite, type Sqlite } from "../../db/index";
import { ROOT, nodeArgsFor } from "./cli";

export interface Proc {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Fast retries and timeouts: a fault test never waits real minutes (docs/decisions.md). */
export const FAST_ENV = { CRAWL_RETRY_BASE_MS: "5", CRAWL_REQUEST_TIMEOUT_MS: "5000" };

export function startScript(script: string, args: string[], env: Record<string, string | undefined>): Proc {
  const child = spawn(process.execPath, [...nodeArgsFor(script), ...args], {
    cwd: ROOT,
    env: {
      ...process.env, HF_TOKEN: "", HUGGING_FACE_HUB_TOKEN: "", HF_TRENDS_FAILPOINT: "", ALERT_WEBHOOK_URL: "", ADMIN_TOKEN: "",
      SNAPSHOT_RETENTION_DAYS: "", INCREMENTAL_SCHEDULE: "off", ...FAST_ENV, ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exit };
}

export function startScheduler(env: Record<string, string | undefined>): Proc {
  return startScript("scheduler.ts", [], env);
}

/** Reads the database with a short-lived read-only connection; undefined if it cannot be read yet. */
export function readDb<T>(db: string, fn: (s: Sqlite) => T): T | undefined {
  let s: Sqlite | undefined;
  try {
    s = openSqlite(db, { readonly: true, migrate: false });
    return fn(s);
  } catch {
    return undefined;
  } finally {
    s?.close();
  }
}

export interface CrawlRowLite {
  id: number;
  kind: string;
  status: string;
  startedAt: number;
  finishedAt: number | null;
  models: number;
  pages: number;
  resumes: number;
  error: string | null;
}

export function crawls(db: string): CrawlRowLite[] {
  return (
    readDb(db, (s) =>
      s
        .prepare(
          `SELECT id, kind, status, started_at AS startedAt, finished_at AS finishedAt, models_seen AS models, pages, resumes, error
           FROM crawls ORDER BY id`,
        )
        .all() as CrawlRowLite[],
    ) ?? []
  );
}

/** Polls a condition (no timed assertion: the timeout only bounds a hung test). */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 90_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** SIGTERM and wait for the exit. */
export async function stop(p: Proc): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGTERM");
  return p.exit;
}
