/**
 * The crawl session every crawl kind runs in (lib/crawl/crawl-session.ts), on a real SQLite file and
 * the fake Hub over loopback: the lock, the crawls row created or taken up again with its counters,
 * the Hub fetch counted on top of them, the ETA, and the stop signal.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { getCrawl } from "../../lib/crawl/crawl-runs";
import { CrawlSession, CrawlStopped } from "../../lib/crawl/crawl-session";
import { LockHeldError, readLock } from "../../lib/crawl/lock";
import { FetchAborted } from "../../lib/hub/polite-fetch";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { tempDir } from "../helpers/cli";

const FAST = { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 3000 };

describe("crawl session", () => {
  let hub: FakeHub;
  beforeAll(async () => {
    hub = await startFakeHub({ models: 300, seed: 3, day: "2026-11-27", rateLimit: false });
  });
  afterAll(() => hub.close());

  test("holds the lock from open to close; a live holder elsewhere refuses the session", async () => {
    const sqlite = openSqlite(path.join(tempDir(), "s.db"));
    const now = Date.now();
    sqlite.prepare("INSERT INTO crawl_lock (id, crawl_id, pid, host, acquired_at, heartbeat_at) VALUES (1, NULL, 1, 'elsewhere', ?, ?)").run(now, now);
    await expect(CrawlSession.open(sqlite, "files", { hubUrl: hub.url })).rejects.toBeInstanceOf(LockHeldError);
    sqlite.prepare("DELETE FROM crawl_lock").run();
    const a = await CrawlSession.open(sqlite, "backfill", { hubUrl: hub.url });
    expect(readLock(sqlite)).toMatchObject({ pid: process.pid });
    a.create("backfill", {}, null);
    expect(readLock(sqlite)?.crawlId).toBe(a.crawlId);
    a.close();
    a.close(); // idempotent
    expect(readLock(sqlite)).toBeUndefined();
    sqlite.close();
  });

  test("a resumed row keeps its counters: the session's fetch adds to them, and the ETA counts from its done units", async () => {
    const sqlite = openSqlite(path.join(tempDir(), "s.db"));
    const first = await CrawlSession.open(sqlite, "backfill", { hubUrl: hub.url, fetch: FAST });
    const id = first.create("backfill", { limit: 10 }, null);
    expect(getCrawl(sqlite, id)).toMatchObject({ kind: "backfill", status: "running" });
    await (await first.fetch(`${hub.url}/api/models?limit=5`)).arrayBuffer();
    sqlite.prepare("UPDATE crawls SET requests = 1, models_seen = 4 WHERE id = ?").run(id);
    first.finish("interrupted", "stopped by signal");
    first.close();

    const second = await CrawlSession.open(sqlite, "backfill", { hubUrl: hub.url, fetch: FAST });
    const c = second.resume(["backfill"]);
    expect(c?.id).toBe(id);
    expect(getCrawl(sqlite, id)).toMatchObject({ status: "running", resumes: 1, error: null });
    expect(second.doneBefore).toBe(4);
    await (await second.fetch(`${hub.url}/api/models?limit=5`)).arrayBuffer();
    expect(second.counters().requests).toBe(2);
    second.doneThisRun = 2;
    const p = second.progress(10);
    expect(second.done).toBe(6);
    expect(p.crawlId).toBe(id);
    expect(p.rate).toBeGreaterThan(0);
    expect(p.etaMs).toBeCloseTo((4 / p.rate) * 1000, 5);
    second.finish("completed");
    second.close();
    expect(getCrawl(sqlite, id)?.status).toBe("completed");

    const third = await CrawlSession.open(sqlite, "backfill", { hubUrl: hub.url });
    expect(third.resume(["backfill"])).toBeUndefined(); // the last one completed: nothing to resume
    third.close();
    sqlite.close();
  });

  test("the stop signal: stopRequested, and a fetch cut short counts as a stop, not a failure", async () => {
    const stop = new AbortController();
    const session = await CrawlSession.open(null, "full", { hubUrl: hub.url, signal: stop.signal, token: "hf_secret_token_value" });
    expect(session.stopRequested).toBe(false);
    expect(session.isStop(new FetchAborted("stopped"))).toBe(false);
    stop.abort();
    expect(session.stopRequested).toBe(true);
    expect(session.isStop(new FetchAborted("stopped"))).toBe(true);
    expect(session.isStop(new CrawlStopped("stopped by signal"))).toBe(true);
    expect(session.isStop(new Error("socket hang up"))).toBe(false);
    expect(session.errorText(new Error("401 for hf_secret_token_value"))).not.toContain("hf_secret_token_value");
    session.close();
  });
});
