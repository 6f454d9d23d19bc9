/**
 * Cron patterns, evaluated in UTC by croner (a maintained library; no hand-written parser). Both
 * the standard 5-field form ("15 0 * * *") and croner's 6-field form with seconds first
 * ("*\/5 * * * * *") are accepted: tests use seconds-level schedules so they never wait minutes.
 *
 * Croner's Cron object is only used for its date arithmetic (nextRun / previousRuns): the scheduler
 * does not let croner fire callbacks, because whether a run is due is decided from the crawls
 * table (lib/scheduler/decide.ts), which every process sees the same way.
 */
import { Cron } from "croner";

export class ScheduleError extends Error {
  override name = "ScheduleError";
}

export interface Schedule {
  /** The pattern as written in the environment. */
  pattern: string;
  /** The first run strictly after `from` (default now). */
  next(from?: Date | number): Date;
  /** The latest run at or before `at` (default now); null if the pattern never ran before it. */
  latest(at?: Date | number): Date | null;
  /** The next `n` runs strictly after `from`. */
  nextRuns(n: number, from?: Date | number): Date[];
}

const toDate = (d: Date | number | undefined) => (d === undefined ? new Date() : typeof d === "number" ? new Date(d) : d);

/** Parses and validates a cron pattern (throws ScheduleError naming the variable). */
export function parseSchedule(pattern: string, name = "schedule"): Schedule {
  let cron: Cron;
  try {
    // paused: croner must never start a timer of its own here; only its date arithmetic is used.
    cron = new Cron(pattern, { timezone: "UTC", mode: "5-or-6-parts", paused: true });
  } catch (err) {
    throw new ScheduleError(`${name} is not a valid cron pattern ("${pattern}"): ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!cron.nextRun(new Date())) throw new ScheduleError(`${name} ("${pattern}") never runs`);
  return {
    pattern,
    next(from) {
      const d = cron.nextRun(toDate(from));
      if (!d) throw new ScheduleError(`${name} ("${pattern}") has no next run`);
      return d;
    },
    latest(at) {
      const ref = toDate(at);
      // previousRuns excludes a run in the reference's own second only if it is later in that
      // second; a run exactly at `ref` counts as "at or before".
      if (cron.match(ref) && ref.getUTCMilliseconds() === 0) return ref;
      return cron.previousRuns(1, ref)[0] ?? null;
    },
    nextRuns(n, from) {
      return cron.nextRuns(n, toDate(from));
    },
  };
}

/**
 * The longest interval between two consecutive runs over the next `runs` runs, ms: how long data
 * may normally get between two crawls of this schedule (a weekdays-only schedule has a 3-day gap).
 */
export function longestGapMs(s: Schedule, from: Date | number = Date.now(), runs = 64): number {
  const times = s.nextRuns(runs + 1, from).map((d) => d.getTime());
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i] - times[i - 1]);
  return gap;
}
