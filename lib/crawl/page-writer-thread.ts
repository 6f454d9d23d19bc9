/**
 * Where a crawl's pages are written: on a worker thread with its own SQLite connection when the
 * database is a file, in this thread for `:memory:` (tests of the writer itself) or when
 * HF_TRENDS_WRITE_THREAD=0.
 *
 * Why a thread: on a fast Hub (a mirror, the fake Hub on loopback) the crawler's one thread was
 * the bottleneck, busy with the client's JSON parsing and the SQLite writes in turn. With the writes
 * on their own thread, page k is written while the client parses page k + 1 (measured with
 * bench:crawl; README). The contract is unchanged: each page is one transaction with its
 * checkpoint, pages are written in order, and run-crawl waits for page k's write before handing
 * page k + 1 over, so at most one page is ever in flight.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { buildSync } from "esbuild";
import type { Sqlite } from "../../db/index";
import { endBulkLoad } from "./bulk-load";
import { toModelRow, type ListedModel, type ModelRow } from "./model-row";
import { createPageWriter, type PageCounters, type PageResult, type PageWriter, type PageWriterOptions } from "./page-writer";

export interface WriterSetup {
  file: string;
  crawlId: number;
  insertFirst: boolean;
}

export type WriterRequest =
  // The client's items as listed: structured-cloning them measured ~2 ms a page, less than
  // cloning the derived rows (their tags are one long JSON string each) or JSON.stringify (~4 ms),
  // and toModelRow then runs on the writer's thread too.
  | { type: "page"; items: readonly ListedModel[]; checkpointUrl: string | null; counters: PageCounters; state: string | null }
  | { type: "indexes" }
  | { type: "close" };

/** A page's result, with the listed items that were not stored and why. */
export interface ItemsResult extends PageResult {
  skippedPrivate: number;
  skippedInvalid: number;
}

type WriterReply = { ok: true; result?: ItemsResult } | { ok: false; error: string };

/** Converts a page of listed items and writes the rows (both sides of the thread use this). */
export function writeItems(
  writer: PageWriter, items: readonly ListedModel[], checkpointUrl: string | null, counters: PageCounters, state: string | null,
): ItemsResult {
  const rows: ModelRow[] = [];
  let skippedPrivate = 0;
  let skippedInvalid = 0;
  for (const m of items) {
    const row = toModelRow(m);
    if (!("skip" in row)) rows.push(row);
    else if (row.skip === "private") skippedPrivate++;
    else skippedInvalid++;
  }
  return { ...writer.writePage(rows, checkpointUrl, counters, state), skippedPrivate, skippedInvalid };
}

export interface AsyncPageWriter {
  /** Writes one page of listed items and its checkpoint in one transaction. */
  writePage(items: readonly ListedModel[], checkpointUrl: string | null, counters: PageCounters, state: string | null): Promise<ItemsResult>;
  /** Builds the indexes a first load deferred (bulk-load.ts), on the writer's connection. */
  buildDeferredIndexes(): Promise<void>;
  /** Closes the writer's connection and thread; safe to call twice and after a failure. */
  close(): Promise<void>;
}

export function openPageWriter(sqlite: Sqlite, crawlId: number, opts: PageWriterOptions = {}): AsyncPageWriter {
  if (sqlite.memory || process.env.HF_TRENDS_WRITE_THREAD === "0") return inThread(sqlite, crawlId, opts);
  return onThread({ file: sqlite.name, crawlId, insertFirst: !!opts.insertFirst });
}

function inThread(sqlite: Sqlite, crawlId: number, opts: PageWriterOptions): AsyncPageWriter {
  const writer = createPageWriter(sqlite, crawlId, opts);
  return {
    writePage: async (items, checkpointUrl, counters, state) => writeItems(writer, items, checkpointUrl, counters, state),
    buildDeferredIndexes: async () => endBulkLoad(sqlite),
    close: async () => {},
  };
}

let bundled: string | null = null;

/**
 * write-worker.ts and what it imports, as one CommonJS script (~30 KB, built once per process in
 * ~20 ms). A worker thread does not inherit the TypeScript loader (tsx) of its parent; loading one
 * in the thread measured ~60 MB more peak RSS than this. better-sqlite3 (native) stays a require
 * by absolute path, so the script runs whatever the working directory.
 */
function workerScript(): string {
  if (bundled) return bundled;
  const here = fileURLToPath(import.meta.url);
  const out = buildSync({
    entryPoints: [fileURLToPath(new URL("./write-worker.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    logLevel: "silent",
    external: ["better-sqlite3"],
    // Resolve the external from this project, not from the process's working directory.
    banner: { js: `var require = require("node:module").createRequire(${JSON.stringify(here)});` },
  });
  bundled = out.outputFiles[0].text;
  return bundled;
}

function onThread(setup: WriterSetup): AsyncPageWriter {
  // The writer allocates a page of rows at a time; V8 might otherwise size its young generation to the machine.
  const worker = new Worker(workerScript(), { eval: true, workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
  const waiting: { resolve: (r: WriterReply) => void; reject: (e: Error) => void }[] = [];
  let failure: Error | null = null;
  let closed = false;
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.on("message", (reply: WriterReply) => waiting.shift()?.resolve(reply));
  worker.on("error", (err) => fail(new Error(`page writer thread failed: ${err.message}`)));
  worker.on("exit", (code) => fail(new Error(`page writer thread exited (code ${code})`)));

  const request = async (req: WriterRequest): Promise<{ ok: true; result?: ItemsResult }> => {
    if (failure) throw failure;
    const reply = await new Promise<WriterReply>((resolve, reject) => {
      waiting.push({ resolve, reject });
      worker.postMessage(req);
    });
    if (!reply.ok) throw new Error(reply.error);
    return reply;
  };

  return {
    async writePage(items, checkpointUrl, counters, state) {
      return (await request({ type: "page", items, checkpointUrl, counters, state })).result as ItemsResult;
    },
    async buildDeferredIndexes() {
      await request({ type: "indexes" });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!failure) await request({ type: "close" }).catch(() => {});
      await worker.terminate();
    },
  };
}
