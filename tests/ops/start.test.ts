/**
 * `npm start` (scripts/start.ts) as a real process tree: the scheduler and `next start` under the
 * supervisor. Without a reachable Hub it says so and suggests the demo instead of crashing; on an
 * empty database it crawls at once; a crashed scheduler is restarted and resumes; SIGTERM stops
 * both children gracefully; a supervisor killed outright does not leave orphans behind.
 */
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { pidAlive } from "../../lib/crawl/lock";
import fs from "node:fs";
import { launchBrowser } from "../helpers/browser";
import { tempDir } from "../helpers/cli";
import { BUILD_TIMEOUT_MS, buildApp, freePort, ROOT } from "../helpers/next-server";
import { expectedModels, storedModels } from "../helpers/stored";
import { openSqlite } from "../../db/index";
import { crawls, readDb, startScript, waitFor, type Proc } from "../helpers/scheduler-process";

const ARTIFACTS = path.join(ROOT, "tests", "artifacts", "crawls");
let hub: FakeHub;
beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await buildApp(); // npm start reuses this build (HF_TRENDS_DIST_DIR) instead of building its own
  hub = await startFakeHub({ models: 9_000, seed: 61, day: "2026-11-27", rateLimit: false });
}, BUILD_TIMEOUT_MS);
afterAll(() => hub?.close());

async function start(env: Record<string, string>): Promise<{ p: Proc; port: number; db: string }> {
  const port = await freePort();
  const db = path.join(tempDir("hf-trends-start-"), "start.db");
  const p = startScript("start.ts", [], { DATABASE_PATH: db, PORT: String(port), HF_TRENDS_DIST_DIR: ".next-test", ...env });
  return { p, port, db };
}

const schedulerRow = (db: string) =>
  readDb(db, (s) => s.prepare("SELECT pid, state FROM schedulers ORDER BY id DESC LIMIT 1").get() as { pid: number; state: string } | undefined);

describe("npm start", () => {
  test("with the Hub unreachable it says so, suggests npm run demo, serves the dashboard, and stops cleanly on SIGTERM", async () => {
    const closed = await freePort();
    const { p, port, db } = await start({ HF_ENDPOINT: `http://127.0.0.1:${closed}` });
    await waitFor(() => p.output().includes(`dashboard on http://127.0.0.1:${port}`) && /cannot reach the Hub/.test(p.output()), "the dashboard and the Hub message", 180_000);
    expect(p.output()).toMatch(/\[scheduler\] .*cannot reach the Hub at http:\/\/127\.0\.0\.1:\d+ .*`npm run demo` shows the dashboard on a generated Hub/);
    await waitFor(() => p.output().includes("[web]") && /Ready/.test(p.output()), "next start ready", 60_000);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(503);
    // HOST defaults to loopback: the machine's other addresses do not answer.
    const outside = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal);
    if (outside) await expect(fetch(`http://${outside.address}:${port}/api/health`, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
    expect(await health.json()).toMatchObject({ status: "no-data", scheduler: { state: "hub-unreachable", alive: true } });
    const page = await (await fetch(`http://127.0.0.1:${port}/crawls`)).text();
    expect(page).toContain("The Hub cannot be reached.");
    expect(page).toContain("npm run demo");
    const browser = await launchBrowser();
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${port}/crawls`);
    await tab.locator('[data-testid="hub-unreachable"]').waitFor();
    await tab.screenshot({ path: path.join(ARTIFACTS, "crawls-hub-unreachable-light.png"), fullPage: true });
    await browser.close();
    const scheduler = schedulerRow(db)!;
    p.child.kill("SIGTERM");
    expect((await p.exit).code, p.output()).toBe(0);
    expect(p.output()).toMatch(/hf-trends: scheduler stopped/);
    expect(p.output()).toMatch(/hf-trends: web stopped/);
    expect(pidAlive(scheduler.pid)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  }, 240_000);

  test("crawls at once on an empty database; a crashed scheduler is restarted and resumes; SIGTERM interrupts the crawl gracefully", async () => {
    hub.setFaults({ slowPageMs: 400 });
    const { p, db } = await start({ HF_ENDPOINT: hub.url });
    const pages = () => readDb(db, (s) => (s.prepare("SELECT pages FROM crawls WHERE id = 1").get() as { pages: number } | undefined)?.pages ?? 0) ?? 0;
    await waitFor(() => pages() >= 2, "the first crawl's pages", 180_000);
    const first = schedulerRow(db)!;
    process.kill(first.pid, "SIGKILL");
    await waitFor(() => {
      const r = schedulerRow(db);
      return !!r && r.pid !== first.pid && pages() >= 4;
    }, "a restarted scheduler resuming the crawl", 120_000);
    expect(p.output()).toMatch(/hf-trends: scheduler exited \(SIGKILL\); restarting in 1 s/);
    expect(p.output()).toMatch(/resuming full crawl #1/);
    hub.setFaults({ slowPageMs: 5_000 }); // the crawl is surely still running when SIGTERM arrives
    p.child.kill("SIGTERM");
    expect((await p.exit).code, p.output()).toBe(0);
    hub.setFaults({});
    const c = crawls(db);
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ id: 1, kind: "full", status: "interrupted", resumes: 1 });
    expect(c[0].models).toBe(c[0].pages * 1000);
    expect(schedulerRow(db)?.state).toBe("stopped");
  }, 240_000);

  test("killed outright (SIGKILL), it leaves no orphan: the children notice and stop gracefully", async () => {
    // A Hub of its own with slow pages: its crawl (30 pages of a second) is still running when the
    // dashboard is ready and the supervisor is killed.
    const big = await startFakeHub({ models: 30_000, seed: 62, day: "2026-11-27", rateLimit: false, faults: { slowPageMs: 1_000 } });
    const { p, db, port } = await start({ HF_ENDPOINT: big.url });
    await waitFor(() => /\[web\].*Ready/.test(p.output()), "next start ready", 180_000);
    await waitFor(() => (readDb(db, (s) => (s.prepare("SELECT pages FROM crawls WHERE id = 1").get() as { pages: number } | undefined)?.pages) ?? 0) >= 2, "the first crawl's pages", 180_000);
    const scheduler = schedulerRow(db)!;
    p.child.kill("SIGKILL");
    await p.exit;
    await waitFor(() => !pidAlive(scheduler.pid), "the orphaned scheduler to stop", 60_000);
    // The orphaned web server let go of its port too.
    for (let i = 0; ; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(() => true, () => false);
      if (!up) break;
      expect(i, "the orphaned web server is still answering").toBeLessThan(300);
      await new Promise((r) => setTimeout(r, 100));
    }
    big.setFaults({});
    expect(crawls(db)[0]).toMatchObject({ status: "interrupted" });
    expect(schedulerRow(db)?.state).toBe("stopped");
    // The next start resumes the crawl and completes it with the exact model set.
    const again = startScript("scheduler.ts", [], { DATABASE_PATH: db, HF_ENDPOINT: big.url });
    await waitFor(() => crawls(db)[0]?.status === "completed", "the resumed crawl completed", 120_000);
    again.child.kill("SIGTERM");
    await again.exit;
    expect(storedModels(openSqlite(db))).toEqual(expectedModels(big.truth()));
    await big.close();
  }, 240_000);

  test("a bad setting exits 2 before anything starts", async () => {
    const { p } = await start({ CRAWL_SCHEDULE: "61 * * * *" });
    expect((await p.exit).code).toBe(2);
    expect(p.output()).toMatch(/CRAWL_SCHEDULE is not a valid cron pattern/);
    const { p: q } = await start({ PORT: "http" });
    expect((await q.exit).code).toBe(2);
    expect(q.output()).toMatch(/PORT must be 1\.\.65535/);
  });
});
