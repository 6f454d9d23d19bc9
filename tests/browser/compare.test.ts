/**
 * The compare behaviour in real Chromium, on a fake Hub with a known answer (tests/helpers/seeded.ts
 * KNOWN_HUB: PyTorch overtakes TensorFlow in new models in March 2025; a constant download rate):
 * the default overview draws exactly the two picked series, the crossover mark and the headline
 * name the generator's month, hidden series survive a reload, downloads per day stay flat when
 * crawls go from weekly to daily, and crawl charts use a real time axis. Screenshots in light, dark
 * and 390 px are kept as artifacts.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { BUILD_TIMEOUT_MS, ROOT, startNextServer, type NextServer } from "../helpers/next-server";
import { KNOWN_CROSSOVER_MONTH, KNOWN_HUB, seededDb } from "../helpers/seeded";

const T = 240_000;
const ARTIFACTS = path.join(ROOT, "tests", "artifacts", "compare");
let server: NextServer;
let browser: BrowserContext;
const pageErrors: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const { file } = await seededDb(KNOWN_HUB);
  server = await startNextServer({ DATABASE_PATH: file });
  browser = await launchBrowser();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(url: string, ctx: BrowserContext = browser): Promise<Page> {
  const page = await ctx.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${url}: ${String(e)}`));
  await page.goto(`${server.url}${url}`, { waitUntil: "load" });
  await page.waitForFunction(() => {
    const boxes = [...document.querySelectorAll('[data-testid="chart-box"]')];
    return boxes.length > 0 && boxes.every((b) => b.querySelector("canvas") && !b.querySelector('[data-testid="chart-loading"]'));
  }, undefined, { timeout: 120_000 });
  return page;
}

async function mainBox(page: Page) {
  const box = page.locator('#chart-main [data-testid="chart-box"]');
  return {
    series: JSON.parse((await box.getAttribute("data-series")) ?? "[]") as string[],
    crossover: await box.getAttribute("data-crossover"),
    crossoverLabel: await box.getAttribute("data-crossover-label"),
    axis: await box.getAttribute("data-x-axis"),
  };
}

describe("compare: what was picked, and when one overtook the other", () => {
  test("the default overview draws exactly PyTorch and TensorFlow, marks the generator's crossover month, and the headline says it", async () => {
    const page = await open("/");
    const m = await mainBox(page);
    expect(m.series).toEqual(["pytorch", "tensorflow"]);
    expect(m.crossover).toBe(`${KNOWN_CROSSOVER_MONTH}-01`);
    expect(m.crossoverLabel).toBe("March 2025");
    const headline = await page.locator('[data-testid="headline"]').textContent();
    expect(headline).toContain("PyTorch overtook TensorFlow in new models in March 2025 and has stayed ahead.");
    // The API answers the same default.
    const api = (await (await fetch(`${server.url}/api/trends`)).json()) as { main: { series: { id: string }[]; crossover: { x: string } } };
    expect(api.main.series.map((s) => s.id)).toEqual(["pytorch", "tensorflow"]);
    expect(api.main.crossover.x).toBe(`${KNOWN_CROSSOVER_MONTH}-01`);
    await page.screenshot({ path: path.join(ARTIFACTS, "overview-crossover.png") });
    await page.close();
  }, T);

  test("a hidden series is in the URL and survives a reload; Other is opt-in through the URL", async () => {
    const page = await open("/");
    await page.locator('#chart-main [data-testid="legend-item"][data-series-id="tensorflow"]').click();
    await page.waitForURL(/hide=tensorflow/);
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction(() => document.querySelector('#chart-main [data-testid="legend-item"][data-series-id="tensorflow"]')?.getAttribute("aria-pressed") === "false");
    expect((await mainBox(page)).series).toEqual(["pytorch"]);
    await page.close();
    const withOther = await open("/?buckets=other");
    expect((await mainBox(withOther)).series).toEqual(["pytorch", "tensorflow", "other"]);
    await withOther.close();
  }, T);

  test("downloads per day between crawls stay flat from weekly to daily crawls, on a time axis", async () => {
    const page = await open("/?lens=downloads&buckets=other,none");
    const m = await mainBox(page);
    expect(m.axis).toBe("time");
    const api = (await (await fetch(`${server.url}/api/trends?lens=downloads&buckets=other,none`)).json()) as { main: { x: string[]; xDates: string[]; series: { values: (number | null)[] }[] } };
    const total = api.main.x.map((_, i) => api.main.series.reduce((t, s) => t + (s.values[i] ?? 0), 0));
    const weekly = total[total.length - 5];
    const daily = total[total.length - 1];
    expect(Math.abs(daily - weekly) / weekly).toBeLessThan(0.05);
    // Real spacing: a week between the weekly crawls, a day between the daily ones.
    const gap = (i: number) => (Date.parse(api.main.xDates[i]) - Date.parse(api.main.xDates[i - 1])) / 86_400_000;
    expect(Math.round(gap(total.length - 5))).toBe(7);
    expect(Math.round(gap(total.length - 1))).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "downloads-per-day.png") });
    await page.close();
  }, T);

  test("the exclusive lens shows only A, only B and both by default; Neither is opt-in", async () => {
    const page = await open("/?lens=exclusive&mode=share");
    expect((await mainBox(page)).series).toEqual(["only:pytorch", "only:tensorflow", "both"]);
    await page.close();
  }, T);

  test("light, dark and 390 px screenshots of the compare views; nothing wider than the phone", async () => {
    for (const [scheme, viewport, suffix] of [
      ["light", { width: 1400, height: 1000 }, "light"],
      ["dark", { width: 1400, height: 1000 }, "dark"],
      ["light", { width: 390, height: 844 }, "narrow"],
    ] as const) {
      const ctx = await launchBrowser({ colorScheme: scheme, viewport });
      for (const [name, url] of [["overview", "/"], ["framework-jax", "/frameworks/jax"], ["downloads", "/?lens=downloads"], ["exclusive", "/?lens=exclusive&mode=share"]] as const) {
        const page = await open(url, ctx);
        if (suffix === "narrow") {
          const { sw, iw, widest } = await page.evaluate(() => {
            // The element reaching furthest right, named in the failure message.
            let widest = "";
            let right = window.innerWidth;
            const clipped = (el: Element) => {
              for (let p = el.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true;
              return false;
            };
            for (const el of document.querySelectorAll("body *")) {
              if (clipped(el)) continue;
              const r = el.getBoundingClientRect().right;
              if (r > right) { right = r; widest = `${el.tagName.toLowerCase()}.${(el.getAttribute("class") ?? "").split(" ").join(".")} (${Math.round(r)} px)`; }
            }
            return { sw: document.documentElement.scrollWidth, iw: window.innerWidth, widest };
          });
          expect(sw, `${url} at 390 px; widest: ${widest}`).toBeLessThanOrEqual(iw);
        }
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${suffix}.png`), fullPage: true });
        await page.close();
      }
      await ctx.close();
    }
    expect(pageErrors).toEqual([]);
  }, 10 * 60_000);
});
