/**
 * npm run bench:dashboard -- [--models N] [--crawls K] [--runs R] [--rebuild]
 *
 * The dashboard's speed on a Hub-sized database: 3,000,000 models x 30 completed full crawls
 * (defaults), built directly through the storage layer (docs/decisions.md: bypassing HTTP), cached under
 * .bench/ and resumable (each crawl is one transaction; a rerun continues after the last completed
 * crawl). Then, against `next start` on that database:
 *  - p50 / p95 of each query function, cold (the query cache off), in process;
 *  - p50 / p95 of each API endpoint and of the overview page's server response, cold and warm;
 *  - the author and library filters separately: the largest author (author rollups), and the
 *    largest authors below the sizes that get author rollups (lib/rollups/author-rollups.ts), which
 *    read their models through the author index (and their snapshots, across crawls);
 *  - the overview's JavaScript size, and whether any bundle contains TensorFlow.js.
 * It prints the figures; it asserts nothing (the machine is shared and noisy).
 *
 * How the database is made: the models and their tags, tasks, libraries, creation dates and
 * download levels come from the fake Hub's generator (lib/fake-hub) at its anchor day; the Hub
 * grows over the crawls (models created after a crawl's day first appear in a later crawl); each
 * crawl moves the downloads and likes of every model that has downloads, stores change-only
 * snapshots and runs the real rollup functions (lib/rollups/rollups.ts) as crawl completion does.
 * Legacy repos get a backfilled true creation date for 80% of them. A database built before the
 * author rollups existed gets them as the next crawl would: one rollup pass of the last crawl,
 * whose first run also rebuilds the large authors' earlier crawls from the snapshots (once, ~30 s).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { gzipSync } from "node:zlib";
import { openSqlite, type Sqlite } from "../db/index";
import { FakeHubData, DEFAULT_DAY } from "../lib/fake-hub/server";
import { addDays } from "../lib/fake-hub/clock";
import { classifyTags } from "../lib/frameworks/classify";
import { isLegacyFloor } from "../lib/crawl/model-row";
import { refreshAllRollups, refreshCohortRollups, writeCrawlRollup } from "../lib/rollups/rollups";
import { buildSearchIndex } from "../lib/crawl/search-index";
import { AUTHOR_MIN_MODELS } from "../lib/rollups/author-rollups";
import { finishCrawl } from "../lib/crawl/crawl-runs";
import { ensureClassified } from "../lib/crawl/reclassify";
import { parseFlags, positiveInt } from "../lib/cli/args";
import { ensureNextBuild, nextBin, nextEnv, requestGatePreload, type BuildTarget } from "../lib/ops/next-build";
import { parseViewState, type ViewState } from "../lib/url-state";
import { getCumulativeModelsByPeriod, getModelShareByPeriod, getNewModelsByPeriod } from "../lib/queries/models-by-period";
import { getDownloadsByCrawl } from "../lib/queries/downloads-by-crawl";
import { getExclusiveByPeriod } from "../lib/queries/exclusive-by-period";
import { getExclusiveDownloadsByCrawl } from "../lib/queries/exclusive-downloads-by-crawl";
import { getFrameworkStats } from "../lib/queries/framework-stats";
import { getFrameworksByTask } from "../lib/queries/frameworks-by-task";
import { getHeadline } from "../lib/queries/headline";
import { makeCtx } from "../lib/queries/context";
import { getCoOccurrence, getTopModels } from "../lib/queries/frameworks";
import { getModel, getModelHistory, searchAuthors, searchModels } from "../lib/queries/models";
import { getDownloadConcentration } from "../lib/queries/concentration";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const BENCH_DIR = path.join(ROOT, ".bench");
const DIST: BuildTarget = { root: ROOT, distDir: ".next-bench" };

function log(m: string) {
  process.stderr.write(`bench: ${m}\n`);
}

// ---------------------------------------------------------------------------------------------
// Building the database
// ---------------------------------------------------------------------------------------------

function meta(sqlite: Sqlite, key: string, value?: string): string | undefined {
  sqlite.exec("CREATE TABLE IF NOT EXISTS bench_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  if (value !== undefined) sqlite.prepare("INSERT OR REPLACE INTO bench_meta VALUES (?, ?)").run(key, value);
  return (sqlite.prepare("SELECT value FROM bench_meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
}

function crawlDay(k: number, crawls: number): string {
  return addDays(DEFAULT_DAY, -(crawls - k));
}

function loadModels(sqlite: Sqlite, models: number, crawls: number): void {
  const data = new FakeHubData({ models, seed: 1, anchorDay: DEFAULT_DAY });
  const dc = data.dayCtx(DEFAULT_DAY);
  const dayStarts = Array.from({ length: crawls }, (_, k) => Date.parse(`${crawlDay(k + 1, crawls)}T00:15:00Z`));
  const insert = sqlite.prepare(
    `INSERT INTO models (hub_id, repo_id, author, library_name, pipeline_tag, created_at, created_at_is_floor,
       true_created_at, true_created_source, last_modified, gated, tags, framework_mask, framework_candidates,
       downloads_30d, downloads_all_time, likes, first_seen_crawl, last_seen_crawl)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0)`,
  );
  const t0 = Date.now();
  let batch: unknown[][] = [];
  const flush = sqlite.transaction((rows: unknown[][]) => {
    for (const r of rows) insert.run(...r);
  });
  for (let i = 0; i < dc.count; i++) {
    const v = data.view(i, dc);
    if (!v || v.private) continue;
    const e = v.entry;
    const p = e.profile;
    const createdAt = Math.floor(e.apiCreatedMs / 1000);
    const floor = isLegacyFloor(createdAt);
    const firstSeen = dayStarts.findIndex((s) => s > e.trueCreatedMs) + 1; // 0 = never: created after the last crawl
    if (firstSeen === 0) continue;
    const backfilled = floor && i % 5 !== 0;
    const { mask } = classifyTags(p.tags, p.library_name);
    batch.push([
      e.objectId, v.id, v.author, p.library_name ?? null, p.pipeline_tag ?? null, createdAt, floor ? 1 : 0,
      backfilled ? Math.floor(e.trueCreatedMs / 1000) : null, backfilled ? "initial-commit" : null,
      Math.floor(v.lastModifiedMs / 1000), p.gated === false ? null : p.gated, JSON.stringify(p.tags), mask,
      v.pop.downloads, v.pop.downloadsAllTime, v.pop.likes, firstSeen,
    ]);
    if (batch.length === 50_000) {
      flush(batch);
      batch = [];
      if (i % 500_000 < 50_000) log(`loaded ${i.toLocaleString("en-US")} models (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  flush(batch);
}

/** One completed full crawl k: values move, change-only snapshots, the real per-crawl rollups. */
function runCrawlK(sqlite: Sqlite, k: number, crawls: number, lastCrawl: boolean): void {
  const start = Date.parse(`${crawlDay(k, crawls)}T00:15:00Z`);
  const tx = sqlite.transaction(() => {
    const id = Number(
      sqlite
        .prepare("INSERT INTO crawls (kind, status, scope, hub_url, started_at, heartbeat_at, pid, host) VALUES ('full', 'running', '{}', 'bench', ?, ?, ?, ?)")
        .run(start, start, process.pid, os.hostname()).lastInsertRowid,
    );
    if (id !== k) throw new Error(`crawl ids out of step (${id} != ${k}): delete ${BENCH_DIR} and rebuild`);
    // Models with downloads move a little each crawl (deterministic in id and k); likes creep up.
    sqlite
      .prepare(
        `UPDATE models SET
           downloads_30d = max(0, downloads_30d + ((id * 2654435761 + @k * 40503) % 21 - 10) * downloads_30d / 100),
           downloads_all_time = downloads_all_time + downloads_30d / 30 + ((id + @k) % 3),
           likes = likes + ((id * 31 + @k) % 50 = 0)
         WHERE first_seen_crawl < @k AND downloads_30d > 0`,
      )
      .run({ k });
    sqlite.prepare("UPDATE models SET last_seen_crawl = @k WHERE first_seen_crawl <= @k").run({ k });
    sqlite
      .prepare(
        `INSERT INTO model_snapshots (model_id, crawl_id, downloads_30d, downloads_all_time, likes)
         SELECT id, @k, downloads_30d, downloads_all_time, likes FROM models
         WHERE first_seen_crawl = @k OR (first_seen_crawl < @k AND downloads_30d > 0)`,
      )
      .run({ k });
    const prev = k > 1 ? k - 1 : null;
    writeCrawlRollup(sqlite, k, prev);
    if (lastCrawl) refreshCohortRollups(sqlite, k);
    sqlite.prepare("UPDATE crawls SET models_seen = (SELECT count(*) FROM models WHERE last_seen_crawl = ?) WHERE id = ?").run(k, k);
    finishCrawl(sqlite, k, "completed");
    sqlite.prepare("UPDATE crawls SET finished_at = ? WHERE id = ?").run(start + 20 * 60_000, k);
  });
  tx.immediate();
}

/**
 * A database built before the author rollups has none: the last crawl's rollup pass again (the same
 * tables, plus the author ones; their first pass rebuilds the earlier crawls of the large authors).
 */
function addAuthorRollups(sqlite: Sqlite, crawls: number): void {
  const has = sqlite.prepare("SELECT 1 FROM rollup_crawl_authors WHERE crawl_id = ? LIMIT 1").get(crawls) !== undefined;
  if (has || sqlite.prepare("SELECT 1 FROM rollup_authors LIMIT 1").get() !== undefined) return;
  const t = Date.now();
  refreshAllRollups(sqlite, crawls, crawls > 1 ? crawls - 1 : null);
  log(`author rollups added by the last crawl's rollup pass in ${((Date.now() - t) / 1000).toFixed(1)} s (once)`);
}

function buildDb(file: string, models: number, crawls: number): void {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const sqlite = openSqlite(file);
  try {
    if (meta(sqlite, "loaded") !== "1") {
      log(`generating ${models.toLocaleString("en-US")} models with the fake Hub's generator into ${file}`);
      sqlite.exec("DELETE FROM models; DELETE FROM model_snapshots; DELETE FROM crawls;");
      loadModels(sqlite, models, crawls);
      meta(sqlite, "loaded", "1");
      meta(sqlite, "models", String(models));
      meta(sqlite, "crawls", String(crawls));
    }
    const done = (sqlite.prepare("SELECT count(*) AS n FROM crawls WHERE status = 'completed'").get() as { n: number }).n;
    sqlite.prepare("DELETE FROM crawls WHERE status != 'completed'").run();
    for (let k = done + 1; k <= crawls; k++) {
      const t = Date.now();
      runCrawlK(sqlite, k, crawls, k === crawls);
      log(`crawl ${k}/${crawls} completed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    addAuthorRollups(sqlite, crawls);
    // A database built before the framework lens (migration 0008) or under older rules is upgraded
    // in place, as the next start would do (lib/crawl/reclassify.ts): timed here.
    const tUp = Date.now();
    const up = ensureClassified(sqlite);
    if (up) log(`framework lens upgrade in place: ${up.models.toLocaleString("en-US")} models reclassified, rollups of both lenses rebuilt (${crawls} crawls) in ${((Date.now() - tUp) / 1000).toFixed(1)} s`);
    // The search index a completed crawl builds (lib/crawl/search-index.ts); once per database.
    if (sqlite.prepare("SELECT 1 FROM model_search_state").get() === undefined) {
      const built = buildSearchIndex(sqlite, crawls);
      log(`search index of ${built.models.toLocaleString("en-US")} models built in ${(built.ms / 1000).toFixed(1)} s (once)`);
    }
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    sqlite.exec("ANALYZE");
  } finally {
    sqlite.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

function state(q: string): ViewState {
  const r = parseViewState(new URLSearchParams(q));
  if (!r.ok) throw r.error;
  return r.value;
}

type Row = { name: string; p50: number; p95: number; n: number };

/** `n` substrings of 3-6 characters cut from the names of evenly spaced models (deterministic). */
function sampleSubstrings(sqlite: Sqlite, n: number): string[] {
  const total = (sqlite.prepare("SELECT max(id) AS n FROM models").get() as { n: number }).n;
  const out: string[] = [];
  for (let k = 1; out.length < n && k <= n * 3; k++) {
    const row = sqlite.prepare("SELECT repo_id AS r FROM models WHERE id >= ? ORDER BY id LIMIT 1").get(Math.floor((k * total) / (n * 3 + 1))) as { r: string } | undefined;
    const name = row?.r.slice(row.r.indexOf("/") + 1) ?? "";
    const len = 3 + (k % 4);
    if (name.length < len + 1) continue;
    const at = (k * 7) % (name.length - len);
    out.push(name.slice(at, at + len));
  }
  return out;
}

/** `fn` gets the run's index (a query list cycles through its items). */
function timeSync(name: string, runs: number, fn: (i: number) => unknown): Row {
  fn(-1); // warm the statement cache and the OS page cache
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { name, p50: pct(xs, 50), p95: pct(xs, 95), n: runs };
}

async function timeHttp(name: string, url: string, runs: number): Promise<Row> {
  const get = async () => {
    const t = process.hrtime.bigint();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  await get();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await get());
  return { name, p50: pct(xs, 50), p95: pct(xs, 95), n: runs };
}

function table(title: string, rows: Row[], target?: number): string {
  const w = Math.max(...rows.map((r) => r.name.length), 10);
  const lines = [title, `  ${"".padEnd(w)}  ${"p50 ms".padStart(9)}  ${"p95 ms".padStart(9)}  runs${target ? "  target" : ""}`];
  for (const r of rows) {
    lines.push(`  ${r.name.padEnd(w)}  ${fmt(r.p50).padStart(9)}  ${fmt(r.p95).padStart(9)}  ${String(r.n).padStart(4)}${target ? `  ${r.p95 < target ? "ok" : `OVER ${target} ms`}` : ""}`);
  }
  return lines.join("\n");
}

async function startServer(file: string, cache: "on" | "off"): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = 39_000 + Math.floor(Math.random() * 2000);
  const child = spawn(process.execPath, [...requestGatePreload(ROOT), nextBin(ROOT), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: nextEnv(DIST, { ...process.env, DATABASE_PATH: file, HF_TRENDS_QUERY_CACHE: cache, NODE_ENV: "production" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${out}`);
    try {
      await fetch(`${url}/api/status`);
      break;
    } catch {
      if (i > 600) throw new Error(`next start did not answer:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: () => new Promise<void>((resolve) => {
      child.on("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}

/** Every script the overview page loads in Chromium (the chart chunk loaded on demand included). */
const TFJS_RE = /@tensorflow\/tfjs|tfjs-core|loadLayersModel|loadGraphModel/;

async function overviewJs(url: string): Promise<{ files: number; bytes: number; gzip: number; tfjs: number }> {
  const { launchBrowser } = await import("../tests/helpers/browser");
  const ctx = await launchBrowser();
  try {
    const page = await ctx.newPage();
    const urls = new Set<string>();
    page.on("response", (r) => {
      if (r.request().resourceType() === "script") urls.add(r.url());
    });
    await page.goto(`${url}/`, { waitUntil: "load" });
    await page.waitForSelector('[data-testid="chart-box"] canvas', { timeout: 120_000 });
    let bytes = 0;
    let gzip = 0;
    let tfjs = 0;
    for (const u of urls) {
      const body = Buffer.from(await (await fetch(u)).arrayBuffer());
      bytes += body.length;
      gzip += gzipSync(body).length;
      if (TFJS_RE.test(body.toString("utf8"))) tfjs++;
    }
    return { files: urls.size, bytes, gzip, tfjs };
  } finally {
    await ctx.close();
  }
}

function tfjsInBundles(): string[] {
  const dir = path.join(ROOT, DIST.distDir, "static");
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".js") && TFJS_RE.test(fs.readFileSync(p, "utf8"))) hits.push(path.relative(ROOT, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return hits;
}

async function main(): Promise<void> {
  const { values } = parseFlags(process.argv.slice(2), {
    models: { type: "string" },
    crawls: { type: "string" },
    runs: { type: "string" },
    rebuild: { type: "boolean" },
    "no-http": { type: "boolean" },
  });
  const models = positiveInt("models", values.models) ?? 3_000_000;
  const crawls = positiveInt("crawls", values.crawls) ?? 30;
  const runs = positiveInt("runs", values.runs) ?? 40;
  const file = path.join(BENCH_DIR, `dashboard-${models}x${crawls}.db`);
  if (values.rebuild) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const t0 = Date.now();
  buildDb(file, models, crawls);
  log(`database ready (${((Date.now() - t0) / 1000).toFixed(0)} s this run)`);

  const sqlite = openSqlite(file, { readonly: true, migrate: false });
  const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
  const nModels = count("SELECT count(*) AS n FROM models");
  const nCrawls = count("SELECT count(*) AS n FROM crawls WHERE kind = 'full' AND status = 'completed'");
  const nSnaps = count("SELECT count(*) AS n FROM model_snapshots");
  // Authors by their models in the index (gone ones included: a bound on the models alive).
  const largestBelow = (n: number) =>
    (sqlite
      .prepare(`SELECT author FROM models INDEXED BY models_author_nocase WHERE author IS NOT NULL
         GROUP BY author COLLATE NOCASE HAVING count(*) < ? ORDER BY count(*) DESC LIMIT 1`)
      .get(n) as { author: string }).author;
  const alive = (a: string) =>
    (sqlite.prepare("SELECT count(*) AS n FROM models WHERE author = ? COLLATE NOCASE AND author = ? AND gone_since_crawl IS NULL").get(a, a) as { n: number }).n;
  const author = largestBelow(Number.MAX_SAFE_INTEGER);
  const authorModels = alive(author);
  const midAuthor = largestBelow(AUTHOR_MIN_MODELS.cohorts);
  const smallAuthor = largestBelow(AUTHOR_MIN_MODELS.crawls);
  const sample = (sqlite.prepare("SELECT repo_id AS r FROM models WHERE downloads_30d > 0 ORDER BY id DESC LIMIT 1").get() as { r: string }).r;
  const size = fs.statSync(file).size;

  process.env.HF_TRENDS_QUERY_CACHE = "off";
  const ctx = (q: string) => makeCtx(sqlite, state(q));
  const views: [string, string][] = [
    ["all", ""], ["week", "granularity=week"], ["task", "task=text-generation"], ["library", "library=transformers"],
    // The tag lens (basis=tags) reads the same tables' other rows.
    ["all, tags", "basis=tags"], ["week, tags", "basis=tags&granularity=week"], ["library, tags", "basis=tags&library=transformers"],
    [`author (${authorModels} models)`, `author=${encodeURIComponent(author)}`],
    [`author (${alive(midAuthor)} models: cohorts from models)`, `author=${encodeURIComponent(midAuthor)}`],
    [`author (${alive(smallAuthor)} models: models, snapshots)`, `author=${encodeURIComponent(smallAuthor)}`],
  ];
  const queryRows: Row[] = [];
  for (const [label, q] of views) {
    const fns: [string, () => unknown][] = [
      ["getNewModelsByPeriod", () => getNewModelsByPeriod(ctx(q))],
      ["getModelShareByPeriod", () => getModelShareByPeriod(ctx(q))],
      ["getCumulativeModelsByPeriod", () => getCumulativeModelsByPeriod(ctx(q))],
      ["getDownloadsByCrawl(30d)", () => getDownloadsByCrawl(ctx(q), { measure: "downloads30d", share: false })],
      ["getDownloadsByCrawl(between)", () => getDownloadsByCrawl(ctx(q), { measure: "downloadsSincePrev", share: true })],
      ["getExclusiveByPeriod", () => getExclusiveByPeriod(ctx(q), { view: "new", share: false })],
      ["getExclusiveDownloadsByCrawl", () => getExclusiveDownloadsByCrawl(ctx(q), { share: true })],
      ["getFrameworksByTask", () => getFrameworksByTask(ctx(q))],
      ["getFrameworkStats", () => getFrameworkStats(ctx(q))],
      ["getHeadline", () => getHeadline(ctx(q))],
      ["getDownloadConcentration", () => getDownloadConcentration(ctx(q))],
    ];
    for (const [name, fn] of fns) queryRows.push(timeSync(`${name} [${label}]`, runs, fn));
  }
  queryRows.push(timeSync("getTopModels(pytorch)", runs, () => getTopModels(ctx(""), "pytorch", "downloads")));
  queryRows.push(timeSync("getCoOccurrence(pytorch)", runs, () => getCoOccurrence(ctx(""), "pytorch")));
  queryRows.push(timeSync("searchModels('me') (prefix path)", runs, () => searchModels(sqlite, "me")));
  // Substring search over a fixed list: common words, then 20 substrings (3-6 characters) of real
  // names drawn with a fixed seed; one p95 over all of them (the target: under 50 ms at 3M models).
  const searchQueries = ["bert", "qwen", "llama", "gguf", "whisper", "resnet", ...sampleSubstrings(sqlite, 20)];
  queryRows.push(timeSync(`searchModels substring (${searchQueries.length} queries)`, Math.max(runs, searchQueries.length * 4), (i) => searchModels(sqlite, searchQueries[Math.max(0, i) % searchQueries.length])));
  queryRows.push(timeSync("searchAuthors('a')", runs, () => searchAuthors(sqlite, "a")));
  queryRows.push(timeSync("getModel + getModelHistory", runs, () => {
    const m = getModel(sqlite, sample);
    if (m.kind === "found") getModelHistory(sqlite, m.model);
  }));
  sqlite.close();
  if (values["no-http"]) {
    // Query functions only (no next build): a quicker look at a smaller database.
    process.stdout.write(`database: ${nModels.toLocaleString("en-US")} models x ${nCrawls} crawls\n${table("Query functions, uncached, in process (target: p95 < 20 ms):", queryRows, 20)}\n`);
    return;
  }

  log("building the dashboard for the benchmark (.next-bench)");
  await ensureNextBuild(DIST, { stdio: "pipe", log });
  const httpRows: Row[] = [];
  let js = { files: 0, bytes: 0, gzip: 0, tfjs: 0 };
  for (const cache of ["off", "on"] as const) {
    const srv = await startServer(file, cache);
    try {
      const tag = cache === "off" ? "cold" : "warm";
      const endpoints: [string, string][] = [
        ["GET / (overview page)", "/"],
        ["GET /?granularity=week&mode=share", "/?granularity=week&mode=share"],
        ["GET /api/trends", "/api/trends"],
        ["GET /api/trends?lens=downloads", "/api/trends?lens=downloads"],
        ["GET /api/trends?task=text-generation", "/api/trends?task=text-generation"],
        ["GET /api/trends?library=transformers", "/api/trends?library=transformers"],
        [`GET /api/trends?author=<top author>`, `/api/trends?author=${encodeURIComponent(author)}`],
        [`GET /api/trends?author=<author below ${AUTHOR_MIN_MODELS.crawls}>`, `/api/trends?author=${encodeURIComponent(smallAuthor)}`],
        ["GET /api/frameworks", "/api/frameworks"],
        ["GET /api/frameworks/pytorch", "/api/frameworks/pytorch"],
        ["GET /api/models?q=me", "/api/models?q=me"],
        ["GET /api/models/<id>", `/api/models/${sample.split("/").map(encodeURIComponent).join("/")}`],
      ];
      for (const [name, u] of endpoints) {
        const n = cache === "on" ? runs : Math.min(runs, 20);
        httpRows.push(await timeHttp(`${name} [${tag}]`, srv.url + u, n));
      }
      if (cache === "on") js = await overviewJs(srv.url);
    } finally {
      await srv.stop();
    }
  }
  const tfjs = tfjsInBundles();

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const out = [
    `bench:dashboard ${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} x ${cpu} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM · Node ${process.version} · ${os.platform()} ${os.release()}`,
    `database: ${nModels.toLocaleString("en-US")} models x ${nCrawls} completed full crawls, ${nSnaps.toLocaleString("en-US")} snapshot rows, ${(size / 2 ** 30).toFixed(2)} GB (${path.relative(ROOT, file)})`,
    "",
    table("Query functions, uncached, in process (target: p95 < 20 ms; authors below the rollup sizes read models through the author index):", queryRows, 20),
    "",
    table("HTTP, next start (cold = query cache off, every request recomputes; warm = cached until the next crawl):", httpRows),
    "",
    `overview JavaScript (every script the page loads in Chromium, chart.js chunk included): ${js.files} files, ${(js.bytes / 1024).toFixed(0)} KiB (${(js.gzip / 1024).toFixed(0)} KiB gzip)`,
    `TensorFlow.js in the overview's scripts: ${js.tfjs === 0 ? "none" : `${js.tfjs} script(s)`}; chunks of the whole build that contain it (the /try runner's): ${tfjs.length}`,
  ].join("\n");
  process.stdout.write(out + "\n");
  fs.writeFileSync(path.join(BENCH_DIR, "dashboard-results.txt"), out + "\n");
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
