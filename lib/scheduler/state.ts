/**
 * What a scheduler publishes about itself (the `schedulers` table), and how other processes read
 * it. The web process cannot ask the scheduler anything directly (another process, maybe another
 * host on a shared volume), so the scheduler writes its state on every change and a heartbeat every
 * HEARTBEAT_MS; readers judge it alive from that heartbeat (and, on the same host, its pid).
 */
import os from "node:os";
import type { Sqlite } from "../../db/index";
import type { SchedulerState } from "../../db/schema";
import { pidAlive } from "../crawl/lock";

/** How often a scheduler beats, ms. */
export const HEARTBEAT_MS = 5_000;
/**
 * A scheduler whose last beat is older than this is gone, ms. Generous: the end of a full crawl
 * refreshes the rollups synchronously (a minute or more on a 3M-model Hub) and no beat can run
 * meanwhile. On the same host a dead pid is noticed at once.
 */
export const SCHEDULER_STALE_MS = 10 * 60_000;
/** Rows of schedulers silent for this long are deleted by the next scheduler to start, ms. */
const FORGET_AFTER_MS = 24 * 3_600_000;

export interface LiveProgress {
  crawlId: number | null;
  kind: string;
  models: number;
  expected: number | null;
  /** Models per second over this run of the crawl (since its start or its resume). */
  rate: number;
  etaMs: number | null;
  pages: number;
  updatedAt: number;
}

export interface Published {
  state: SchedulerState;
  detail?: string | null;
  crawlId?: number | null;
  progress?: LiveProgress | null;
  lastError?: string | null;
}

export interface SchedulerPresence {
  readonly id: number;
  set(p: Published): void;
  /** Progress only (throttled by the caller); does not change the state. */
  progress(p: LiveProgress): void;
  stop(): void;
}

/** Registers this process as a scheduler and keeps its heartbeat until stop(). */
export function registerScheduler(sqlite: Sqlite, schedules: { full: string | null; incremental: string | null }): SchedulerPresence {
  const host = os.hostname();
  const pid = process.pid;
  const now = Date.now();
  sqlite.prepare("DELETE FROM schedulers WHERE heartbeat_at < ?").run(now - FORGET_AFTER_MS);
  const id = Number(
    sqlite
      .prepare<[string, number, number, number, string | null, string | null], { id: number }>(
        `INSERT INTO schedulers (host, pid, started_at, heartbeat_at, state, full_schedule, incremental_schedule)
         VALUES (?, ?, ?, ?, 'starting', ?, ?)
         ON CONFLICT (host, pid) DO UPDATE SET started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at,
           state = 'starting', detail = NULL, full_schedule = excluded.full_schedule,
           incremental_schedule = excluded.incremental_schedule, crawl_id = NULL, progress = NULL
         RETURNING id`,
      )
      .get(host, pid, now, now, schedules.full, schedules.incremental)!.id,
  );
  const run = (sql: string, ...args: unknown[]) => {
    try {
      sqlite.prepare(sql).run(...args);
    } catch {
      // A busy DB for one write is harmless: the next change or beat writes again.
    }
  };
  const beat = setInterval(() => run("UPDATE schedulers SET heartbeat_at = ? WHERE id = ?", Date.now(), id), HEARTBEAT_MS);
  beat.unref();
  let lastError: string | null | undefined;
  return {
    id,
    set(p) {
      const errorChanged = p.lastError !== undefined && p.lastError !== lastError;
      if (p.lastError !== undefined) lastError = p.lastError;
      run(
        `UPDATE schedulers SET state = ?, detail = ?, crawl_id = ?, progress = ?, heartbeat_at = ?
           ${errorChanged ? ", last_error = ?, last_error_at = ?" : ""} WHERE id = ?`,
        p.state, p.detail ?? null, p.crawlId ?? null, p.progress ? JSON.stringify(p.progress) : null, Date.now(),
        ...(errorChanged ? [p.lastError, p.lastError ? Date.now() : null] : []),
        id,
      );
    },
    progress(p) {
      run("UPDATE schedulers SET progress = ?, crawl_id = ?, heartbeat_at = ? WHERE id = ?", JSON.stringify(p), p.crawlId, Date.now(), id);
    },
    stop() {
      clearInterval(beat);
    },
  };
}

export interface SchedulerView {
  id: number;
  host: string;
  pid: number;
  startedAt: number;
  heartbeatAt: number;
  state: SchedulerState;
  detail: string | null;
  fullSchedule: string | null;
  incrementalSchedule: string | null;
  crawlId: number | null;
  progress: LiveProgress | null;
  lastError: string | null;
  lastErrorAt: number | null;
  /** Beating recently (and its pid exists, when on this host) and not stopped. */
  alive: boolean;
}

interface Row extends Omit<SchedulerView, "progress" | "alive"> {
  progress: string | null;
}

export function isAlive(r: Pick<SchedulerView, "host" | "pid" | "heartbeatAt" | "state">, now = Date.now()): boolean {
  if (r.state === "stopped") return false;
  if (now - r.heartbeatAt > SCHEDULER_STALE_MS) return false;
  return r.host !== os.hostname() || pidAlive(r.pid);
}

/** Every known scheduler, the most recently beating first. */
export function readSchedulers(sqlite: Sqlite, now = Date.now()): SchedulerView[] {
  const rows = sqlite
    .prepare<[], Row>(
      `SELECT id, host, pid, started_at AS startedAt, heartbeat_at AS heartbeatAt, state, detail,
         full_schedule AS fullSchedule, incremental_schedule AS incrementalSchedule, crawl_id AS crawlId, progress,
         last_error AS lastError, last_error_at AS lastErrorAt
       FROM schedulers ORDER BY heartbeat_at DESC`,
    )
    .all();
  return rows.map((r) => ({ ...r, progress: r.progress ? (JSON.parse(r.progress) as LiveProgress) : null, alive: isAlive(r, now) }));
}

/** The scheduler to report: the most recently beating live one, else the most recent one at all. */
export function currentScheduler(sqlite: Sqlite, now = Date.now()): SchedulerView | null {
  const all = readSchedulers(sqlite, now);
  return all.find((s) => s.alive) ?? all[0] ?? null;
}
