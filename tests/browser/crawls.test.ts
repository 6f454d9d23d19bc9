/**
 * The crawl monitor in real Chromium, against `next start` of the built app and a real scheduler
 * process crawling the fake Hub over loopback: live progress of the first crawl on an empty
 * database, "crawl now" (401 / 200, then the scheduler runs it), the dashboard's API answering
 * throughout a crawl, the next run equal to the cron's, health going stale, no secret anywhere.
 * Screenshots (light, dark, narrow) go to tests/artifacts/crawls/.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { openSqlite } from "../../db/index";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { parseSchedule } from "../../lib/cron";
import { launchBrowser } from "../helpers/browser";
import { tempDir } from "../helpers/cli";
import { BUILD_TIMEOUT_MS, ROOT, startNextServer, type NextServer } from "../helpers/next-server";
import { expectedModels, storedModels } from "../helpers/stored";
import { crawls, readDb, startScheduler, stop, waitFor, type Proc } from "../helpers/scheduler-process";

const ARTIFACTS = path.join(ROOT, "tests", "artifacts", "crawls");
const PATTERN = "15 0 * * *";
const HF_SECRET = "hf_BrowserTestSecret0123456789";
const ADMIN = "admin-token-for-the-browser-test";

let hub: FakeHub;
let db: string;
let server: NextServer;
let scheduler: Proc;
let browser: BrowserContext;
const pageErrors: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  hub = await startFakeHub({ models: 40_000, seed: 51, day: "2026-11-27", rateLimit: false });
  hub.setFaults({ slowPageMs: 400 }); // the first crawl runs long enough to be watched
  db = path.join(tempDir("hf-trends-monitor-"), "monitor.db");
  openSqlite(db).close();
  const shared = { DATABASE_PATH: db, HF_ENDPOINT: hub.url, HF_TOKEN: HF_SECRET, CRAWL_SCHEDULE: PATTERN, INCREMENTAL_SCHEDULE: "off" };
  server = await startNextServer({ ...shared, ADMIN_TOKEN: ADMIN });
  scheduler = startScheduler(shared);
  browser = await launchBrowser();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  if (scheduler) await stop(scheduler);
  await server?.stop();
  await hub?.close();
});

async function open(url: string, ctx: BrowserContext = browser): Promise<Page> {
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${url}: ${String(e)}`));
  const res = await page.goto(`${server.url}${url}`, { waitUntil: "load" });
  expect(res?.status(), url).toBe(200);
  return page;
}

const liveModels = async (page: Page) => Number(await page.locator('[data-testid="live-crawl"]').getAttribute("data-models"));
const completed = () => crawls(db).filter((c) => c.status === "completed");

describe("the crawl monitor", () => {
  test("on an empty database the first crawl starts at once and /crawls shows its progress live", async () => {
    const page = await open("/crawls");
    await page.locator('[data-testid="live-crawl"]').waitFor({ timeout: 60_000 });
    // Slower pages from here: the crawl is still running through the screenshots below.
    hub.setFaults({ slowPageMs: 1_500 });
    const first = await liveModels(page);
    // Polled, not reloaded: the count rises on the same page while the crawl writes.
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="live-crawl"]')?.getAttribute("data-models")) > n,
      first,
      { timeout: 60_000 },
    );
    const live = page.locator('[data-testid="live-crawl"]');
    expect(await live.getAttribute("data-crawl-id")).toBe("1");
    await expect.poll(() => live.textContent()).toMatch(/Crawl #1 · full/);
    expect(await live.textContent()).toMatch(/run by the scheduler/);
    expect(await live.textContent()).toMatch(/Models\/s/);
    expect(await page.locator('[role="progressbar"]').count()).toBe(1);
    expect(await page.locator('[data-testid="scheduler-state"]').getAttribute("data-state")).toBe("crawling");
    expect(await page.locator('[data-testid="crawl-row"]').first().getAttribute("data-status")).toBe("running");
    await page.screenshot({ path: path.join(ARTIFACTS, "crawls-running-light.png"), fullPage: true });
    await page.close();
    for (const [scheme, viewport, suffix] of [
      ["dark", { width: 1400, height: 1000 }, "dark"],
      ["light", { width: 390, height: 844 }, "narrow"],
    ] as const) {
      const ctx = await launchBrowser({ colorScheme: scheme, viewport });
      const p = await open("/crawls", ctx);
      await p.locator('[data-testid="live-panel"]').waitFor();
      if (suffix === "dark") expect(await p.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(15, 18, 22)");
      if (suffix === "narrow") expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await p.screenshot({ path: path.join(ARTIFACTS, `crawls-running-${suffix}.png`), fullPage: true });
      await ctx.close();
    }
    hub.setFaults({});
    await waitFor(() => completed().length === 1, "crawl #1 completed", 120_000);
    const sqlite = openSqlite(db, { readonly: true, migrate: false });
    expect(storedModels(sqlite)).toEqual(expectedModels(hub.truth()));
    sqlite.close();
  });

  test("crawl now: 401 without or with a wrong token, accepted from the page with ADMIN_TOKEN; the API answers throughout the crawl", async () => {
    const post = (auth?: string) =>
      fetch(`${server.url}/api/crawls/now`, { method: "POST", headers: auth ? { authorization: auth } : {}, body: "" });
    const none = await post();
    expect(none.status).toBe(401);
    const wrong = await post("Bearer not-the-admin-token-at-all");
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain(ADMIN);

    hub.setFaults({ slowPageMs: 100 }); // crawl #2 writes for a while: read throughout it
    const page = await open("/crawls");
    await page.locator('[data-testid="admin-token"]').fill(ADMIN);
    await page.getByRole("button", { name: "Crawl now" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 30_000 }).toMatch(/starts the full crawl within a few seconds/);
    await page.screenshot({ path: path.join(ARTIFACTS, "crawls-requested-light.png"), fullPage: true });

    const urls = ["/api/crawls", "/api/crawls/live", "/api/health", "/api/status", "/api/trends", "/api/frameworks", "/crawls"];
    const statuses = new Map<string, number[]>();
    let sawLive = false;
    let rounds = 0;
    let secondDone = false;
    while (!secondDone) {
      for (const u of urls) {
        const res = await fetch(`${server.url}${u}`);
        const body = await res.text();
        statuses.set(u, [...(statuses.get(u) ?? []), res.status]);
        expect(body, u).not.toMatch(/SQLITE_BUSY|database is locked/);
        if (u === "/api/crawls/live" && (JSON.parse(body) as { live: { id: number } | null }).live?.id === 2) sawLive = true;
      }
      rounds++;
      secondDone = completed().length === 2;
      expect(rounds, "crawl #2 never completed").toBeLessThan(5_000);
    }
    hub.setFaults({});
    expect(sawLive).toBe(true);
    expect(rounds).toBeGreaterThan(3);
    // Every answer throughout: 200 (health too: the data of crawl #1 is fresh).
    for (const [u, s] of statuses) expect([...new Set(s)], u).toEqual([200]);
    expect(readDb(db, (s) => s.prepare("SELECT kind, source, status, crawl_id AS crawlId FROM crawl_requests").all())).toEqual([
      { kind: "full", source: "web", status: "started", crawlId: 2 },
    ]);
    // Rate-limited: a second trigger within the minute is refused.
    const again = await post(`Bearer ${ADMIN}`);
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toMatch(/^\d+$/);
    await page.close();
  });

  test("the next run shown is the cron's next time", async () => {
    const before = Date.now();
    const page = await open("/crawls");
    const shown = Date.parse((await page.locator('[data-testid="next-full"]').getAttribute("datetime"))!);
    const after = Date.now();
    const s = parseSchedule(PATTERN);
    expect([s.next(before).getTime(), s.next(after).getTime()]).toContain(shown);
    expect(await page.locator('[data-testid="next-full"]').textContent()).toBe(new Date(shown).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC"));
    await page.screenshot({ path: path.join(ARTIFACTS, "crawls-idle-light.png"), fullPage: true });
    await page.close();
  });

  test("/api/health: 200 while fresh, 503 once the last full crawl is older than the schedule allows", async () => {
    // Crawl #2 is marked completed before its process rebuilds the search index and returns to the
    // scheduler, which reports "crawling" until then: wait for it to be idle again.
    const state = async () => ((await (await fetch(`${server.url}/api/health`)).json()) as { scheduler: { state: string } }).scheduler.state;
    for (let i = 0; (await state()) !== "idle"; i++) {
      expect(i, "the scheduler never went idle after crawl #2").toBeLessThan(600);
      await new Promise((r) => setTimeout(r, 50));
    }
    const fresh = await fetch(`${server.url}/api/health`);
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toMatchObject({ status: "ok", lastFullCrawl: { id: 2 }, scheduler: { alive: true, state: "idle" }, schedule: { full: PATTERN } });
    const rw = openSqlite(db, { migrate: false });
    rw.prepare("UPDATE crawls SET started_at = started_at - 3 * 86400000, finished_at = finished_at - 3 * 86400000").run();
    try {
      const stale = await fetch(`${server.url}/api/health`);
      expect(stale.status).toBe(503);
      expect(stale.headers.get("cache-control")).toBe("no-store");
      expect(await stale.json()).toMatchObject({ status: "stale", httpStatus: 503 });
    } finally {
      rw.prepare("UPDATE crawls SET started_at = started_at + 3 * 86400000, finished_at = finished_at + 3 * 86400000").run();
      rw.close();
    }
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  test("neither HF_TOKEN nor ADMIN_TOKEN ever reaches a page or an answer", async () => {
    for (const u of ["/crawls", "/api/crawls", "/api/crawls/live", "/api/health", "/api/status"]) {
      const body = await (await fetch(`${server.url}${u}`)).text();
      expect(body, u).not.toContain(HF_SECRET);
      expect(body, u).not.toContain(ADMIN);
    }
    const page = await open("/crawls");
    expect(await page.content()).not.toContain(HF_SECRET);
    await page.close();
  });

  test("with the scheduler stopped the page says so, and crawl now answers 503", async () => {
    await stop(scheduler);
    const page = await open("/crawls");
    expect(await page.locator('[data-testid="scheduler-state"]').getAttribute("data-state")).toBe("not-running");
    expect(await page.locator('[data-testid="scheduler-missing"]').textContent()).toMatch(/npm start/);
    await page.close();
    const res = await fetch(`${server.url}/api/crawls/now`, { method: "POST", headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/no scheduler is running.*npm run crawl/);
    expect(pageErrors).toEqual([]);
  });
});
