/** What the crawl monitor reads (lib/ops/crawl-monitor.ts): paging, scope, rates, the live crawl, next runs. */
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { describeScope, listCrawls, liveCrawl, nextRuns } from "../../lib/ops/crawl-monitor";
import { parseSchedule } from "../../lib/cron";
import { tempDir } from "../helpers/cli";

function db(): Sqlite {
  return openSqlite(path.join(tempDir("hf-trends-mon-"), "m.db"));
}

function add(s: Sqlite, kind: string, status: string, startedAt: number, finishedAt: number | null, models: number, extra: Record<string, unknown> = {}): number {
  const cols = { kind, status, scope: "{}", hub_url: "x", started_at: startedAt, finished_at: finishedAt, heartbeat_at: finishedAt ?? startedAt, models_seen: models, ...extra };
  const keys = Object.keys(cols);
  return Number(s.prepare(`INSERT INTO crawls (${keys.join(", ")}) VALUES (${keys.map(() => "?").join(", ")})`).run(...Object.values(cols)).lastInsertRowid);
}

describe("crawl monitor", () => {
  test("pages of crawls newest first, with duration, models/s (not for resumed crawls) and scope", () => {
    const s = db();
    for (let i = 0; i < 5; i++) add(s, "full", "completed", 1_000_000 + i * 100_000, 1_000_000 + i * 100_000 + 10_000, 20_000);
    add(s, "scoped", "failed", 2_000_000, 2_004_000, 100, { scope: JSON.stringify({ author: "google", tags: ["gguf", "4-bit"], limit: 100, sort: "downloads" }), error: "boom", resumes: 2 });
    const p1 = listCrawls(s, { limit: 4 });
    expect(p1.total).toBe(6);
    expect(p1.crawls.map((c) => c.id)).toEqual([6, 5, 4, 3]);
    expect(p1.nextBefore).toBe(3);
    expect(p1.crawls[0]).toMatchObject({ kind: "scoped", scope: "author=google, tags=gguf+4-bit, limit=100, sort=downloads", rate: null, error: "boom", durationMs: 4_000 });
    expect(p1.crawls[1]).toMatchObject({ durationMs: 10_000, rate: 2_000 });
    const p2 = listCrawls(s, { limit: 4, before: p1.nextBefore });
    expect(p2.crawls.map((c) => c.id)).toEqual([2, 1]);
    expect(p2.nextBefore).toBeNull();
    expect(describeScope("full", "{\"sort\":\"createdAt\"}")).toBe("");
  });

  test("a running crawl is live while its process holds the lock; left behind by a dead one it is not", () => {
    const s = db();
    const now = Date.now();
    add(s, "full", "completed", now - 86_400_000, now - 86_000_000, 50_000);
    const id = add(s, "full", "running", now - 60_000, null, 10_000, { expected_models: 50_000, heartbeat_at: now - 1_000 });
    s.prepare("INSERT INTO crawl_lock (id, crawl_id, pid, host, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)").run(id, process.pid, os.hostname(), now - 60_000, now);
    const live = liveCrawl(s, null, now)!;
    expect(live).toMatchObject({ id, live: true, expected: 50_000, percent: 20, runner: "cli", overExpected: false });
    expect(live.currentRate).toBeCloseTo(10_000 / 60, 5);
    expect(live.etaMs).toBeCloseTo((40_000 / (10_000 / 60)) * 1000, 0);
    expect(listCrawls(s).crawls[0]).toMatchObject({ id, status: "running", live: true });
    // The holder died (a pid that cannot exist) and nothing beat for minutes: not live any more.
    s.prepare("UPDATE crawl_lock SET pid = 2147483646, heartbeat_at = ?").run(now - 600_000);
    s.prepare("UPDATE crawls SET heartbeat_at = ? WHERE id = ?").run(now - 600_000, id);
    expect(liveCrawl(s, null, now)).toBeNull();
    expect(listCrawls(s).crawls[0]).toMatchObject({ id, status: "running", live: false });
  });

  test("next runs are the cron's next times, from the environment when no scheduler runs", () => {
    const full = parseSchedule("15 0 * * *");
    const at = Date.parse("2026-11-27T12:00:00Z");
    expect(nextRuns(null, { full, incremental: null }, at)).toEqual({
      full: { pattern: "15 0 * * *", next: Date.parse("2026-11-28T00:15:00Z") },
      incremental: null,
      source: "environment",
    });
  });
});
