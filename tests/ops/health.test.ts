/** /api/health's judgement (lib/ops/health.ts): fresh, stale, no data, schedule off, scheduler state. */
import path from "node:path";
import { describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { computeHealth, requiredSince, type HealthConfig } from "../../lib/ops/health";
import { parseSchedule } from "../../lib/cron";
import { registerScheduler } from "../../lib/scheduler/state";
import { tempDir } from "../helpers/cli";

const T = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const cfg: HealthConfig = { full: parseSchedule("15 0 * * *"), incremental: null, graceMs: 6 * HOUR, hub: "http://hub.test" };

function db(): Sqlite {
  return openSqlite(path.join(tempDir("hf-trends-health-"), "h.db"));
}

function addCrawl(s: Sqlite, kind: string, status: string, startedAt: number, finishedAt: number | null): number {
  return Number(
    s.prepare("INSERT INTO crawls (kind, status, scope, hub_url, started_at, finished_at, models_seen) VALUES (?, ?, '{}', 'x', ?, ?, 100)")
      .run(kind, status, startedAt, finishedAt).lastInsertRowid,
  );
}

describe("health", () => {
  test("no completed full crawl: 503 no-data", () => {
    const s = db();
    addCrawl(s, "scoped", "completed", T("2026-11-27T01:00:00Z"), T("2026-11-27T01:01:00Z"));
    const h = computeHealth(s, cfg, T("2026-11-27T12:00:00Z"));
    expect(h).toMatchObject({ status: "no-data", httpStatus: 503, lastFullCrawl: null });
  });

  test("fresh while the last scheduled run's crawl completed; stale once a run's grace passed without one", () => {
    const s = db();
    addCrawl(s, "full", "completed", T("2026-11-26T00:15:02Z"), T("2026-11-26T01:10:00Z"));
    // 27 Nov 05:00: the 00:15 run is still within its 6 h grace; the data of the 26th is fine.
    expect(computeHealth(s, cfg, T("2026-11-27T05:00:00Z"))).toMatchObject({ status: "ok", httpStatus: 200, requiredSince: "2026-11-26T00:15:00.000Z" });
    // 06:15 passed with no crawl of the 27th: stale.
    const stale = computeHealth(s, cfg, T("2026-11-27T06:16:00Z"));
    expect(stale).toMatchObject({ status: "stale", httpStatus: 503, requiredSince: "2026-11-27T00:15:00.000Z", lastFullCrawl: { id: 1 } });
    expect(stale.message).toMatch(/^stale: the last full crawl \(#1\) completed 29 hours ago/);
    // A failed crawl of the 27th does not make it fresh; a completed one does.
    addCrawl(s, "full", "failed", T("2026-11-27T00:15:01Z"), T("2026-11-27T00:20:00Z"));
    expect(computeHealth(s, cfg, T("2026-11-27T06:16:00Z")).status).toBe("stale");
    addCrawl(s, "full", "completed", T("2026-11-27T07:00:00Z"), T("2026-11-27T08:00:00Z"));
    expect(computeHealth(s, cfg, T("2026-11-27T09:00:00Z"))).toMatchObject({ status: "ok", httpStatus: 200, lastFullCrawl: { id: 3, ageSeconds: 3600 } });
  });

  test("incremental and scoped crawls do not count for freshness", () => {
    const s = db();
    addCrawl(s, "full", "completed", T("2026-11-20T00:15:02Z"), T("2026-11-20T01:00:00Z"));
    addCrawl(s, "incremental", "completed", T("2026-11-27T06:15:00Z"), T("2026-11-27T06:16:00Z"));
    addCrawl(s, "scoped", "completed", T("2026-11-27T07:00:00Z"), T("2026-11-27T07:01:00Z"));
    expect(computeHealth(s, cfg, T("2026-11-27T09:00:00Z")).status).toBe("stale");
  });

  test("with CRAWL_SCHEDULE=off: completed within 24 h + grace", () => {
    const off = { ...cfg, full: null };
    expect(requiredSince(off, T("2026-11-27T12:00:00Z"))).toBe(T("2026-11-26T06:00:00Z"));
    const s = db();
    addCrawl(s, "full", "completed", T("2026-11-26T05:00:00Z"), T("2026-11-26T06:30:00Z"));
    expect(computeHealth(s, off, T("2026-11-27T12:00:00Z")).status).toBe("ok");
    expect(computeHealth(s, off, T("2026-11-27T12:31:00Z")).status).toBe("stale");
  });

  test("the scheduler's state is reported (not judged), and nothing secret is in the answer", () => {
    const s = db();
    addCrawl(s, "full", "completed", Date.now() - HOUR, Date.now() - HOUR / 2);
    const p = registerScheduler(s, { full: "15 0 * * *", incremental: null });
    p.set({ state: "idle", detail: "next full crawl soon" });
    const h = computeHealth(s, { ...cfg, full: parseSchedule("* * * * *"), graceMs: 2 * HOUR });
    expect(h.httpStatus).toBe(200);
    expect(h.scheduler).toMatchObject({ state: "idle", alive: true, pid: process.pid, detail: "next full crawl soon" });
    p.set({ state: "stopped" });
    expect(computeHealth(s, cfg).scheduler).toMatchObject({ state: "not-running", alive: false });
    p.stop();
    const text = JSON.stringify(h);
    expect(text).not.toMatch(/hf_|token|webhook/i);
  });
});
