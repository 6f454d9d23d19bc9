/**
 * The dashboard in real Chromium against `next start` on a database built through the real path
 * (fake Hub with its hostile repos, crawls across days, backfill, files pass). One build (shared,
 * cached: tests/helpers/next-server.ts), one server and one browser for this file.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { BUILD_TIMEOUT_MS, ROOT, startNextServer, type NextServer } from "../helpers/next-server";
import { seededDb } from "../helpers/seeded";
import { modelPath } from "../../lib/urls";
import { openSqlite } from "../../db/index";

/** Per test: a shared, noisy 2-core machine can make the first page and chart loads slow. */
const T = 240_000;
const ARTIFACTS = path.join(ROOT, "tests", "artifacts", "dashboard");
let server: NextServer;
let browser: BrowserContext;
let dbFile: string;
const dialogs: string[] = [];
const pageErrors: string[] = [];
let hostile: { repoId: string; author: string }[] = [];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const { file } = await seededDb();
  dbFile = file;
  const sqlite = openSqlite(file, { readonly: true, migrate: false });
  hostile = sqlite
    .prepare(
      `SELECT repo_id AS repoId, author FROM models
       WHERE instr(repo_id, '<') > 0 OR instr(repo_id, '"') > 0 OR instr(repo_id, '=') > 0 OR instr(repo_id, '+') > 0 OR instr(tags, '<svg') > 0`,
    )
    .all() as { repoId: string; author: string }[];
  sqlite.close();
  server = await startNextServer({ DATABASE_PATH: file });
  browser = await launchBrowser();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(url: string, opts: { page?: Page } = {}): Promise<Page> {
  const page = opts.page ?? (await browser.newPage());
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`${server.url}${url}`, { waitUntil: "load" });
  return page;
}

/** Waits until every chart card on the page has drawn its canvas (or shows its empty state). */
async function chartsReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const boxes = [...document.querySelectorAll('[data-testid="chart-box"]')];
    return boxes.length > 0 && boxes.every((b) => b.querySelector("canvas") && !b.querySelector('[data-testid="chart-loading"]'));
  }, undefined, { timeout: 120_000 });
}

function main(page: Page) {
  return page.locator("#chart-main");
}

async function mainState(page: Page) {
  const box = main(page).locator('[data-testid="chart-box"]');
  return {
    title: await main(page).locator("h2").textContent(),
    series: JSON.parse((await box.getAttribute("data-series")) ?? "[]") as string[],
    share: await box.getAttribute("data-share"),
    log: await box.getAttribute("data-log"),
    points: Number(await box.getAttribute("data-points")),
  };
}

async function download(page: Page, card: ReturnType<typeof main>, item: string): Promise<Buffer> {
  await card.locator('[data-testid="card-menu"]').click();
  const [dl] = await Promise.all([page.waitForEvent("download"), card.locator(`[data-testid="${item}"]`).click()]);
  const file = await dl.path();
  return fs.readFileSync(file!);
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n") { row.push(cell.replace(/\r$/, "")); rows.push(row); row = []; cell = ""; }
    else cell += c;
  }
  return rows;
}

describe("overview", () => {
  test("renders the headline, the main chart, the cards and the stats table with data", async () => {
    const page = await open("/");
    await chartsReady(page);
    await expect(page.locator('[data-testid="headline"]').textContent()).resolves.toMatch(/Of the [\d,]+ models/);
    const s = await mainState(page);
    expect(s.points).toBeGreaterThan(12);
    // Exactly the picked frameworks (default PyTorch and TensorFlow): Other and none are opt-in series.
    expect(s.series).toEqual(["pytorch", "tensorflow"]);
    expect(await page.locator('[data-testid="chart-card"]').count()).toBeGreaterThanOrEqual(9);
    // chart.js drew something: the canvas is not blank.
    const painted = await main(page).locator("canvas").evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    });
    expect(painted).toBeGreaterThan(3);
    // The stats table always has the buckets: PyTorch, TensorFlow, Other, none, and the total.
    await expect(page.locator('[data-table="stats"] tbody tr').count()).resolves.toBe(5);
    await expect(page.locator('[data-testid="data-as-of"]').textContent()).resolves.toMatch(/Data as of 27 Nov 2026/);
    await page.close();
  }, T);

  test("share, log and cumulative toggles change the URL and the chart; back restores; a copied URL restores the view", async () => {
    const page = await open("/");
    await chartsReady(page);
    const before = await mainState(page);

    await page.locator('[data-testid="mode-share"]').click();
    await page.waitForURL(/mode=share/);
    await page.waitForFunction(() => document.querySelector('#chart-main [data-testid="chart-box"]')?.getAttribute("data-share") === "true");
    const share = await mainState(page);
    expect(share.title).toMatch(/Share of new models/);
    expect(await page.locator('[data-testid="toggle-log"]').isDisabled()).toBe(true);

    await page.locator('[data-testid="mode-absolute"]').click();
    await page.waitForURL((u) => !u.search.includes("mode=share"));
    await page.locator('[data-testid="toggle-log"]').click();
    await page.waitForURL(/scale=log/);
    await page.waitForFunction(() => document.querySelector('#chart-main [data-testid="chart-box"]')?.getAttribute("data-log") === "true");

    await page.locator('[data-testid="toggle-cumulative"]').click();
    await page.waitForURL(/view=cumulative/);
    await page.waitForFunction(() => /cumulative/.test(document.querySelector("#chart-main h2")?.textContent ?? ""));
    const cum = await mainState(page);
    expect(cum.log).toBe("true");
    await chartsReady(page);
    await page.screenshot({ path: path.join(ARTIFACTS, "overview-cumulative-log.png"), fullPage: false });

    // A copied URL restores the same view in a fresh page.
    const copied = page.url();
    const other = await open(copied.replace(server.url, ""));
    await chartsReady(other);
    expect(await mainState(other)).toEqual(cum);
    await other.close();

    // Back: one step per change.
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes("view=cumulative") && u.search.includes("scale=log"));
    await page.waitForFunction(() => !/cumulative/.test(document.querySelector("#chart-main h2")?.textContent ?? ""));
    expect((await mainState(page)).title).toBe(before.title);
    await page.close();
  }, T);

  test("CSV export holds exactly the plotted numbers; a legend click hides a series and the export follows", async () => {
    const page = await open("/?lens=downloads&mode=share&frameworks=pytorch,tensorflow,gguf");
    await chartsReady(page);
    const api = (await (await fetch(`${server.url}/api/trends?lens=downloads&mode=share&frameworks=pytorch,tensorflow,gguf`)).json()) as {
      main: { x: string[]; series: { id: string; label: string; values: (number | null)[] }[] };
    };
    const csv = parseCsv((await download(page, main(page), "export-csv")).toString("utf8"));
    expect(csv[0]).toEqual(["crawl_id", "crawl", ...api.main.series.map((s) => `${s.label} (%)`)]);
    expect(csv.length - 1).toBe(api.main.x.length);
    csv.slice(1).forEach((row, i) => {
      expect(row[0]).toBe(api.main.x[i]);
      api.main.series.forEach((s, j) => expect(row[2 + j]).toBe(s.values[i] === null ? "" : String(s.values[i])));
    });

    const legend = main(page).locator('[data-testid="legend-item"][data-series-id="tensorflow"]');
    await legend.click();
    await page.waitForFunction(() => document.querySelector('#chart-main [data-testid="legend-item"][data-series-id="tensorflow"]')?.getAttribute("aria-pressed") === "false");
    expect((await mainState(page)).series).not.toContain("tensorflow");
    const after = parseCsv((await download(page, main(page), "export-csv")).toString("utf8"));
    expect(after[0]).not.toContain("TensorFlow (%)");
    expect(after[0].length).toBe(csv[0].length - 1);
    await legend.click();
    await page.waitForFunction(() => document.querySelector('#chart-main [data-testid="legend-item"][data-series-id="tensorflow"]')?.getAttribute("aria-pressed") === "true");
    expect((await mainState(page)).series).toContain("tensorflow");

    const json = JSON.parse((await download(page, main(page), "export-json")).toString("utf8")) as { series: { id: string }[]; x: string[] };
    expect(json.series.map((s) => s.id)).toEqual(api.main.series.map((s) => s.id));
    expect(json.x).toEqual(api.main.x);
    await page.close();
  }, T);

  test("PNG export is a real image of the chart", async () => {
    const page = await open("/");
    await chartsReady(page);
    const png = await download(page, main(page), "export-png");
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(png.length).toBeGreaterThan(5_000);
    await page.close();
  }, T);

  test("a bad parameter shows the page with the valid rest and a banner naming it; the API answers 400 naming it", async () => {
    const page = await open("/?granularity=day&frameworks=pytorch,jax");
    const msg = await page.locator('[data-testid="bad-query"]').textContent();
    expect(msg).toContain("granularity");
    expect(msg).toContain("week, month, quarter");
    // Not an error page: the charts render the valid part of the view.
    await chartsReady(page);
    expect((await mainState(page)).series).toEqual(["pytorch", "jax"]);
    await page.screenshot({ path: path.join(ARTIFACTS, "bad-query.png") });
    await page.close();
    for (const q of ["granularity=day", "bogus=1", "from=2024-13-01", "mode=share&scale=log"]) {
      const res = await fetch(`${server.url}/api/trends?${q}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { param: string; message: string } };
      expect(q.startsWith(body.error.param) || q.includes(`${body.error.param}=`)).toBe(true);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|node_modules/);
    }
    // Junk never makes a 500 or a stack trace, on any endpoint.
    const junk = ["frameworks=%00", "author=" + "%E2%80%AE".repeat(300), "q=%3Cscript%3E&q=x", "to=9999-99-99", "lens=exclusive&frameworks=gguf", "task=a%0Ab"];
    for (const ep of ["/api/trends", "/api/frameworks", "/api/frameworks/pytorch", "/api/models", "/api/models/a/b"]) {
      for (const q of junk) {
        const res = await fetch(`${server.url}${ep}?${q}`);
        expect(res.status, `${ep}?${q}`).toBe(400);
        expect(((await res.json()) as { error: { param: string } }).error.param).toBeTruthy();
      }
    }
    expect((await fetch(`${server.url}/api/frameworks/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/models/nobody/nothing`)).status).toBe(404);
    const ok = await fetch(`${server.url}/api/frameworks`);
    const etag = ok.headers.get("etag");
    expect(etag).toBeTruthy();
    expect((await fetch(`${server.url}/api/frameworks`, { headers: { "if-none-match": etag! } })).status).toBe(304);
  }, T);

  test("a page and its API route return the same charts (one view feeds both)", async () => {
    const pairs: [string, string, (body: Record<string, unknown>) => unknown[]][] = [
      ["/?granularity=quarter", "/api/trends?granularity=quarter", (b) => [b.main, ...(b.charts as unknown[])]],
      ["/frameworks/pytorch?mode=share", "/api/frameworks/pytorch?mode=share", (b) => [b.trend, b.share, b.downloads]],
    ];
    for (const [pageUrl, apiUrl, chartsOf] of pairs) {
      const page = await open(pageUrl);
      await chartsReady(page);
      const shown = await page.locator('[data-testid="chart-card"]').evaluateAll((els) => els.map((e) => [e.getAttribute("data-chart"), e.querySelector("h2")?.textContent ?? ""]));
      await page.close();
      const body = (await (await fetch(`${server.url}${apiUrl}`)).json()) as Record<string, unknown>;
      const served = chartsOf(body).map((c) => [(c as { id: string }).id, (c as { title: string }).title]);
      expect(served, apiUrl).toEqual(shown);
    }
  }, T);
});

describe("hostile repo ids, authors and tags stay inert text", () => {
  test("model pages, search, the author-filtered overview, tooltips and exports", async () => {
    expect(hostile.length).toBeGreaterThanOrEqual(4);
    for (const h of hostile) {
      const page = await open(modelPath(h.repoId));
      expect(await page.locator('[data-testid="model-id"]').textContent()).toBe(h.repoId);
      await chartsReady(page);
      await page.locator("canvas").first().hover({ position: { x: 200, y: 120 } });
      // Hub text never becomes markup: no injected element, no inline handler anywhere.
      expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], b').length)).toBe(0);
      await page.close();
    }
    const tagged = hostile.find((h) => h.repoId.startsWith("tag-injector/"));
    if (tagged) {
      const page = await open(modelPath(tagged.repoId));
      const tags = await page.locator('[data-testid="model-tags"]').textContent();
      expect(tags).toContain('"><svg onload=alert(1)>');
      expect(tags).toContain("<b>bold</b>");
      expect(await page.locator('[data-testid="model-tags"] b, [data-testid="model-tags"] svg').count()).toBe(0);
      await page.close();
    }
    const xss = hostile.find((h) => h.author.startsWith("<script>"));
    if (xss) {
      const search = await open(`/models?q=${encodeURIComponent("<script>")}`);
      expect(await search.locator('[data-testid="search-results"]').textContent()).toContain(xss.repoId);
      await search.screenshot({ path: path.join(ARTIFACTS, "search-hostile.png"), fullPage: true });
      await search.close();
      const page = await open(`/?author=${encodeURIComponent(xss.author)}`);
      await chartsReady(page);
      expect(await page.locator('[data-testid="headline"]').textContent()).toContain(xss.author);
      const box = await main(page).locator("canvas").boundingBox();
      await page.mouse.move(box!.x + box!.width * 0.8, box!.y + box!.height * 0.5);
      const csv = (await download(page, page.locator('[data-table="stats"]'), "export-csv")).toString("utf8");
      expect(csv).toContain("PyTorch");
      expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]').length)).toBe(0);
      await page.close();
    }
    expect(dialogs).toEqual([]);
  }, T);

  test("a renamed model's old URL redirects to its new one", async () => {
    const sqlite = openSqlite(dbFile, { readonly: true, migrate: false });
    const r = sqlite.prepare("SELECT old_repo_id AS old, new_repo_id AS neu FROM model_renames LIMIT 1").get() as { old: string; neu: string } | undefined;
    sqlite.close();
    expect(r).toBeDefined();
    const page = await open(modelPath(r!.old));
    expect(new URL(page.url()).pathname).toBe(modelPath(r!.neu).replace(/'/g, "%27").replace(/\(/g, "(").replace(/\)/g, ")"));
    expect(await page.locator('[data-testid="model-id"]').textContent()).toBe(r!.neu);
    await page.close();
    const api = await fetch(`${server.url}/api${modelPath(r!.old)}`, { redirect: "manual" });
    expect(api.status).toBe(308);
  }, T);
});

describe("framework lens (basis)", () => {
  test("framework is the default; Count by switches to the weight-file tags, relabelled; safetensors is no framework", async () => {
    // The none bucket is an opt-in series on the chart (buckets=none); its label follows the lens.
    const page = await open("/?buckets=none");
    await chartsReady(page);
    const headline = async () => (await page.locator('[data-testid="headline"]').textContent()) ?? "";
    await expect(headline()).resolves.toMatch(/% are for PyTorch and [\d.<]+% for TensorFlow.*% are undetermined/);
    const label = (id: string) => main(page).locator(`[data-testid="legend-item"][data-series-id="${id}"]`).textContent();
    await expect(label("pytorch")).resolves.toContain("PyTorch");
    await expect(label("none")).resolves.toContain("Undetermined");
    await page.locator('[data-testid="basis-tags"]').click();
    await page.waitForURL(/basis=tags/);
    await page.waitForFunction(() => /weight files/.test(document.querySelector('[data-testid="headline"]')?.textContent ?? ""));
    await chartsReady(page);
    await expect(label("pytorch")).resolves.toContain("`pytorch` tag: .bin / .pt weights");
    await expect(label("none")).resolves.toContain("No framework tag");
    await page.screenshot({ path: path.join(ARTIFACTS, "overview-basis-tags.png"), fullPage: false });
    await page.close();

    const tags = (await (await fetch(`${server.url}/api/trends?basis=tags&frameworks=pytorch,safetensors`)).json()) as { main: { series: { id: string; label: string }[] } };
    expect(tags.main.series.find((x) => x.id === "safetensors")!.label).toBe("safetensors: format, not a framework");
    const bad = await fetch(`${server.url}/api/trends?basis=framework&frameworks=safetensors`);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { param: string; message: string } };
    expect(body.error.param).toBe("frameworks");
    expect(body.error.message).toMatch(/not a framework/);
    const badPage = await open("/?frameworks=safetensors");
    await expect(badPage.locator("body").textContent()).resolves.toMatch(/frameworks.*not a framework/);
    await badPage.close();
  }, T);

  test("the methodology page lists the rules with live counts; a model page says which rule placed it", async () => {
    const page = await open("/methodology");
    // The gap to what the fake Hub's generator meant (lib/frameworks/truth-gap.ts, held by framework-truth.test.ts).
    await expect(page.locator('[data-testid="truth-gap"]').textContent()).resolves.toMatch(/equals the meant one for 92(\.\d+)?% of repos/);
    const row = page.locator('[data-testid="rules-table"] tr[data-rule="lib-pytorch-safetensors"]');
    await expect(row.locator("td").nth(3).textContent()).resolves.toMatch(/^[1-9][\d,]*$/);
    await expect(page.locator('[data-testid="undetermined-framework"]').textContent()).resolves.toMatch(/%/);
    await page.close();
    const sqlite = openSqlite(dbFile, { readonly: true, migrate: false });
    const repo = sqlite.prepare(`SELECT repo_id FROM models WHERE library_name = 'transformers' AND tags LIKE '%"safetensors"%' AND tags NOT LIKE '%"pytorch"%' AND tags NOT LIKE '%"mlx"%' AND gone_since_crawl IS NULL LIMIT 1`).pluck().get() as string;
    sqlite.close();
    const model = await open(modelPath(repo));
    await expect(model.locator('[data-testid="model-attribution"]').textContent()).resolves.toMatch(/PyTorch: library transformers \(built on PyTorch\) with safetensors weights \(rule lib-pytorch-safetensors\)/);
    await model.close();
  }, T);
});

describe("every page: light, dark and narrow screenshots", () => {
  test("pages render without errors in each theme and width", async () => {
    const sqlite = openSqlite(dbFile, { readonly: true, migrate: false });
    const top = (sqlite.prepare("SELECT m.repo_id AS r FROM rollup_top_models t JOIN models m ON m.id = t.model_id WHERE t.framework = 'all' AND t.measure = 'downloads' ORDER BY t.rank LIMIT 1").get() as { r: string }).r;
    sqlite.close();
    const pages: [string, string][] = [
      ["overview", "/"],
      ["frameworks", "/frameworks"],
      ["framework-pytorch", "/frameworks/pytorch"],
      ["models", "/models"],
      ["search", `/models?q=${encodeURIComponent(top.slice(0, 3))}`],
      ["model", modelPath(top)],
      ["methodology", "/methodology"],
      ["crawls", "/crawls"],
    ];
    for (const [scheme, viewport, suffix] of [
      ["light", { width: 1400, height: 1000 }, "light"],
      ["dark", { width: 1400, height: 1000 }, "dark"],
      ["light", { width: 390, height: 844 }, "narrow"],
    ] as const) {
      const ctx = await launchBrowser({ colorScheme: scheme, viewport });
      for (const [name, url] of pages) {
        const page = await ctx.newPage();
        page.on("pageerror", (e) => pageErrors.push(`${url}: ${String(e)}`));
        page.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });
        const res = await page.goto(`${server.url}${url}`, { waitUntil: "load" });
        expect(res?.status(), url).toBe(200);
        if (await page.locator('[data-testid="chart-box"]').count()) {
          await chartsReady(page).catch((err: Error) => {
            throw new Error(`${url} (${suffix}): ${err.message}`);
          });
        }
        if (suffix === "narrow") {
          // Nothing wider than a 390 px phone: no horizontal scrolling of the page.
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
          expect(sw, `${url} at 390 px: scrollWidth ${sw} > innerWidth ${iw}; widest: ${widest}`).toBeLessThanOrEqual(iw);
        }
        if (suffix === "dark") {
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          expect(bg).toBe("rgb(15, 18, 22)");
        }
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${suffix}.png`), fullPage: true });
        await page.close();
      }
      await ctx.close();
    }
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  }, 10 * 60_000);
});

describe("empty database", () => {
  test("every chart says no crawl has completed and what to do; nothing crashes", async () => {
    const { tempDir } = await import("../helpers/cli");
    const empty = await startNextServer({ DATABASE_PATH: path.join(tempDir("hf-trends-empty-"), "empty.db") });
    try {
      const page = await browser.newPage();
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      await page.goto(`${empty.url}/`, { waitUntil: "load" });
      // The crawl's figures (the runner's card, from another issue, says its own thing).
      const states = await page.locator('[data-testid="chart-card"] [data-testid="chart-empty"], [data-table="stats"] [data-testid="chart-empty"], [data-table="tasks"] [data-testid="chart-empty"]').allTextContents();
      expect(states.length).toBeGreaterThanOrEqual(9);
      for (const s of states) expect(s).toMatch(/No crawl has completed yet/);
      expect(await page.locator('[data-testid="headline"]').textContent()).toMatch(/No crawl has completed yet/);
      await page.screenshot({ path: path.join(ARTIFACTS, "overview-empty.png"), fullPage: true });
      for (const u of ["/frameworks", "/frameworks/gguf", "/models", "/methodology"]) {
        const res = await page.goto(`${empty.url}${u}`, { waitUntil: "load" });
        expect(res?.status(), u).toBe(200);
      }
      await page.close();
      expect(pageErrors).toEqual([]);
    } finally {
      await empty.stop();
    }
  }, T);
});
