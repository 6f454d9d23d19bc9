/**
 * The scheduler's decisions (lib/scheduler/decide.ts) as a pure function of the crawls and the
 * clock, and the cron arithmetic it relies on (croner, UTC).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { longestGapMs, parseSchedule, ScheduleError } from "../../lib/cron";
import { decide, retryDelayMs, type CrawlFacts, type DecideInput } from "../../lib/scheduler/decide";

const T = (iso: string) => Date.parse(iso);
const DAILY = parseSchedule("15 0 * * *");
const SIX_HOURLY = parseSchedule("15 6,12,18 * * *");

function input(over: Partial<DecideInput>): DecideInput {
  return {
    now: T("2026-11-27T12:00:00Z"),
    schedulerStartedAt: T("2026-11-27T11:59:00Z"),
    full: DAILY,
    incremental: null,
    lastFull: null,
    lastListing: null,
    anyCompletedFull: false,
    anyCompletedListing: false,
    unfinished: null,
    request: null,
    retryBaseMs: 300_000,
    ...over,
  };
}

function crawl(over: Partial<CrawlFacts> & Pick<CrawlFacts, "startedAt">): CrawlFacts {
  return { id: 1, kind: "full", status: "completed", finishedAt: over.startedAt + 3_600_000, resumes: 0, ...over };
}

/** A database whose last full crawl completed, started at `startedAt`. */
function completedFull(startedAt: number, over: Partial<DecideInput> = {}): DecideInput {
  const c = crawl({ startedAt });
  return input({ lastFull: c, lastListing: c, anyCompletedFull: true, anyCompletedListing: true, ...over });
}

describe("cron patterns (croner, UTC)", () => {
  test("next and latest runs of a daily pattern, in UTC", () => {
    expect(DAILY.next(T("2026-11-27T12:00:00Z")).toISOString()).toBe("2026-11-28T00:15:00.000Z");
    expect(DAILY.next(T("2026-11-27T00:15:00Z")).toISOString()).toBe("2026-11-28T00:15:00.000Z");
    expect(DAILY.latest(T("2026-11-27T12:00:00Z"))?.toISOString()).toBe("2026-11-27T00:15:00.000Z");
    expect(DAILY.latest(T("2026-11-27T00:15:00Z"))?.toISOString()).toBe("2026-11-27T00:15:00.000Z");
    expect(DAILY.latest(T("2026-11-27T00:14:59.999Z"))?.toISOString()).toBe("2026-11-26T00:15:00.000Z");
  });

  test("evaluated in UTC whatever the machine's time zone", () => {
    const code = `import { parseSchedule } from "./lib/cron"; process.stdout.write(parseSchedule("15 0 * * *").next(Date.parse("2026-11-27T12:00:00Z")).toISOString());`;
    for (const tz of ["Asia/Tokyo", "America/Los_Angeles"]) {
      const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
        cwd: path.resolve(__dirname, "../.."),
        env: { ...process.env, TZ: tz },
      }).toString();
      expect(out, tz).toBe("2026-11-28T00:15:00.000Z");
    }
  });

  test("6-field patterns have seconds (what tests use)", () => {
    const s = parseSchedule("*/5 * * * * *");
    expect(s.next(T("2026-11-27T12:00:01Z")).toISOString()).toBe("2026-11-27T12:00:05.000Z");
    expect(s.nextRuns(3, T("2026-11-27T12:00:00Z")).map((d) => d.toISOString())).toEqual([
      "2026-11-27T12:00:05.000Z", "2026-11-27T12:00:10.000Z", "2026-11-27T12:00:15.000Z",
    ]);
  });

  test("invalid or never-running patterns are refused with the variable's name", () => {
    expect(() => parseSchedule("every day", "CRAWL_SCHEDULE")).toThrow(ScheduleError);
    expect(() => parseSchedule("every day", "CRAWL_SCHEDULE")).toThrow(/CRAWL_SCHEDULE is not a valid cron pattern/);
    expect(() => parseSchedule("0 0 30 2 *", "CRAWL_SCHEDULE")).toThrow(/never runs/);
  });

  test("the longest gap between runs (weekdays only: the weekend)", () => {
    expect(longestGapMs(DAILY)).toBe(86_400_000);
    expect(longestGapMs(parseSchedule("15 0 * * 1-5"))).toBe(3 * 86_400_000);
  });
});

describe("decide", () => {
  test("an empty database crawls at once", () => {
    expect(decide(input({}))).toMatchObject({ action: "crawl", kind: "full", reason: "first-crawl" });
  });

  test("after today's crawl it waits for tomorrow's run", () => {
    const d = decide(completedFull(T("2026-11-27T00:15:03Z")));
    expect(d).toMatchObject({ action: "wait", nextFull: T("2026-11-28T00:15:00Z"), until: T("2026-11-28T00:15:00Z") });
  });

  test("at the scheduled time the run is due", () => {
    const d = decide(completedFull(T("2026-11-26T00:15:03Z"), { now: T("2026-11-27T00:15:00Z"), schedulerStartedAt: T("2026-11-26T00:00:00Z") }));
    expect(d).toMatchObject({ action: "crawl", kind: "full", reason: "scheduled" });
  });

  test("runs missed while the machine was off are caught up once", () => {
    const started = T("2026-11-27T11:59:00Z");
    const offForDays = completedFull(T("2026-11-23T00:15:02Z"), { schedulerStartedAt: started });
    expect(decide(offForDays)).toMatchObject({ action: "crawl", kind: "full", reason: "catch-up" });
    // The catch-up crawl satisfies every missed run: the next decision is to wait for tomorrow.
    const after = completedFull(T("2026-11-27T12:00:00Z"), { now: T("2026-11-27T12:30:00Z"), schedulerStartedAt: started });
    expect(decide(after)).toMatchObject({ action: "wait", nextFull: T("2026-11-28T00:15:00Z") });
  });

  test("an interrupted crawl of the current period is resumed, not restarted", () => {
    const cut = crawl({ id: 2, status: "interrupted", startedAt: T("2026-11-27T00:15:01Z"), finishedAt: T("2026-11-27T00:40:00Z") });
    const d = decide(input({ lastFull: cut, lastListing: cut, anyCompletedFull: true, anyCompletedListing: true, unfinished: cut }));
    expect(d).toEqual({ action: "resume", crawlId: 2, kind: "full", reason: "interrupted" });
  });

  test("a crawl interrupted before a later run came due is superseded by that run", () => {
    const cut = crawl({ id: 2, status: "interrupted", startedAt: T("2026-11-26T00:15:01Z"), finishedAt: T("2026-11-26T00:40:00Z") });
    const d = decide(input({ lastFull: cut, lastListing: cut, anyCompletedFull: true, anyCompletedListing: true, unfinished: cut }));
    expect(d).toMatchObject({ action: "crawl", kind: "full", reason: "catch-up" });
  });

  test("the first full crawl of a database is always resumed, even across scheduled runs", () => {
    const cut = crawl({ id: 1, status: "interrupted", startedAt: T("2026-11-20T09:00:00Z"), finishedAt: T("2026-11-20T10:00:00Z") });
    const d = decide(input({ lastFull: cut, lastListing: cut, unfinished: cut }));
    expect(d).toEqual({ action: "resume", crawlId: 1, kind: "full", reason: "interrupted" });
  });

  test("a failed crawl is retried after a backoff that doubles per resume, or at once on request", () => {
    const failedAt = T("2026-11-27T01:00:00Z");
    const failed = crawl({ id: 2, status: "failed", startedAt: T("2026-11-27T00:15:01Z"), finishedAt: failedAt, resumes: 1 });
    const base = completedFull(0, { lastFull: failed, lastListing: failed, unfinished: failed, retryBaseMs: 60_000 });
    const retryAt = failedAt + 120_000;
    expect(retryDelayMs(60_000, 1)).toBe(120_000);
    expect(decide({ ...base, now: retryAt - 1 })).toMatchObject({ action: "wait", retryAt, until: retryAt });
    expect(decide({ ...base, now: retryAt })).toEqual({ action: "resume", crawlId: 2, kind: "full", reason: "retry" });
    const request = { id: 9, kind: "full" as const, source: "web", requestedAt: retryAt - 10 };
    expect(decide({ ...base, now: retryAt - 1, request })).toEqual({ action: "resume", crawlId: 2, kind: "full", reason: "requested", requestId: 9 });
    expect(retryDelayMs(60_000, 30)).toBe(3_600_000); // capped at an hour
  });

  test("a pending request starts a crawl of its kind", () => {
    const request = { id: 3, kind: "incremental" as const, source: "web", requestedAt: T("2026-11-27T11:59:59Z") };
    const d = decide(completedFull(T("2026-11-27T00:15:03Z"), { request }));
    expect(d).toEqual({ action: "crawl", kind: "incremental", reason: "requested", requestId: 3 });
  });

  test("incremental crawls run between full ones, only after a listing crawl completed, and yield to a due full crawl", () => {
    const fullToday = completedFull(T("2026-11-27T00:15:03Z"), { incremental: SIX_HOURLY, schedulerStartedAt: T("2026-11-27T00:00:00Z") });
    expect(decide(fullToday)).toMatchObject({ action: "crawl", kind: "incremental", reason: "scheduled" }); // 06:15 came due
    const incr = crawl({ id: 2, kind: "incremental", startedAt: T("2026-11-27T06:15:01Z") });
    expect(decide({ ...fullToday, lastListing: incr })).toMatchObject({ action: "wait", nextIncremental: T("2026-11-27T12:15:00Z"), nextFull: T("2026-11-28T00:15:00Z") });
    // Never before a listing crawl completed (there is no high-water mark to start from).
    expect(decide(input({ incremental: SIX_HOURLY, full: null }))).toMatchObject({ action: "wait" });
    // A full crawl due makes the incremental one unnecessary.
    const oldFull = completedFull(T("2026-11-26T00:15:03Z"), { incremental: SIX_HOURLY });
    expect(decide(oldFull)).toMatchObject({ action: "crawl", kind: "full" });
  });

  test("an interrupted incremental crawl is not resumed when a full crawl is due", () => {
    const full = crawl({ id: 1, startedAt: T("2026-11-26T00:15:01Z") });
    const incr = crawl({ id: 2, kind: "incremental", status: "interrupted", startedAt: T("2026-11-26T18:15:01Z"), finishedAt: T("2026-11-26T18:16:00Z") });
    const d = decide(input({ now: T("2026-11-27T00:20:00Z"), incremental: SIX_HOURLY, lastFull: full, lastListing: incr, anyCompletedFull: true, anyCompletedListing: true, unfinished: incr }));
    expect(d).toMatchObject({ action: "crawl", kind: "full" });
  });

  test("with CRAWL_SCHEDULE=off nothing runs by itself, but requests and resumes do", () => {
    expect(decide(input({ full: null }))).toMatchObject({ action: "wait", until: Infinity });
    const request = { id: 1, kind: "full" as const, source: "web", requestedAt: T("2026-11-27T11:59:59Z") };
    expect(decide(input({ full: null, request }))).toMatchObject({ action: "crawl", kind: "full", reason: "requested" });
  });
});
