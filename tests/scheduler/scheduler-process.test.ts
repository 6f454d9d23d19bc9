/**
 * The scheduler as a real child process against the fake Hub over loopback and a real SQLite file:
 * schedules firing, two schedulers on one DB, SIGKILL and resume, catch-up, stale locks, graceful
 * stop, failure alerts and retries, an unreachable Hub, incremental crawls, "crawl now" requests.
 * Conditions are polled; nothing asserts on elapsed time.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { addDays, parseDay } from "../../lib/fake-hub/clock";
import { STALE_AFTER_MS } from "../../lib/crawl/lock";
import { runCrawl } from "../../lib/crawl/run-crawl";
import { parseSchedule } from "../../lib/cron";
import { enqueueRequest } from "../../lib/scheduler/requests";
import type { AlertPayload } from "../../lib/scheduler/alert";
import { runCli, startCli, tempDir } from "../helpers/cli";
import { freePort } from "../helpers/next-server";
import { duplicateCounts, expectedModels, storedModels } from "../helpers/stored";
import { crawls, FAST_ENV, readDb, startScheduler, startScript, stop, waitFor } from "../helpers/scheduler-process";

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub({ models: 9_500, seed: 21, day: "2026-11-27", rateLimit: false });
});
afterAll(() => hub.close());
beforeEach(() => hub.setFaults({}));

const newDb = (name: string) => path.join(tempDir("hf-trends-sched-"), `${name}.db`);
const env = (db: string, extra: Record<string, string> = {}) => ({ DATABASE_PATH: db, HF_ENDPOINT: hub.url, ...extra });
const pages = (db: string, id = 1) => readDb(db, (s) => (s.prepare("SELECT pages FROM crawls WHERE id = ?").get(id) as { pages: number } | undefined)?.pages ?? 0) ?? 0;
const completed = (db: string) => crawls(db).filter((c) => c.status === "completed");

describe("schedules", () => {
  test("a short test schedule fires crawls: the first at once, then one per run that came due", async () => {
    const db = newDb("fires");
    const pattern = "*/2 * * * * *";
    const p = startScheduler(env(db, { CRAWL_SCHEDULE: pattern }));
    await waitFor(() => completed(db).length >= 3, "three completed crawls");
    expect((await stop(p)).code, p.output()).toBe(0);
    expect(p.output()).toMatch(/starting a full crawl \(first-crawl\)/);
    expect(p.output()).toMatch(/starting a full crawl \(scheduled\)/);
    const all = crawls(db);
    expect(all.every((c) => c.kind === "full")).toBe(true);
    const s = parseSchedule(pattern);
    for (let i = 1; i < all.length; i++) {
      // Each later crawl started because a run came due after the previous crawl had started...
      expect(s.latest(all[i].startedAt)!.getTime()).toBeGreaterThan(all[i - 1].startedAt);
    }
    // ...so no run was crawled twice.
    const runs = all.map((c) => s.latest(c.startedAt)!.getTime());
    expect(new Set(runs).size).toBe(runs.length);
    const sqlite = openSqlite(db);
    expect(storedModels(sqlite)).toEqual(expectedModels(hub.truth()));
    sqlite.close();
  });

  test("two schedulers on one database never run two crawls at once, nor one run twice", async () => {
    const db = newDb("two");
    openSqlite(db).close(); // migrated first: both race on the lock, not on migrations
    hub.setFaults({ slowPageMs: 60 });
    const pattern = "*/2 * * * * *";
    const a = startScheduler(env(db, { CRAWL_SCHEDULE: pattern }));
    const b = startScheduler(env(db, { CRAWL_SCHEDULE: pattern }));
    let maxRunning = 0;
    let samples = 0;
    await waitFor(() => {
      const running = readDb(db, (s) => (s.prepare("SELECT count(*) AS n FROM crawls WHERE status = 'running'").get() as { n: number }).n);
      if (running !== undefined) {
        samples++;
        maxRunning = Math.max(maxRunning, running);
      }
      return completed(db).length >= 4;
    }, "four completed crawls", 120_000, 20);
    expect((await stop(a)).code).toBe(0);
    expect((await stop(b)).code).toBe(0);
    expect(samples).toBeGreaterThan(10);
    expect(maxRunning).toBe(1);
    const all = crawls(db).filter((c) => c.finishedAt !== null);
    for (let i = 1; i < all.length; i++) expect(all[i].startedAt).toBeGreaterThanOrEqual(all[i - 1].finishedAt!);
    const s = parseSchedule(pattern);
    const runs = all.map((c) => s.latest(c.startedAt)!.getTime());
    expect(new Set(runs).size).toBe(runs.length);
    expect((a.output() + b.output()).match(/\(first-crawl\)/g)).toHaveLength(1);
    expect(readDb(db, (s2) => s2.prepare("SELECT count(*) AS n FROM schedulers").get())).toEqual({ n: 2 });
    const sqlite = openSqlite(db);
    expect(storedModels(sqlite)).toEqual(expectedModels(hub.truth()));
    expect(duplicateCounts(sqlite)).toEqual({ models: 0, snapshots: 0 });
    sqlite.close();
  });
});

describe("crashes, locks and resume", () => {
  test("a scheduler SIGKILLed mid-crawl and restarted resumes the crawl and ends with the exact model set", async () => {
    const db = newDb("kill");
    hub.setFaults({ slowPageMs: 250 });
    const first = startScheduler(env(db));
    await waitFor(() => pages(db) >= 3, "three pages");
    first.child.kill("SIGKILL");
    expect((await first.exit).signal).toBe("SIGKILL");
    expect(crawls(db)).toMatchObject([{ id: 1, status: "running" }]);
    hub.setFaults({});
    const second = startScheduler(env(db));
    await waitFor(() => completed(db).length === 1, "crawl #1 completed");
    expect((await stop(second)).code).toBe(0);
    expect(second.output()).toMatch(/took over the lock of a dead process \(pid \d+/);
    expect(second.output()).toMatch(/resuming full crawl #1 \(interrupted\)/);
    expect(crawls(db)).toMatchObject([{ id: 1, kind: "full", status: "completed", resumes: 1 }]);
    const sqlite = openSqlite(db);
    expect(storedModels(sqlite)).toEqual(expectedModels(hub.truth()));
    expect(duplicateCounts(sqlite)).toEqual({ models: 0, snapshots: 0 });
    sqlite.close();
  });

  test("the stale lock of a SIGKILLed CLI crawl is taken over and its crawl resumed", async () => {
    const db = newDb("stale-cli");
    hub.setFaults({ slowPageMs: 250 });
    const cli = startCli("crawl.ts", ["--quiet"], env(db, FAST_ENV));
    await waitFor(() => pages(db) >= 2, "two pages");
    cli.kill("SIGKILL");
    await cli.result;
    const dead = readDb(db, (s) => s.prepare("SELECT pid FROM crawl_lock").get() as { pid: number } | undefined);
    expect(dead?.pid).toBe(cli.pid);
    hub.setFaults({});
    const p = startScheduler(env(db));
    await waitFor(() => completed(db).length === 1, "crawl #1 completed");
    await stop(p);
    expect(p.output()).toContain(`took over the lock of a dead process (pid ${cli.pid} on ${os.hostname()}, crawl #1)`);
    expect(crawls(db)).toMatchObject([{ id: 1, status: "completed", resumes: 1 }]);
    expect(storedModels(openSqlite(db))).toEqual(expectedModels(hub.truth()));
  });

  test("a lock whose holder on another host stopped beating is taken over", async () => {
    const db = newDb("stale-host");
    const sqlite = openSqlite(db);
    const old = Date.now() - STALE_AFTER_MS - 60_000;
    sqlite.prepare("INSERT INTO crawl_lock (id, crawl_id, pid, host, acquired_at, heartbeat_at) VALUES (1, NULL, 4242, 'another-host', ?, ?)").run(old, old);
    sqlite.close();
    const p = startScheduler(env(db));
    await waitFor(() => completed(db).length === 1, "the first crawl completed");
    await stop(p);
    expect(p.output()).toContain("took over the lock of a dead process (pid 4242 on another-host");
    expect(readDb(db, (s) => s.prepare("SELECT count(*) AS n FROM crawl_lock").get())).toEqual({ n: 0 });
  });

  test("SIGTERM mid-crawl: the page in flight is committed, the crawl marked interrupted, exit 0", async () => {
    const db = newDb("term");
    hub.setFaults({ slowPageMs: 150 });
    const p = startScheduler(env(db));
    await waitFor(() => pages(db) >= 2, "two pages");
    hub.setFaults({ slowPageMs: 3_000 }); // still crawling when the signal arrives, however busy the machine
    const r = await stop(p);
    expect(r.code, p.output()).toBe(0);
    expect(p.output()).toMatch(/SIGTERM received, finishing the page in flight/);
    const c = readDb(db, (s) => s.prepare("SELECT status, error, models_seen AS models, pages FROM crawls WHERE id = 1").get()) as { status: string; error: string; models: number; pages: number };
    expect(c.status).toBe("interrupted");
    expect(c.models).toBe(c.pages * 1000);
    expect(readDb(db, (s) => s.prepare("SELECT state FROM schedulers").get())).toEqual({ state: "stopped" });
    expect(readDb(db, (s) => s.prepare("SELECT count(*) AS n FROM crawl_lock").get())).toEqual({ n: 0 });
  });
});

describe("missed runs", () => {
  test("runs missed while the machine was off are caught up once at start, then it waits for the cron's next run", async () => {
    const db = newDb("catch-up");
    const cli = await runCli("crawl.ts", ["--quiet"], env(db, FAST_ENV));
    expect(cli.code, cli.stderr).toBe(0);
    // The machine was off for three days: three full runs and nine incremental runs were missed.
    const sqlite = openSqlite(db);
    sqlite.prepare("UPDATE crawls SET started_at = started_at - 3 * 86400000, finished_at = finished_at - 3 * 86400000").run();
    sqlite.close();
    const full = "15 0 * * *";
    const p = startScheduler(env(db, { CRAWL_SCHEDULE: full, INCREMENTAL_SCHEDULE: "15 6,12,18 * * *" }));
    const waiting = () => readDb(db, (s) => s.prepare("SELECT state, detail FROM schedulers").get() as { state: string; detail: string | null } | undefined);
    await waitFor(() => completed(db).length === 2 && waiting()?.state === "idle" && /next full crawl/.test(waiting()?.detail ?? ""), "the catch-up crawl, then waiting");
    const state = waiting()!;
    await stop(p);
    expect(p.output().match(/starting a full crawl \(catch-up\)/g)).toHaveLength(1);
    expect(crawls(db).map((c) => [c.id, c.kind, c.status])).toEqual([[1, "full", "completed"], [2, "full", "completed"]]);
    // The next run it waits for is the cron's next time after the catch-up.
    const next = /next full crawl (\S+)/.exec(state.detail!)![1];
    expect(Date.parse(next)).toBe(parseSchedule(full).next(crawls(db)[1].finishedAt!).getTime());
  });
});

describe("failures and alerts", () => {
  test("a failed scheduled crawl calls ALERT_WEBHOOK_URL (no secrets) and is retried by resuming it", async () => {
    const alerts: AlertPayload[] = [];
    const raw: string[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        raw.push(body + JSON.stringify(req.headers));
        alerts.push(JSON.parse(body) as AlertPayload);
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const token = "hf_AlertTestSecret0123456789";
    try {
      const db = newDb("alert");
      hub.setFaults({ truncateRate: 1 }); // every body cut short: the crawl exhausts its retries
      const p = startScheduler(env(db, { ALERT_WEBHOOK_URL: hook, HF_TOKEN: token, SCHEDULER_RETRY_MS: "300" }));
      await waitFor(() => alerts.length >= 1, "an alert");
      hub.setFaults({});
      await waitFor(() => completed(db).length === 1, "the retried crawl completed");
      await stop(p);
      const a = alerts[0];
      expect(a).toMatchObject({ event: "crawl-failed", crawl: { id: 1, kind: "full", status: "failed", reason: "first-crawl" }, hub: hub.url });
      expect(a.text).toMatch(/full crawl #1 failed/);
      expect(a.error).toBeTruthy();
      for (const r of raw) expect(r).not.toContain(token);
      expect(p.output()).not.toContain(token);
      expect(p.output()).toMatch(/resuming full crawl #1 \(retry\)/);
      expect(crawls(db)).toHaveLength(1);
      expect(crawls(db)[0].resumes).toBeGreaterThanOrEqual(1);
      expect(storedModels(openSqlite(db))).toEqual(expectedModels(hub.truth()));
    } finally {
      server.close();
    }
  });

  test("an unreachable Hub is said clearly (suggesting npm run demo), alerted once, and nothing crashes", async () => {
    const alerts: AlertPayload[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        alerts.push(JSON.parse(body) as AlertPayload);
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const db = newDb("unreachable");
      const closed = await freePort(); // nothing listens there: connections are refused
      const p = startScheduler({ DATABASE_PATH: db, HF_ENDPOINT: `http://127.0.0.1:${closed}`, ALERT_WEBHOOK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
      await waitFor(() => readDb(db, (s) => (s.prepare("SELECT state FROM schedulers").get() as { state: string } | undefined)?.state) === "hub-unreachable", "state hub-unreachable");
      await waitFor(() => alerts.length === 1, "one alert");
      expect((await stop(p)).code).toBe(0);
      expect(p.output()).toContain(`cannot reach the Hub at http://127.0.0.1:${closed} (fetch failed (ECONNREFUSED`);
      expect(p.output()).toMatch(/npm run demo/);
      expect(alerts[0]).toMatchObject({ event: "hub-unreachable", hub: `http://127.0.0.1:${closed}` });
      expect(crawls(db)).toEqual([]); // no failed crawl left behind: it simply stays due
      expect(readDb(db, (s) => s.prepare("SELECT last_error AS e FROM schedulers").get())).toEqual({ e: expect.stringMatching(/^Hub unreachable: /) });
    } finally {
      server.close();
    }
  });
});

describe("incremental crawls and requests", () => {
  test("an incremental crawl on a later fake-Hub day adds exactly the new models", async () => {
    const hub2 = await startFakeHub({ models: 4_000, seed: 33, day: "2026-11-27", rateLimit: false });
    try {
      const db = newDb("incremental");
      const first = await runCli("crawl.ts", ["--quiet"], { DATABASE_PATH: db, HF_ENDPOINT: hub2.url, ...FAST_ENV });
      expect(first.code, first.stderr).toBe(0);
      const before = new Set(storedModels(openSqlite(db), { includeGone: true }).map((m) => m.hubId));
      const maxSeen = [...before].sort().at(-1)!;
      hub2.advanceDays(3);
      const expectedNew = expectedModels(hub2.truth()).filter((m) => m.hubId > maxSeen);
      expect(expectedNew.length).toBeGreaterThan(0);
      const p = startScheduler({ DATABASE_PATH: db, HF_ENDPOINT: hub2.url, CRAWL_SCHEDULE: "15 0 * * *", INCREMENTAL_SCHEDULE: "*/2 * * * * *" });
      await waitFor(() => completed(db).some((c) => c.kind === "incremental"), "a completed incremental crawl");
      await stop(p);
      const sqlite = openSqlite(db);
      const added = storedModels(sqlite, { includeGone: true }).filter((m) => !before.has(m.hubId));
      expect(added).toEqual(expectedNew);
      const inc = crawls(db).find((c) => c.kind === "incremental")!;
      expect(inc.models).toBe(expectedNew.length);
      // An incremental crawl never marks models gone (only complete full crawls can).
      expect(sqlite.prepare("SELECT count(*) AS n FROM models WHERE gone_since_crawl IS NOT NULL").get()).toEqual({ n: 0 });
      sqlite.close();
    } finally {
      await hub2.close();
    }
  });

  test("a crawl-now request is claimed by the running scheduler and answered by a crawl", async () => {
    const db = newDb("request");
    // A full crawl completed just now: nothing is due; only the request makes it crawl.
    const cli = await runCli("crawl.ts", ["--quiet"], env(db, FAST_ENV));
    expect(cli.code).toBe(0);
    const p = startScheduler(env(db, { CRAWL_SCHEDULE: "15 0 * * *" }));
    await waitFor(() => readDb(db, (s) => (s.prepare("SELECT state FROM schedulers").get() as { state: string } | undefined)?.state) === "idle", "idle");
    const sqlite = openSqlite(db);
    const id = enqueueRequest(sqlite, "full", "cli");
    sqlite.close();
    await waitFor(() => completed(db).length === 2, "the requested crawl completed");
    await stop(p);
    expect(p.output()).toMatch(/starting a full crawl \(requested\)/);
    expect(readDb(db, (s) => s.prepare("SELECT status, crawl_id AS crawlId, source FROM crawl_requests WHERE id = ?").get(id))).toEqual({ status: "started", crawlId: 2, source: "cli" });
  });
});

describe("retention", () => {
  test("with SNAPSHOT_RETENTION_DAYS the scheduler thins old snapshots after a completed full crawl", async () => {
    const small = await startFakeHub({ models: 600, seed: 71, day: "2026-09-01", rateLimit: false });
    try {
      const db = newDb("retention");
      const sqlite = openSqlite(db);
      // Three weeks of daily crawls, run now but dated on their days (the test cannot wait weeks).
      for (let d = 0; d < 21; d++) {
        const day = addDays("2026-09-01", d);
        small.setDay(day);
        const s = await runCrawl({ sqlite, hubUrl: small.url, fetch: { backoffBaseMs: 5 } });
        expect(s.status).toBe("completed");
        const at = parseDay(day) + 15 * 60_000;
        sqlite.prepare("UPDATE crawls SET started_at = ?, finished_at = ? WHERE id = ?").run(at, at + 60_000, s.crawlId);
      }
      const before = (sqlite.prepare("SELECT count(*) AS n FROM model_snapshots").get() as { n: number }).n;
      sqlite.close();
      small.setDay("2026-09-22");
      const p = startScheduler({ DATABASE_PATH: db, HF_ENDPOINT: small.url, SNAPSHOT_RETENTION_DAYS: "7" });
      await waitFor(() => /retention: [\d,]+ snapshots thinned/.test(p.output()), "the retention pass");
      await stop(p);
      expect(p.output()).toMatch(/starting a full crawl \(catch-up\)/);
      const after = readDb(db, (s) => (s.prepare("SELECT count(*) AS n FROM model_snapshots").get() as { n: number }).n)!;
      const thinned = Number(/retention: ([\d,]+) snapshots thinned/.exec(p.output())![1].replace(/,/g, ""));
      const newRows = readDb(db, (s) => (s.prepare("SELECT count(*) AS n FROM model_snapshots WHERE crawl_id = 22").get() as { n: number }).n)!;
      expect(thinned).toBeGreaterThan(0);
      expect(after).toBe(before + newRows - thinned);
    } finally {
      await small.close();
    }
  });
});

describe("command line", () => {
  test("bad settings exit 2 with a message naming the variable; --next prints the cron's next runs", async () => {
    const bad = startScript("scheduler.ts", [], { CRAWL_SCHEDULE: "every day" });
    expect((await bad.exit).code).toBe(2);
    expect(bad.output()).toMatch(/CRAWL_SCHEDULE is not a valid cron pattern \("every day"\)/);
    const weak = startScript("scheduler.ts", [], { ADMIN_TOKEN: "short" });
    expect((await weak.exit).code).toBe(2);
    expect(weak.output()).toMatch(/ADMIN_TOKEN must be at least 16 characters \(the value is not shown\)/);
    expect(weak.output()).not.toContain("short\n");
    const before = Date.now();
    const next = startScript("scheduler.ts", ["--next", "3"], { CRAWL_SCHEDULE: "15 0 * * *", INCREMENTAL_SCHEDULE: "15 6,12,18 * * *" });
    expect((await next.exit).code).toBe(0);
    const after = Date.now();
    const printed = next.output().match(/\d{4}-\d\d-\d\dT[\d:.]+Z/g)!;
    const runs = (from: number) => [
      ...parseSchedule("15 0 * * *").nextRuns(3, from), ...parseSchedule("15 6,12,18 * * *").nextRuns(3, from),
    ].map((d) => d.toISOString());
    expect([runs(before), runs(after)]).toContainEqual(printed);
  });
});
