/**
 * npm run bench:fake-hub [-- --models 1000000 --pages 40 --seed 91]
 *
 * A benchmark, not a test: how fast the fake Hub serves sort=createdAt pages of a large Hub, which
 * bounds every crawl benchmark run against it. Two figures:
 *   server  the server's own work per page on one core (page building + JSON, no HTTP)
 *   loopback  the fake Hub in its own process (as bench:crawl runs it), pages read with fetch()
 * Pages are built without materialising the Hub, so a page's cost must not grow with its size.
 * Each phase also checks what it read (complete pages, strictly descending _id): a wrong answer
 * fast is no figure. Exits 1 if a check fails.
 */
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {EXIT, parseFlags, positiveInt, UsageError } from "../lib/cli/args";
import { formatFull } from "../lib/charts/format";
import { nextLink } from "../lib/crawl/run-crawl";
import { FakeHubData } from "../lib/fake-hub/generator";
import { ListIndexCache, listPage, parseListQuery } from "../lib/fake-hub/listing";
import { buildItem, keysFor } from "../lib/fake-hub/shape";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// What the crawler asks for: the client's six default expand keys plus its additional fields.
const EXPAND = ["pipeline_tag", "private", "gated", "downloads", "likes", "lastModified", "createdAt", "tags", "library_name", "downloadsAllTime"];
const QUERY = `limit=1000&sort=createdAt&${EXPAND.map((e) => `expand=${e}`).join("&")}`;
const WARM = 10; // pages to warm the JIT up, not timed

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench:fake-hub check failed: ${what}`);
}

function checkOrder(ids: string[], prev: string): string {
  for (const id of ids) {
    check(id < prev, `_id ${id} is not below ${prev}`);
    prev = id;
  }
  return prev;
}

function serverWork(models: number, seed: number, pages: number): void {
  const data = new FakeHubData({ models, seed });
  const dc = data.dayCtx("2026-11-27");
  const q = parseListQuery(new URLSearchParams(QUERY), 1000);
  if ("error" in q) throw new Error(q.error);
  const keys = keysFor(q.fields, true);
  const cache = new ListIndexCache();
  let cursor: string | undefined;
  let read = 0;
  let bytes = 0;
  let prev = "g";
  let t0 = 0;
  for (let p = -WARM; p < pages; p++) {
    if (p === 0) t0 = performance.now();
    const parts: string[] = [];
    const ids: string[] = [];
    const page = listPage(data, dc, { ...q, cursor }, false, cache, (v) => {
      const item = buildItem(data, v, keys, { listing: true });
      ids.push(String(item._id));
      parts.push(JSON.stringify(item));
    });
    if ("error" in page) throw new Error(page.error);
    const body = Buffer.from(`[${parts.join(",")}]`);
    check(page.count === 1000, `page ${p} has ${page.count} models`);
    prev = checkOrder(ids, prev);
    if (p >= 0) {
      read += page.count;
      bytes += body.length;
    }
    cursor = page.next;
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`server:   ${formatFull(read / secs)} models/s (${formatFull(read)} models in ${secs.toFixed(2)} s, ${Math.round(bytes / read)} B/model; page + JSON, one core, no HTTP)`);
}

async function overLoopback(models: number, seed: number, pages: number): Promise<void> {
  let child: ChildProcess | undefined;
  try {
    child = spawn(process.execPath, ["--import", "tsx", "scripts/fake-hub.ts", "--port", "0", "--models", String(models), "--seed", String(seed), "--no-rate-limit"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const c = child;
    const base = await new Promise<string>((ok, fail) => {
      let out = "";
      c.stdout?.on("data", (b: Buffer) => {
        out += b.toString();
        const m = /listening on (\S+)/.exec(out);
        if (m) ok(m[1]);
      });
      c.on("close", (code) => fail(new Error(`fake hub exited ${code}`)));
    });
    let url: string | null = `${base}/api/models?${QUERY}`;
    for (let w = 0; w < WARM && url; w++) {
      const r: Response = await fetch(url);
      await r.arrayBuffer();
      url = nextLink(r.headers.get("link"));
    }
    const texts: string[] = [];
    const t0 = performance.now();
    for (let p = 0; p < pages && url; p++) {
      const r: Response = await fetch(url);
      texts.push(await r.text());
      url = nextLink(r.headers.get("link"));
    }
    const secs = (performance.now() - t0) / 1000;
    let prev = "g";
    let read = 0;
    for (const t of texts) {
      const items = JSON.parse(t) as { _id: string }[];
      check(items.length === 1000, `a loopback page has ${items.length} models`);
      prev = checkOrder(items.map((i) => i._id), prev);
      read += items.length;
    }
    check(texts.length === pages, `${texts.length} of ${pages} pages read`);
    console.log(`loopback: ${formatFull(read / secs)} models/s (${formatFull(read)} models in ${secs.toFixed(2)} s; server process + fetch().text())`);
  } finally {
    if (child && child.exitCode === null) child.kill("SIGTERM");
  }
}

async function main(): Promise<void> {
  const { values } = parseFlags(process.argv.slice(2), {
    models: { type: "string" }, pages: { type: "string" }, seed: { type: "string" }, help: { type: "boolean" },
  });
  if (values.help) {
    console.log("npm run bench:fake-hub [-- --models N (1000000)] [--pages P (40)] [--seed S (91)]");
    return;
  }
  const models = positiveInt("--models", values.models) ?? 1_000_000;
  const pages = positiveInt("--pages", values.pages) ?? 40;
  const seed = positiveInt("--seed", values.seed) ?? 91;
  if ((pages + WARM) * 1000 > models) throw new UsageError(`--models must hold at least ${(pages + WARM) * 1000} models for ${pages} timed pages`);
  console.log(`bench:fake-hub ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}; fake Hub ${formatFull(models)} models, seed ${seed}, sort=createdAt, 1000/page, ${pages} timed pages`);
  serverWork(models, seed, pages);
  await overLoopback(models, seed, pages);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(err instanceof UsageError ? EXIT.usage : EXIT.failed);
});
