/**
 * npm run bench:runner -- [--runs N] [--backends wasm,webgl,cpu]
 *
 * The in-browser runner's speed, measured the way a visitor meets it: /try served by `next start`
 * (the benchmarks' shared build, .next-bench), headless Chromium (Debian's, through
 * playwright-core), model files downloaded from the fake Hub over loopback. For each backend and
 * each model, a fresh page, a click on Run, and the page's own timings:
 *   setup  import of TensorFlow.js (on demand) + the backend's start (wasm: fetching and compiling the .wasm)
 *   load   model.json + weight shards downloaded + the model built
 *   first  the first prediction, with its result read back
 *   warm   mean of the following predictions
 *   e2e    setup + load + first: from the click to the first prediction
 * Models: the runner's tiny LayersModel fixture (92 B of weights) and a MobileNet v1-sized model
 * (4.25M parameters, 17 MB, 224x224x3 input, 1000 classes; random weights) made here with tfjs in
 * Node (lib/fake-hub/runner-fixtures.ts). Median of --runs runs (default 3). Target: the fixture
 * under 1 s end to end on the default backend (wasm). Prints its figures with the date and the
 * machine; asserts nothing else (the machine is shared and noisy).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { openSqlite } from "../db/index";
import { runCrawl } from "../lib/crawl/run-crawl";
import { runFilesPass } from "../lib/crawl/files-pass";
import { buildMobilenetSized, buildRunnerFixtures, FIXTURE_AUTHOR } from "../lib/fake-hub/runner-fixtures";
import { startFakeHub } from "../lib/fake-hub/server";
import { parseFlags, positiveInt, UsageError } from "../lib/cli/args";
import { ensureNextBuild, nextBin, nextEnv, requestGatePreload, type BuildTarget } from "../lib/ops/next-build";
import { formatBytes } from "../lib/charts/format";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const DIST: BuildTarget = { root: ROOT, distDir: ".next-bench" };
const FAST = { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 30_000 };
const BACKENDS = ["wasm", "webgl", "cpu"] as const;
const TARGET_MS = 1_000;

function log(m: string) {
  process.stderr.write(`bench:runner: ${m}\n`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function ms(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toFixed(1);
}

async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Run {
  backend: string;
  setup: number;
  load: number;
  first: number;
  warm: number;
  e2e: number;
}

async function main(): Promise<number> {
  let runs: number;
  let backends: string[];
  try {
    const { values } = parseFlags(process.argv.slice(2), { runs: { type: "string" }, backends: { type: "string" }, help: { type: "boolean", short: "h" } });
    if (values.help) {
      process.stdout.write("Usage: npm run bench:runner -- [--runs N (default 3)] [--backends wasm,webgl,cpu]\n");
      return 0;
    }
    runs = positiveInt("runs", values.runs) ?? 3;
    backends = (values.backends ?? BACKENDS.join(",")).split(",").map((b) => b.trim());
    const unknown = backends.filter((b) => !(BACKENDS as readonly string[]).includes(b));
    if (unknown.length) throw new UsageError(`--backends takes ${BACKENDS.join(", ")}; got ${unknown.join(", ")}`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`bench:runner: ${err.message}\n`);
      return 2;
    }
    throw err;
  }

  const { chromiumPath, launchBrowser } = await import("../tests/helpers/browser");
  chromiumPath(); // fails with the install instruction before any work

  log("making the models (tfjs in Node): the runner fixtures and a MobileNet v1-sized model");
  const fx = await buildRunnerFixtures();
  const mobilenet = await buildMobilenetSized();
  const hub = await startFakeHub({ models: 300, seed: 7, rateLimit: false, mounts: [...fx.repos, mobilenet.repo] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hf-trends-bench-runner-"));
  const db = path.join(dir, "bench.db");
  const sqlite = openSqlite(db);
  try {
    const c = await runCrawl({ sqlite, hubUrl: hub.url, fetch: FAST });
    if (c.status !== "completed") throw new Error(`crawl ${c.status}`);
    const f = await runFilesPass({ sqlite, hubUrl: hub.url, fetch: FAST });
    if (f.status !== "completed") throw new Error(`files pass ${f.status}`);
  } finally {
    sqlite.close();
  }

  log(`building the dashboard if needed (${DIST.distDir})`);
  await ensureNextBuild(DIST, { stdio: "pipe", log });
  const port = await freePort();
  const child = spawn(process.execPath, [...requestGatePreload(ROOT), nextBin(ROOT), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: nextEnv(DIST, { ...process.env, DATABASE_PATH: db, HF_ENDPOINT: hub.url, HF_TOKEN: "", RUNNER_MAX_MB: "100" }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let k = 0; ; k++) {
    try {
      await fetch(`${base}/api/runner/results`);
      break;
    } catch {
      if (k > 300) throw new Error("next start did not answer");
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const ctx = await launchBrowser();
  let chromium = "unknown";
  try {
    chromium = (execFileSync(chromiumPath(), ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).match(/\d+\.\d+\.\d+\.\d+/) ?? ["unknown"])[0];
  } catch {
    /* the version is only printed */
  }
  const models = [
    { id: `${FIXTURE_AUTHOR}/tiny-layers`, label: "fixture (tiny-layers)", bytes: fx.byName["tiny-layers"].weightBytes },
    { id: mobilenet.repo.id, label: "MobileNet v1-sized", bytes: mobilenet.weightBytes },
  ];
  const results: { model: string; bytes: number; runs: Run[] }[] = [];
  try {
    for (const m of models) {
      const entry = { model: m.label, bytes: m.bytes, runs: [] as Run[] };
      results.push(entry);
      for (const backend of backends) {
        for (let k = 0; k < runs; k++) {
          const page = await ctx.newPage();
          await page.goto(`${base}/try?seed=bench&backend=${backend}&model=${encodeURIComponent(m.id)}`, { waitUntil: "networkidle" });
          await page.click("[data-testid=panel-run]");
          await page.waitForSelector("[data-testid=model-panel][data-phase=loaded], [data-testid=model-panel][data-phase=error]", { timeout: 600_000 });
          if ((await page.locator("[data-testid=model-panel]").getAttribute("data-phase")) === "error") {
            throw new Error(`${m.label} on ${backend}: ${await page.locator("[data-testid=run-error]").textContent()}`);
          }
          const used = await page.locator("[data-testid=backend-badge]").textContent();
          if (used !== backend) throw new Error(`asked for ${backend}, the page ran on ${used}`);
          // Read in Node (tsx's helpers must not leak into page.evaluate): "12.3 ms" or "1.23 s".
          const read = async (id: string) => {
            const s = (await page.locator(`[data-testid=${id}]`).textContent()) ?? "";
            const v = Number.parseFloat(s);
            return s.endsWith(" s") ? v * 1000 : v;
          };
          const t = { setup: await read("t-setup"), load: await read("t-load"), first: await read("t-first"), warm: await read("t-warm") };
          entry.runs.push({ backend, ...t, e2e: t.setup + t.load + t.first });
          log(`${m.label} ${backend} run ${k + 1}: setup ${ms(t.setup)} load ${ms(t.load)} first ${ms(t.first)} warm ${ms(t.warm)} ms`);
          await page.close();
        }
      }
    }
  } finally {
    await ctx.close();
    child.kill("SIGTERM");
    await hub.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const cpu = os.cpus();
  const lines: string[] = [];
  lines.push(`bench:runner ${new Date().toISOString().slice(0, 10)} · ${cpu.length} x ${cpu[0]?.model ?? "cpu"} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GB · Node ${process.version} · Chromium ${chromium}, headless, --disable-gpu · tfjs 4.22.0 · median of ${runs} runs, fresh page each`);
  lines.push("| model | weights | backend | setup ms | load ms | first predict ms | warm predict ms | run -> first prediction ms |");
  lines.push("|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    for (const backend of backends) {
      const rs = r.runs.filter((x) => x.backend === backend);
      if (!rs.length) continue;
      const med = (k: keyof Omit<Run, "backend">) => ms(median(rs.map((x) => x[k])));
      lines.push(`| ${r.model} | ${formatBytes(r.bytes)} | ${backend} | ${med("setup")} | ${med("load")} | ${med("first")} | ${med("warm")} | ${med("e2e")} |`);
    }
  }
  const fixtureWasm = results[0].runs.filter((x) => x.backend === "wasm");
  if (fixtureWasm.length) {
    const e2e = median(fixtureWasm.map((x) => x.e2e));
    lines.push(`target: the fixture under ${TARGET_MS} ms end to end on wasm: ${ms(e2e)} ms, ${e2e < TARGET_MS ? "met" : "NOT met"}`);
  }
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench:runner: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
