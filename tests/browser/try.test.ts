/**
 * /try in real Chromium (Debian's, through playwright-core) against `next start` (the shared test
 * build) on a database crawled from the fake Hub with the runner fixtures mounted; the browser
 * downloads the model files from that fake Hub (HF_ENDPOINT, told to the page at request time).
 * Runs are forced to the wasm backend and the badge must say so (setBackend fails silently).
 * No timing is asserted: timings are only checked to be shown.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { openSqlite } from "../../db/index";
import { FIXTURE_AUTHOR, HOSTILE_LABEL } from "../../lib/fake-hub/runner-fixtures";
import { ONNX_FIXTURE_AUTHOR } from "../../lib/fake-hub/onnx-fixtures";
import { imageInputSize } from "../../lib/frameworks/model-json";
import { onnxImageInput } from "../../lib/frameworks/onnx-graph";
import { listRunnable, sampleRunnable } from "../../lib/runner/sample";
import { ortWasmSources, wasmSources } from "../../lib/runner/wasm-assets";
import { launchBrowser } from "../helpers/browser";
import { BUILD_TIMEOUT_MS, ROOT, TEST_BUILD, startNextServer, type NextServer } from "../helpers/next-server";
import { runnerWorld, type RunnerWorld } from "../helpers/runner-world";

const T = 240_000;
const ARTIFACTS = path.join(ROOT, "tests", "artifacts", "runner");
/** The server's token: it must never reach a browser. */
const TOKEN = "hf_runnerSecretToken42";
/** The runner fixtures the sample must show (both runtimes: the sample gives each about half). */
const WANTED = [
  ...["tiny-layers", "quantized-layers", "oversize"].map((n) => `${FIXTURE_AUTHOR}/${n}`),
  ...["onnx-image", "onnx-text"].map((n) => `${ONNX_FIXTURE_AUTHOR}/${n}`),
];

let world: RunnerWorld;
let server: NextServer;
let browser: BrowserContext;
/** A seed whose sample holds the WANTED fixtures (found with the page's own sampling code). */
let seed: string;
const pageErrors: string[] = [];
/** Every Content-Security-Policy violation any page reported (the browser's event and its console line). */
const cspViolations: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  world = await runnerWorld();
  const sqlite = openSqlite(world.db, { readonly: true, migrate: false });
  const all = listRunnable(sqlite);
  sqlite.close();
  for (let k = 0; k < 5_000 && !seed; k++) {
    const s = k.toString(36);
    const ids = sampleRunnable(all, s).map((m) => m.repoId);
    if (WANTED.every((w) => ids.includes(w))) seed = s;
  }
  if (!seed) throw new Error("no seed gives a sample with the fixtures");
  server = await startNextServer({
    DATABASE_PATH: world.db, HF_ENDPOINT: world.hub.url, HF_TOKEN: TOKEN, RUNNER_MAX_MB: "1", RUNNER_TIMEOUT_MS: "8000",
  });
  browser = await launchBrowser();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await world?.close();
});

async function open(url: string, opts: { colorScheme?: "light" | "dark"; width?: number } = {}): Promise<Page> {
  const page = await browser.newPage();
  if (opts.colorScheme) await page.emulateMedia({ colorScheme: opts.colorScheme });
  if (opts.width) await page.setViewportSize({ width: opts.width, height: 900 });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|compile|create|connect|apply)/i.test(m.text())) cspViolations.push(`${url}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${server.url}${url}`, { waitUntil: "load" });
  // On a loaded machine hydration can lag the load event; a click before it is lost.
  if (url.startsWith("/try")) await page.locator("[data-hydrated=true]").waitFor({ timeout: 120_000 });
  return page;
}

const row = (page: Page, repo: string) => page.locator(`[data-testid=sample-row][data-repo="${repo}"]`);
const panel = (page: Page) => page.locator("[data-testid=model-panel]");

/** Waits for the run to end: the model loaded, or an error, or the size question. */
async function settled(page: Page): Promise<string> {
  await page.waitForSelector(
    "[data-testid=model-panel][data-phase=loaded], [data-testid=model-panel][data-phase=error], [data-testid=model-panel][data-phase=confirm], [data-testid=model-panel][data-phase=cancelled]",
    { timeout: 120_000 },
  );
  return (await panel(page).getAttribute("data-phase"))!;
}

/** Runs a model from the sample's row, or (not in this sample) from the panel of the page opened on it. */
async function runFromSample(page: Page, repo: string): Promise<string> {
  if ((await row(page, repo).count()) === 0) {
    const u = new URL(page.url());
    u.searchParams.set("model", repo);
    await page.goto(u.toString(), { waitUntil: "load" });
    await page.locator("[data-hydrated=true]").waitFor({ timeout: 120_000 });
    await page.click("[data-testid=panel-run]");
    return settled(page);
  }
  await row(page, repo).locator("[data-testid=sample-run]").click();
  return settled(page);
}

async function outputValues(page: Page): Promise<number[]> {
  return JSON.parse((await page.locator("[data-testid=output-values]").first().getAttribute("data-values"))!) as number[];
}

function resultsInDb(): { repo: string; backend: string; outcome: string; format: string; task: string; load: number | null; first: number | null }[] {
  const sqlite = openSqlite(world.db, { readonly: true, migrate: false });
  try {
    return sqlite.prepare("SELECT repo_id AS repo, backend, outcome, format, task, load_ms AS load, first_ms AS first FROM runner_results ORDER BY id").all() as never;
  } finally {
    sqlite.close();
  }
}

/** The dashboard overview's runner table, as {row label: [runs, succeeded, success %]}. */
async function dashboardRates(): Promise<Record<string, [number, number, number]>> {
  const page = await open("/");
  const card = page.locator('[data-table="runner-success"]');
  await card.waitFor({ timeout: 60_000 });
  const out: Record<string, [number, number, number]> = {};
  for (const tr of await card.locator("tbody tr").all()) {
    const cells = await tr.locator("td").allTextContents();
    out[cells[0]] = [Number(cells[1].replace(/,/g, "")), Number(cells[2].replace(/,/g, "")), Number.parseFloat(cells[3])];
  }
  await page.close();
  return out;
}

/** A solid-colour PNG, encoded here (no image library): the picture a visitor uploads. */
function solidPng(w: number, h: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((1 + 3 * w) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rows.set(rgb, y * (1 + 3 * w) + 1 + 3 * x);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

describe("build: the runtimes only where they are run", () => {
  test("the tfjs, ONNX Runtime and tokenizer chunks are reachable from /try's code only, never in a page's initial load; the wasm files are served by the app", async () => {
    const dist = path.join(ROOT, TEST_BUILD.distDir);
    const chunksDir = path.join(dist, "static", "chunks");
    const chunks = fs.readdirSync(chunksDir).filter((f) => f.endsWith(".js"));
    const text = new Map(chunks.map((f) => [f, fs.readFileSync(path.join(chunksDir, f), "utf8")]));
    // Each runtime's code, by names its code carries: tfjs's kernel registry and backends; ONNX
    // Runtime Web's session and wasm loader; the tokenizer library's WordPiece / BPE models.
    const runtimes: Record<string, RegExp> = {
      tfjs: /tfjs-backend-wasm|registerKernel|MathBackendWebGL|MathBackendCPU/,
      // Not the bare word "onnxruntime": the framework rules name it as a library (library_name
      // onnxruntime -> ONNX), and every page that shows the lens carries that table.
      onnxruntime: /ort-wasm-simd-threaded|InferenceSession/,
      tokenizers: /BertPreTokenizer|WordPieceTokenizer|continuing_subword_prefix/,
    };
    // Initial chunks per route: the client reference manifests and the build manifest's root files.
    const manifests: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith("_client-reference-manifest.js")) manifests.push(p);
      }
    };
    walk(path.join(dist, "server", "app"));
    expect(manifests.some((m) => m.includes(`${path.sep}try${path.sep}`))).toBe(true);
    const build = fs.readFileSync(path.join(dist, "build-manifest.json"), "utf8");
    for (const [name, re] of Object.entries(runtimes)) {
      const own = chunks.filter((f) => re.test(text.get(f)!));
      expect(own.length, name).toBeGreaterThan(0);
      // Every chunk that can lead to one of the runtime's chunks (it names one, or names a chunk that does).
      const leads = new Set(own);
      for (let grew = true; grew;) {
        grew = false;
        for (const f of chunks) if (!leads.has(f) && [...leads].some((l) => text.get(f)!.includes(l))) {
          leads.add(f);
          grew = true;
        }
      }
      for (const t of own) expect(build.includes(t), `${name}: ${t} in build-manifest.json`).toBe(false);
      for (const m of manifests) {
        const s = fs.readFileSync(m, "utf8");
        const route = path.relative(path.join(dist, "server", "app"), m);
        // No route loads the runtime up front, /try included.
        for (const t of own) expect(s.includes(t), `${name}: ${t} in ${route}`).toBe(false);
        // Only /try's code can load it later.
        const reaches = [...leads].filter((l) => s.includes(l));
        if (route.startsWith(`try${path.sep}`)) expect(reaches.length, `${name}: ${route}`).toBeGreaterThan(0);
        else expect(reaches, `${name}: ${route}`).toEqual([]);
      }
    }
    // The .wasm binaries, from public/tfjs-wasm/ and public/ort-wasm/ (copied before every build), byte for byte.
    for (const [dir, sources] of [["tfjs-wasm", wasmSources(ROOT)], ["ort-wasm", ortWasmSources(ROOT)]] as const) {
      for (const src of sources) {
        const res = await fetch(`${server.url}/${dir}/${path.basename(src)}`);
        expect(res.status, path.basename(src)).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(src))).toBe(true);
      }
    }
  }, T);
});

describe("/try in Chromium", () => {
  test("the sample: the seed lands in the URL, the same seed draws the same models, another draw another; both runtimes; sizes are the weight bytes (quantized right); gated and non-runnable models are not offered", async () => {
    const page = await open("/try");
    const s1 = new URL(page.url()).searchParams.get("seed");
    expect(s1).toMatch(/^[a-z0-9]{1,16}$/);
    await page.goto(`${server.url}/try?seed=${seed}`);
    await page.locator("[data-hydrated=true]").waitFor({ timeout: 120_000 });
    const repos = await page.locator("[data-testid=sample-row]").evaluateAll((els) => els.map((e) => e.getAttribute("data-repo")));
    expect(repos.length).toBe(12);
    for (const w of WANTED) expect(repos).toContain(w);
    expect(repos).not.toContain(`${FIXTURE_AUTHOR}/gated-layers`);
    expect(repos).not.toContain(`${FIXTURE_AUTHOR}/not-tfjs`);
    const runtimes = await page.locator("[data-testid=sample-row]").evaluateAll((els) => els.map((e) => e.getAttribute("data-runtime")));
    expect(new Set(runtimes)).toEqual(new Set(["tfjs", "onnx"]));
    expect(await row(page, `${ONNX_FIXTURE_AUTHOR}/onnx-image`).getAttribute("data-input-kind")).toBe("image");
    expect(await row(page, `${ONNX_FIXTURE_AUTHOR}/onnx-text`).getAttribute("data-input-kind")).toBe("text");
    // No model is labelled "image" unless its stored input signature is one image tensor.
    const sqlite = openSqlite(world.db, { readonly: true, migrate: false });
    const byId = new Map(listRunnable(sqlite).map((m) => [m.repoId, m]));
    sqlite.close();
    const kinds = await page.locator("[data-testid=sample-row]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-repo")!, e.getAttribute("data-input-kind")!]));
    for (const [repo, kind] of kinds) {
      if (kind !== "image") continue;
      const m = byId.get(repo)!;
      expect(m.runtime === "onnx" ? onnxImageInput(m.inputs ?? []) : imageInputSize(m.inputs), repo).not.toBeNull();
    }
    // 23 bytes: 23 uint8 values, not 23 float32s (92 B).
    expect(await row(page, `${FIXTURE_AUTHOR}/quantized-layers`).locator("[data-testid=sample-size]").textContent()).toBe("23 B");
    expect(await row(page, `${FIXTURE_AUTHOR}/tiny-layers`).locator("[data-testid=sample-size]").textContent()).toBe("92 B");
    expect(await row(page, `${FIXTURE_AUTHOR}/oversize`).locator("[data-testid=sample-size]").textContent()).toBe("1.2 MB (asks first)");
    // The same link, the same sample.
    const again = await open(`/try?seed=${seed}`);
    expect(await again.locator("[data-testid=sample-row]").evaluateAll((els) => els.map((e) => e.getAttribute("data-repo")))).toEqual(repos);
    // Redraw: a new seed in the URL.
    await again.click("[data-testid=redraw]");
    await again.waitForURL((u) => u.searchParams.get("seed") !== seed, { timeout: 60_000 });
    // Exact text: `:text()` matches a substring, and a new seed often contains the old one ("0").
    await again.locator(`[data-testid=seed]:not(:text-is("${seed}"))`).waitFor({ timeout: 60_000 });
    expect(new URL(again.url()).searchParams.get("seed")).not.toBe(seed);
    await Promise.all([page.close(), again.close()]);
  }, T);

  test("a sampled model loads on the wasm backend and predicts its known output; no tfjs before Run; the result is recorded; the dashboard's rate moves", async () => {
    const before = await dashboardRates();
    // Under the page's own CSP (proxy.ts): a nonce for Next's scripts, wasm, workers, the Hub's origin.
    const csp = (await fetch(`${server.url}/try?seed=${seed}`)).headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval' blob:/);
    expect(csp).toContain(`connect-src 'self' ${world.hub.url}`);
    expect(csp).toContain("frame-ancestors 'none'");
    const page = await open(`/try?seed=${seed}&backend=wasm`);
    const scripts: string[] = [];
    page.on("request", (r) => scripts.push(r.url()));
    await page.waitForLoadState("networkidle");
    expect(scripts.filter((u) => /tfjs-wasm/.test(u))).toEqual([]);
    const fx = world.fx.byName["tiny-layers"];
    expect(await runFromSample(page, fx.repo.id)).toBe("loaded");
    expect(await page.locator("[data-testid=backend-badge]").textContent()).toBe("wasm");
    expect(scripts.some((u) => u.endsWith("/tfjs-wasm/tfjs-backend-wasm-simd.wasm") || u.endsWith("/tfjs-wasm/tfjs-backend-wasm.wasm"))).toBe(true);
    // The model files came from the Hub (HF_ENDPOINT) at the revision the crawler checked.
    expect(scripts.some((u) => u.startsWith(`${world.hub.url}/${fx.repo.id}/resolve/`) && u.endsWith("/weights.bin"))).toBe(true);
    // The known input, typed into the editor.
    await page.fill("[data-testid=tensor-text]", "1, 2, 3, 4");
    await page.click("[data-testid=predict]");
    await page.waitForFunction((want) => {
      const v = document.querySelector('[data-testid="output-values"]')?.getAttribute("data-values");
      return v !== null && v !== undefined && Math.abs((JSON.parse(v) as number[])[0] - want) < 1e-5;
    }, fx.expected!.output[0], { timeout: 30_000 });
    const got = await outputValues(page);
    fx.expected!.output.forEach((v, j) => expect(got[j]).toBeCloseTo(v, 5));
    for (const t of ["t-setup", "t-load", "t-first", "t-warm"]) expect(await page.locator(`[data-testid=${t}]`).textContent()).toMatch(/\d/);
    await page.locator("[data-testid=recorded][data-recorded=yes]").waitFor();
    const last = resultsInDb().at(-1)!;
    expect(last).toMatchObject({ repo: fx.repo.id, backend: "wasm", outcome: "ok", format: "layers-model", task: "tabular-classification" });
    expect(last.load).toBeGreaterThan(0);
    expect(last.first).toBeGreaterThan(0);
    // The overview's table counts it: one more run, one more success, for its format and its task.
    const after = await dashboardRates();
    const prev = (k: string) => before[k] ?? [0, 0, 0];
    expect(after["Format: LayersModel"].slice(0, 2)).toEqual([prev("Format: LayersModel")[0] + 1, prev("Format: LayersModel")[1] + 1]);
    expect(after["Task: tabular-classification"].slice(0, 2)).toEqual([prev("Task: tabular-classification")[0] + 1, prev("Task: tabular-classification")[1] + 1]);
    await page.close();
    expect(cspViolations).toEqual([]);
  }, T);

  test("GraphModel: the hand-written graph predicts relu(x W + b) = [3.3, 0.8, 0.2]", async () => {
    const fx = world.fx.byName["tiny-graph"];
    const page = await open(`/try?seed=${seed}&backend=wasm&model=${fx.repo.id}`);
    await page.click("[data-testid=panel-run]");
    expect(await settled(page)).toBe("loaded");
    expect(await page.locator("[data-testid=backend-badge]").textContent()).toBe("wasm");
    await page.fill("[data-testid=tensor-text]", "1 2 3 4");
    await page.click("[data-testid=predict]");
    await page.waitForFunction(() => (JSON.parse(document.querySelector('[data-testid="output-values"]')?.getAttribute("data-values") ?? "[0]") as number[])[0] > 3);
    const got = await outputValues(page);
    [3.3, 0.8, 0.2].forEach((v, j) => expect(got[j]).toBeCloseTo(v, 5));
    await page.close();
  }, T);

  test("image model: a picked picture and an uploaded PNG are resized to the model's input; top classes carry the repo's labels", async () => {
    const fx = world.fx.byName["tiny-image"];
    const page = await open(`/try?seed=${seed}&backend=wasm`);
    expect(await runFromSample(page, fx.repo.id)).toBe("loaded");
    await page.locator("[data-testid=image-input]").waitFor();
    // The first run uses the red sample: the known output.
    const top = async () => page.locator("[data-testid=top-row]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-label"), Number(e.getAttribute("data-value"))] as const));
    let t = await top();
    expect(t[0][0]).toBe("red");
    expect(t[0][1]).toBeCloseTo(fx.expected!.output[0], 5);
    // Picked: blue.
    await page.click("[data-testid=sample-image-blue]");
    await page.click("[data-testid=predict]");
    await page.waitForFunction(() => document.querySelector('[data-testid="top-row"]')?.getAttribute("data-label") === "blue");
    // Uploaded: a 40 x 30 green PNG made by this test.
    fs.writeFileSync(path.join(ARTIFACTS, "green.png"), solidPng(40, 30, [0, 255, 0]));
    await page.setInputFiles("[data-testid=image-file]", path.join(ARTIFACTS, "green.png"));
    await page.locator('[data-testid=image-preview][alt="Input: green.png"]').waitFor();
    await page.click("[data-testid=predict]");
    await page.waitForFunction(() => document.querySelector('[data-testid="top-row"]')?.getAttribute("data-label") === "green");
    t = await top();
    expect(t.map((x) => x[0])).toEqual(["green", "red", "blue"]);
    expect(t[0][1]).toBeCloseTo(fx.expected!.output[0], 4);
    await page.screenshot({ path: path.join(ARTIFACTS, "try-image-light.png"), fullPage: true });
    await page.close();
  }, T);

  test("labels from a model's files are text, never HTML", async () => {
    const fx = world.fx.byName["hostile-labels"];
    const page = await open(`/try?seed=${seed}&backend=wasm&model=${fx.repo.id}`);
    await page.click("[data-testid=panel-run]");
    expect(await settled(page)).toBe("loaded");
    const first = page.locator("[data-testid=top-row]").first();
    expect(await first.locator("span").first().textContent()).toBe(HOSTILE_LABEL);
    expect(await page.locator("[data-testid=outputs] img, [data-testid=outputs] b").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  }, T);

  test("an oversize model asks before downloading anything; confirmed, it loads", async () => {
    const fx = world.fx.byName["oversize"];
    const page = await open(`/try?seed=${seed}&backend=wasm`);
    const hubRequests: string[] = [];
    page.on("request", (r) => r.url().startsWith(world.hub.url) && hubRequests.push(r.url()));
    expect(await runFromSample(page, fx.repo.id)).toBe("confirm");
    expect(await page.locator("[data-testid=confirm-large]").textContent()).toMatch(/1\.2 MB.*more than the 1 MB/);
    expect(hubRequests).toEqual([]);
    await page.click("[data-testid=confirm-download]");
    expect(await settled(page)).toBe("loaded");
    expect(hubRequests.filter((u) => /group1-shard\dof2\.bin$/.test(u))).toHaveLength(2);
    expect(await page.locator("[data-testid=t-load]").textContent()).toMatch(/\d/);
    // The input editor follows the signature: 1,199 features.
    expect(await page.locator("[data-testid=tensor-editor]").textContent()).toMatch(/shape \[\?, 1199\] → \[1, 1199\], 1,199 values/);
    await page.close();
  }, T);

  test("broken models show their error: missing shard, shape mismatch, a host without CORS, a timeout; each is recorded with its class", async () => {
    const cases: [string, string, RegExp][] = [
      ["missing-shard", "missing-shard", /group1-shard2of2\.bin answered HTTP 404/],
      ["shape-mismatch", "shape-mismatch", /Shape mismatch: \[4,5\] vs\. \[4,3\]/],
      ["no-cors", "cors", /does not let other sites read its files \(no CORS headers\)/],
      ["slow", "timeout", /took longer than 8 s/],
    ];
    for (const [name, errorClass, message] of cases) {
      const fx = world.fx.byName[name];
      const page = await open(`/try?seed=${seed}&backend=wasm&model=${fx.repo.id}`);
      await page.click("[data-testid=panel-run]");
      expect(await settled(page), name).toBe("error");
      const err = page.locator("[data-testid=run-error]");
      expect(await err.getAttribute("data-error-class"), name).toBe(errorClass);
      expect(await err.textContent(), name).toMatch(message);
      await page.locator("[data-testid=recorded][data-recorded=yes]").waitFor();
      expect(resultsInDb().at(-1), name).toMatchObject({ repo: fx.repo.id, outcome: errorClass, backend: "wasm" });
      if (name === "missing-shard") await page.screenshot({ path: path.join(ARTIFACTS, "try-error-light.png"), fullPage: true });
      await page.close();
    }
  }, T);

  test("cancel stops a slow download and records nothing; typed ids: not TF.js, gated, unknown are explained, a runnable one can run", async () => {
    const page = await open(`/try?seed=${seed}&backend=wasm&model=${FIXTURE_AUTHOR}/slow`);
    const count = resultsInDb().length;
    await page.click("[data-testid=panel-run]");
    await page.locator("[data-testid=cancel]").waitFor();
    await page.waitForFunction(() => /Downloading weights\.bin/.test(document.querySelector('[data-testid="loading"]')?.textContent ?? ""));
    await page.click("[data-testid=cancel]");
    expect(await settled(page)).toBe("cancelled");
    expect(resultsInDb().length).toBe(count);

    const typed: [string, string, RegExp][] = [
      [`${FIXTURE_AUTHOR}/not-tfjs`, "not-tfjs", /not a TensorFlow\.js model \(\/model\.json: no weightsManifest\)/],
      [`${FIXTURE_AUTHOR}/gated-layers`, "gated", /is gated/],
      ["nobody/nothing-here", "not-found", /no public model nobody\/nothing-here/],
      ["<script>alert(1)</script>", "bad-id", /looks like "author\/name"/],
    ];
    for (const [id, code, message] of typed) {
      await page.fill("[data-testid=model-input]", id);
      await page.click("[data-testid=model-check]");
      const nr = page.locator("[data-testid=not-runnable]");
      await nr.waitFor();
      expect(await nr.getAttribute("data-code"), id).toBe(code);
      expect(await nr.textContent(), id).toMatch(message);
    }
    await page.fill("[data-testid=model-input]", `${FIXTURE_AUTHOR}/quantized-layers`);
    await page.click("[data-testid=model-check]");
    await page.locator("[data-testid=panel-run]").waitFor();
    expect(await page.locator("[data-testid=model-size]").textContent()).toBe("23 B");
    await page.click("[data-testid=panel-run]");
    expect(await settled(page)).toBe("loaded");
    expect(await page.locator("[data-testid=backend-badge]").textContent()).toBe("wasm");
    await page.close();
  }, T);

  test("screenshots of /try: light, dark and narrow", async () => {
    for (const [name, o] of [["light", { colorScheme: "light" }], ["dark", { colorScheme: "dark" }], ["narrow", { colorScheme: "light", width: 390 }]] as const) {
      const page = await open(`/try?seed=${seed}&backend=wasm`, o);
      expect(await runFromSample(page, `${FIXTURE_AUTHOR}/tiny-image`)).toBe("loaded");
      await page.screenshot({ path: path.join(ARTIFACTS, `try-${name}.png`), fullPage: true });
      // Nothing overflows sideways on a phone.
      if (name === "narrow") expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      await page.close();
    }
    expect(pageErrors).toEqual([]);
  }, T);
});

describe("/try in Chromium: ONNX models", () => {
  const onnx = (name: string) => world.onnx.find((f) => f.name === name)!;
  const topRows = (page: Page) =>
    page.locator("[data-testid=top-row]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-label"), Number(e.getAttribute("data-value"))] as [string, number]));

  test("the image classifier: no ONNX Runtime before Run, then its wasm from the app; the picture path; its known output; recorded under ONNX", async () => {
    const fx = onnx("onnx-image");
    const page = await open(`/try?seed=${seed}&backend=wasm`);
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.waitForLoadState("networkidle");
    expect(requests.filter((u) => /ort-wasm|tfjs-wasm/.test(u))).toEqual([]);
    expect(await runFromSample(page, fx.repo.id)).toBe("loaded");
    expect(requests.some((u) => u === `${server.url}/ort-wasm/ort-wasm-simd-threaded.wasm`)).toBe(true);
    expect(requests.filter((u) => /tfjs-wasm/.test(u))).toEqual([]);
    expect(requests.some((u) => u.startsWith(`${world.hub.url}/${fx.repo.id}/resolve/`) && u.endsWith("/onnx/model.onnx"))).toBe(true);
    expect(await page.locator("[data-testid=backend-badge]").textContent()).toBe("wasm");
    expect(await page.locator("[data-testid=backend-line]").textContent()).toMatch(/ONNX Runtime/);
    // The picture path: the red sample, normalized by the repo's preprocessor_config.json.
    await page.locator("[data-testid=image-input]").waitFor();
    const got = await outputValues(page);
    fx.expected!.output.forEach((v, j) => expect(got[j]).toBeCloseTo(v, 5));
    expect((await topRows(page))[0][0]).toBe("red");
    await page.click("[data-testid=sample-image-blue]");
    await page.click("[data-testid=predict]");
    await page.waitForFunction(() => document.querySelector('[data-testid="top-row"]')?.getAttribute("data-label") === "blue");
    fs.writeFileSync(path.join(ARTIFACTS, "green.png"), solidPng(40, 30, [0, 255, 0]));
    await page.setInputFiles("[data-testid=image-file]", path.join(ARTIFACTS, "green.png"));
    await page.locator('[data-testid=image-preview][alt="Input: green.png"]').waitFor();
    await page.click("[data-testid=predict]");
    await page.waitForFunction(() => document.querySelector('[data-testid="top-row"]')?.getAttribute("data-label") === "green");
    // green: mean (-1, 1, -1) -> 2 x that + [0, 0.1, 0.2]
    const green = await outputValues(page);
    [-2, 2.1, -1.8].forEach((v, j) => expect(green[j]).toBeCloseTo(v, 5));
    await page.locator("[data-testid=recorded][data-recorded=yes]").waitFor();
    const last = resultsInDb().find((r) => r.repo === fx.repo.id)!;
    expect(last).toMatchObject({ backend: "wasm", outcome: "ok", format: "onnx", task: "image-classification" });
    await page.screenshot({ path: path.join(ARTIFACTS, "try-onnx-image.png"), fullPage: true });
    const rates = await dashboardRates();
    expect(rates["Runtime: ONNX Runtime Web"][0]).toBeGreaterThanOrEqual(1);
    await page.close();
  }, T);

  test("the text classifier: typed text is tokenized by the repo's tokenizer.json and classified with its labels", async () => {
    const fx = onnx("onnx-text");
    const page = await open(`/try?seed=${seed}&backend=wasm`);
    expect(await runFromSample(page, fx.repo.id)).toBe("loaded");
    await page.locator("[data-testid=text-input]").waitFor();
    expect(await page.locator("[data-testid=tensor-editor]").count()).toBe(0);
    await page.fill("[data-testid=text-box-0]", (fx.expected!.input as { texts: string[] }).texts[0]);
    await page.click("[data-testid=predict]");
    await page.waitForFunction((want) => document.querySelector('[data-testid="tokens"]')?.getAttribute("data-tokens") === want, JSON.stringify([fx.expected!.tokens]));
    const got = await outputValues(page);
    fx.expected!.output.forEach((v, j) => expect(got[j]).toBeCloseTo(v, 5));
    expect((await topRows(page))[0][0]).toBe("POSITIVE");
    // Another text, another class: "terrible" is (3, 0), averaged over 4 tokens.
    await page.fill("[data-testid=text-box-0]", "this film is terrible");
    await page.click("[data-testid=predict]");
    await page.waitForFunction(() => document.querySelector('[data-testid="top-row"]')?.getAttribute("data-label") === "NEGATIVE");
    const neg = await outputValues(page);
    [0.75, 0].forEach((v, j) => expect(neg[j]).toBeCloseTo(v, 5));
    // A word outside the vocabulary is [UNK], not an error.
    await page.fill("[data-testid=text-box-0]", "zebra");
    await page.click("[data-testid=predict]");
    await page.waitForFunction(() => document.querySelector('[data-testid="tokens"]')?.getAttribute("data-tokens") === '[["[UNK]"]]');
    await page.screenshot({ path: path.join(ARTIFACTS, "try-onnx-text.png"), fullPage: true });
    await page.close();
  }, T);

  test("sentence-similarity: two sentences, the embedding's dimension and norm, their cosine similarity", async () => {
    const fx = onnx("onnx-embed");
    const page = await open(`/try?seed=${seed}&backend=wasm&model=${fx.repo.id}`);
    await page.click("[data-testid=panel-run]");
    expect(await settled(page)).toBe("loaded");
    const [a, b] = (fx.expected!.input as { texts: string[] }).texts;
    await page.fill("[data-testid=text-box-0]", a);
    await page.fill("[data-testid=text-box-1]", b);
    await page.click("[data-testid=predict]");
    await page.waitForFunction((want) => Number(document.querySelector('[data-testid="similarity"]')?.getAttribute("data-value")) === want, fx.expected!.similarity);
    const emb = page.locator("[data-testid=embedding]").first();
    expect(await emb.getAttribute("data-dim")).toBe("2");
    expect(Number(await emb.getAttribute("data-norm"))).toBeCloseTo(0.75, 5);
    expect(await page.locator("[data-testid=top-row]").count()).toBe(0);
    await page.fill("[data-testid=text-box-1]", "this movie is great");
    await page.click("[data-testid=predict]");
    await page.waitForFunction(() => Math.abs(Number(document.querySelector('[data-testid="similarity"]')?.getAttribute("data-value")) - 1) < 1e-6);
    await page.close();
  }, T);

  test("a regression model gets the tensor editor and its value, never a class; a broken graph and an oversize one", async () => {
    const tab = onnx("onnx-tabular");
    let page = await open(`/try?seed=${seed}&backend=wasm&model=${tab.repo.id}`);
    await page.click("[data-testid=panel-run]");
    expect(await settled(page)).toBe("loaded");
    await page.fill("[data-testid=tensor-text]", "1, 1, 1");
    await page.click("[data-testid=predict]");
    await page.waitForFunction(() => document.querySelector('[data-testid="output-values"]')?.getAttribute("data-values") === "[6]");
    expect(await page.locator("[data-testid=top-row]").count()).toBe(0);
    expect(await page.locator("[data-testid=outputs]").textContent()).not.toMatch(/class \d/);
    await page.close();

    const broken = onnx("onnx-broken");
    page = await open(`/try?seed=${seed}&backend=wasm&model=${broken.repo.id}`);
    await page.click("[data-testid=panel-run]");
    expect(await settled(page)).toBe("error");
    expect(await page.locator("[data-testid=run-error]").getAttribute("data-error-class")).toBe("load-failed");
    await page.locator("[data-testid=recorded][data-recorded=yes]").waitFor();
    expect(resultsInDb().at(-1)).toMatchObject({ repo: broken.repo.id, outcome: "load-failed", format: "onnx" });
    await page.close();

    const big = onnx("onnx-oversize");
    page = await open(`/try?seed=${seed}&backend=wasm&model=${big.repo.id}`);
    const hubRequests: string[] = [];
    page.on("request", (r) => r.url().startsWith(world.hub.url) && hubRequests.push(r.url()));
    await page.click("[data-testid=panel-run]");
    expect(await settled(page)).toBe("confirm");
    expect(hubRequests).toEqual([]);
    await page.click("[data-testid=confirm-download]");
    expect(await settled(page)).toBe("loaded");
    // Not labelled image before loading (its graph was above the pass's limit); the loaded graph says it is.
    await page.locator("[data-testid=image-input]").waitFor();
    expect((await topRows(page))[0][0]).toBe("red");
    await page.close();
  }, T);

  test("a typed ONNX model id is checked on the Hub and runs", async () => {
    const res = await (await fetch(`${server.url}/api/runner/check?model=${ONNX_FIXTURE_AUTHOR}/onnx-text`)).json();
    expect(res).toMatchObject({ ok: true, model: { runtime: "onnx", format: "onnx", inputKind: "text", modelJsonPath: "onnx/model.onnx" } });
  }, T);
});

test("no page reported a Content-Security-Policy violation while models ran (wasm, webgl, cpu; images; the Hub's files)", () => {
  expect(cspViolations).toEqual([]);
});

describe("endpoints", () => {
  test("the check never carries HF_TOKEN; results: 400 naming the field, 413 over 2 KB, 429 over the rate limit", async () => {
    const check = await fetch(`${server.url}/api/runner/check?model=${FIXTURE_AUTHOR}/tiny-layers`);
    expect(check.status).toBe(200);
    const body = await check.text();
    expect(JSON.parse(body)).toMatchObject({ ok: true, source: "database", model: { repoId: `${FIXTURE_AUTHOR}/tiny-layers`, weightBytes: 92 } });
    const html = await (await fetch(`${server.url}/try?seed=${seed}`)).text();
    for (const text of [body, html]) expect(text).not.toContain(TOKEN);
    expect((await fetch(`${server.url}/api/runner/check?model=bad%20id`)).status).toBe(400);

    const post = (b: unknown, raw?: string) =>
      fetch(`${server.url}/api/runner/results`, { method: "POST", headers: { "content-type": "application/json" }, body: raw ?? JSON.stringify(b) });
    const bad = await post({ model: "a/b", backend: "gpu", outcome: "ok", loadMs: 1, firstMs: 1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { param: "backend" } });
    const unknown = await post({ model: "a/b", backend: "cpu", outcome: "ok", loadMs: 1, firstMs: 1, email: "x@y" });
    expect(await unknown.json()).toMatchObject({ error: { param: "email" } });
    expect((await post(null, "{nope")).status).toBe(400);
    expect((await post({ model: "a/b", backend: "cpu", outcome: "ok", loadMs: 1, firstMs: 1, format: "x".repeat(3000) })).status).toBe(413);
    const statuses: number[] = [];
    for (let k = 0; k < 40; k++) statuses.push((await post({ model: `${FIXTURE_AUTHOR}/tiny-layers`, backend: "cpu", outcome: "ok", loadMs: 1, firstMs: 1 })).status);
    expect(statuses).toContain(201);
    const limited = statuses.indexOf(429);
    expect(limited).toBeGreaterThan(0);
    expect(statuses.slice(limited).every((s) => s === 429)).toBe(true);
  }, T);
});
