/**
 * npm run bench:crawl [-- --models 1000000 --seed 1]
 *
 * A benchmark, not a test: its figures depend on the machine. The fake Hub runs in its own process
 * (as the real Hub is remote); each measured phase runs in a fresh child process so its peak RSS is
 * its own.
 *   bare   @huggingface/hub listModels over the same Hub, same page size (1000), nothing stored
 *   crawl  the full crawl into a fresh SQLite file (what `npm run crawl` does)
 *   day2   the fake Hub one day later, a second full crawl into the same file: what a daily crawl adds
 * Targets (issue #2): crawl/bare >= 0.8, crawl peak RSS < 300 MB, requests = ceil(N / 1000).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listModels } from "@huggingface/hub";
import { openSqlite } from "../db/index";
import {EXIT, parseFlags, positiveInt, UsageError } from "../lib/cli/args";
import { formatFull } from "../lib/charts/format";
import { LIST_ADDITIONAL_FIELDS } from "../lib/crawl/model-row";
import { PAGE_SIZE, runCrawl, withPageSize } from "../lib/crawl/run-crawl";

const SELF = fileURLToPath(import.meta.url);
const RUNNER = path.join(path.dirname(SELF), "run-bundled.mjs");

interface PhaseResult {
  models: number;
  elapsedMs: number;
  /** CPU time of the phase's process (user + system), ms: steadier than wall time on a busy machine. */
  cpuMs: number;
  maxRssMb: number;
  /** Crawl phases: the search index rebuilt after the crawl completed (ms), inside elapsedMs. */
  searchIndexMs?: number | null;
  /** Crawl phases: peak RSS when the crawl was marked completed, before the search index (MB). */
  rssAtCompletedMb?: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function phaseBare(hubUrl: string): Promise<PhaseResult> {
  let first = true;
  const sameSizeFetch = ((input: string | URL | Request, init?: RequestInit) => {
    let url = String(input);
    if (first) url = withPageSize(url, PAGE_SIZE);
    first = false;
    return fetch(url, init);
  }) as typeof fetch;
  const started = performance.now();
  const cpu0 = cpuMs();
  let n = 0;
  for await (const m of listModels({ hubUrl, sort: "createdAt", additionalFields: [...LIST_ADDITIONAL_FIELDS], fetch: sameSizeFetch })) {
    if (m.id) n++;
  }
  return { models: n, elapsedMs: performance.now() - started, cpuMs: cpuMs() - cpu0, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function phaseCrawl(hubUrl: string, db: string): Promise<PhaseResult> {
  const sqlite = openSqlite(db);
  const started = performance.now();
  const cpu0 = cpuMs();
  const s = await runCrawl({ sqlite, hubUrl });
  const elapsedMs = performance.now() - started;
  const cpu = cpuMs() - cpu0;
  sqlite.close();
  if (s.status !== "completed") throw new Error(`crawl ${s.status}: ${s.error}`);
  return { models: s.models, elapsedMs, cpuMs: cpu, maxRssMb: process.resourceUsage().maxRSS / 1024, searchIndexMs: s.searchIndexMs, rssAtCompletedMb: s.peakRssMbAtEnd };
}

function runPhase(phase: string, hubUrl: string, db = ""): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    // Started as `npm run crawl` starts the crawler (scripts/run-bundled.mjs), both phases alike.
    const child = spawn(process.execPath, [RUNNER, SELF, "--phase", phase, "--hub", hubUrl, "--db", db], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out) as PhaseResult) : reject(new Error(`phase ${phase} exited ${code}`))));
  });
}

async function startHub(models: number, seed: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(path.dirname(SELF), "fake-hub.ts"), "--models", String(models), "--seed", String(seed), "--port", "0", "--quota", "100000000"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const m = /listening on (http:\/\/\S+)/.exec(buf);
      if (m) resolve(m[1]);
    });
    child.on("close", (code) => reject(new Error(`fake hub exited ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

async function admin(url: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/__admin/${route}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  return (await res.json()) as Record<string, unknown>;
}

function dbBytes(db: string): number {
  const sqlite = openSqlite(db);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return [db, `${db}-wal`, `${db}-shm`].reduce((s, f) => s + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

async function main(): Promise<number> {
  const { values } = parseFlags(process.argv.slice(2), {
    models: { type: "string" }, seed: { type: "string" }, help: { type: "boolean" },
    phase: { type: "string" }, hub: { type: "string" }, db: { type: "string" },
  });
  if (values.phase) {
    const r = values.phase === "bare" ? await phaseBare(values.hub!) : await phaseCrawl(values.hub!, values.db!);
    process.stdout.write(JSON.stringify(r));
    return EXIT.ok;
  }
  if (values.help) {
    process.stdout.write("Usage: npm run bench:crawl -- [--models N (default 1000000)] [--seed S (default 1)]\n");
    return EXIT.ok;
  }
  const models = positiveInt("models", values.models) ?? 1_000_000;
  const seed = positiveInt("seed", values.seed) ?? 1;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hf-trends-bench-"));
  const db = path.join(dir, "bench.db");
  const hub = await startHub(models, seed);
  try {
    const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    console.log(`bench:crawl ${new Date().toISOString().slice(0, 10)} on ${machine}; fake Hub ${formatFull(models)} models, seed ${seed}, loopback`);
    const bare = await runPhase("bare", hub.url);
    await admin(hub.url, "reset-stats", {});
    const crawl = await runPhase("crawl", hub.url, db);
    const stats = await admin(hub.url, "stats");
    const requests = (stats.byRoute as Record<string, number>)["models.list"];
    const bytes1 = dbBytes(db);
    await admin(hub.url, "day", { advance: 1 });
    const day2 = await runPhase("crawl", hub.url, db);
    const bytes2 = dbBytes(db);

    const bareRate = bare.models / (bare.elapsedMs / 1000);
    // The crawl proper ends when it is marked completed (its data shows); the substring search index
    // is rebuilt after that, outside the listing (issue #10: the ratio must not move), and printed apart.
    const indexMs = crawl.searchIndexMs ?? 0;
    const crawlRate = crawl.models / ((crawl.elapsedMs - indexMs) / 1000);
    const ratio = crawlRate / bareRate;
    const ratioWithIndex = crawl.models / (crawl.elapsedMs / 1000) / bareRate;
    const ok = (b: boolean) => (b ? "ok" : "MISSED");
    const cpuPer1k = (p: PhaseResult) => ((p.cpuMs / p.models) * 1000).toFixed(1);
    console.log(`bare listModels:  ${formatFull(bare.models)} models in ${(bare.elapsedMs / 1000).toFixed(1)} s = ${formatFull(bareRate)} models/s, CPU ${cpuPer1k(bare)} ms per 1k models (peak RSS ${bare.maxRssMb.toFixed(0)} MB)`);
    console.log(`full crawl:       ${formatFull(crawl.models)} models in ${((crawl.elapsedMs - indexMs) / 1000).toFixed(1)} s to completed = ${formatFull(crawlRate)} models/s, CPU ${cpuPer1k(crawl)} ms per 1k models incl. the index (peak RSS ${crawl.maxRssMb.toFixed(0)} MB)`);
    console.log(`search index:     rebuilt after completion in ${(indexMs / 1000).toFixed(1)} s; crawl + index ${(crawl.elapsedMs / 1000).toFixed(1)} s, ratio ${ratioWithIndex.toFixed(2)} with it; peak RSS ${(crawl.rssAtCompletedMb ?? 0).toFixed(0)} MB at completion, ${crawl.maxRssMb.toFixed(0)} MB with the index`);
    console.log(`ratio crawl/bare: ${ratio.toFixed(2)} (target >= 0.80: ${ok(ratio >= 0.8)}); peak RSS ${crawl.maxRssMb.toFixed(0)} MB (target < 300: ${ok(crawl.maxRssMb < 300)})`);
    console.log(`requests:         ${formatFull(requests)} (ceil(N/1000) = ${formatFull(Math.ceil(crawl.models / 1000))}: ${ok(requests === Math.ceil(crawl.models / 1000))})`);
    console.log(`DB after crawl 1: ${formatFull(bytes1)} bytes = ${(bytes1 / crawl.models).toFixed(1)} bytes/model`);
    console.log(`second crawl (Hub one day later): ${formatFull(day2.models)} models in ${(day2.elapsedMs / 1000).toFixed(1)} s (search index ${((day2.searchIndexMs ?? 0) / 1000).toFixed(1)} s of it); DB grew ${formatFull(bytes2 - bytes1)} bytes = ${((bytes2 - bytes1) / day2.models).toFixed(1)} bytes/model/crawl`);
    return EXIT.ok;
  } finally {
    hub.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench:crawl: ${err instanceof UsageError ? err.message : (err as Error).stack}\n`);
    process.exit(err instanceof UsageError ? EXIT.usage : EXIT.failed);
  },
);
