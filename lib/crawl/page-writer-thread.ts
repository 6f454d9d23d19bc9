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
 * page k + 1 over, so at most one page is ever in flight. During a first load the writer also
 * accumulates the rollups from the rows it commits (write-protocol.ts), which spares the crawl's
 * end a scan of every model.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { buildSync } from "esbuild";
import type { Sqlite } from "../../db/index";
import { endBulkLoad } from "./bulk-load";
import type { ListedModel } from "./model-row";
import { createPageWriter, type PageCounters } from "./page-writer";
import { RollupAccumulator } from "../rollups/rollup-pass";
import { rollupFeeder, writeItems, type ItemsResult, type WriterReply, type WriterRequest, type WriterSetup } from "./write-protocol";

export interface AsyncPageWriter {
  /** Writes one page of listed items and its checkpoint in one transaction. */
  writePage(items: readonly ListedModel[], checkpointUrl: string | null, counters: PageCounters, state: string | null): Promise<ItemsResult>;
  /** Builds the indexes a first load deferred (bulk-load.ts; `only` those named), on the writer's connection. */
  buildDeferredIndexes(only?: string[]): Promise<void>;
  /** The rollups accumulated by a first load (WriterSetup.rollups), or null. */
  takeRollups(): Promise<RollupAccumulator | null>;
  /** Closes the writer's connection and thread; safe to call twice and after a failure. */
  close(): Promise<void>;
}

export function openPageWriter(
  sqlite: Sqlite, crawlId: number, opts: { insertFirst: boolean; rollups: WriterSetup["rollups"] },
): AsyncPageWriter {
  if (sqlite.memory || process.env.HF_TRENDS_WRITE_THREAD === "0") return inThread(sqlite, crawlId, opts);
  return onThread({ file: sqlite.name, crawlId, insertFirst: opts.insertFirst, rollups: opts.rollups });
}

function inThread(sqlite: Sqlite, crawlId: number, opts: { insertFirst: boolean; rollups: WriterSetup["rollups"] }): AsyncPageWriter {
  const feeder = rollupFeeder(opts.rollups);
  const writer = createPageWriter(sqlite, crawlId, { insertFirst: opts.insertFirst, onCommitted: feeder?.onCommitted });
  return {
    writePage: async (items, checkpointUrl, counters, state) => writeItems(writer, items, checkpointUrl, counters, state),
    buildDeferredIndexes: async (only) => endBulkLoad(sqlite, only),
    takeRollups: async () => feeder?.take() ?? null,
    close: async () => {},
  };
}

let bundled: string | null = null;

/**
 * write-worker.ts and what it imports, as one CommonJS script (built once per process, ~20 ms). A
 * worker thread does not inherit the TypeScript loader (tsx) of its parent, and loading one in the
 * thread measured ~60 MB more peak RSS than this. better-sqlite3 (native) stays external, required
 * relative to this file, so the script runs whatever the working directory.
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

  const request = async (req: WriterRequest): Promise<{ ok: true; result?: ItemsResult; rollups?: RollupAccumulator | null }> => {
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
    async buildDeferredIndexes(only) {
      await request({ type: "indexes", only });
    },
    async takeRollups() {
      const clone = (await request({ type: "rollups" })).rollups;
      return clone ? RollupAccumulator.fromClone(clone) : null;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!failure) await request({ type: "close" }).catch(() => {});
      await worker.terminate();
    },
  };
}
