/**
 * The page writer's thread: its own SQLite connection, the same page writer as in-thread. Requests
 * are handled one at a time in arrival order; each reply says ok or carries the error's message.
 * page-writer-thread.ts bundles this file (it must not import drizzle or anything large: the
 * thread's memory counts in the crawler's peak RSS).
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { configureConnection } from "../../db/connection";
import { endBulkLoad } from "./bulk-load";
import { createPageWriter } from "./page-writer";
import { rollupFeeder, writeItems, type WriterRequest, type WriterSetup } from "./write-protocol";

const setup = workerData as WriterSetup;
const sqlite = new Database(setup.file);
configureConnection(sqlite, false);
// Appends need few cached pages; SQLite's default here (16 MB) would all count in peak RSS.
sqlite.pragma("cache_size = -4000");
const feeder = rollupFeeder(setup.rollups);
const writer = createPageWriter(sqlite, setup.crawlId, { insertFirst: setup.insertFirst, onCommitted: feeder?.onCommitted });
const port = parentPort!;

port.on("message", (req: WriterRequest) => {
  try {
    if (req.type === "page") {
      port.postMessage({ ok: true, result: writeItems(writer, req.items, req.checkpointUrl, req.counters, req.state) });
    } else if (req.type === "indexes") {
      endBulkLoad(sqlite, req.only);
      port.postMessage({ ok: true });
    } else if (req.type === "rollups") {
      // The sums' buffers are moved, not copied: a copy of them beside the writer's own and the
      // serialized message measured +42 MB of peak RSS at 3.1M models (the crawl's peak).
      const rollups = feeder?.take() ?? null;
      port.postMessage({ ok: true, rollups }, rollups?.buffers() ?? []);
    } else {
      sqlite.close();
      port.postMessage({ ok: true });
      port.close();
    }
  } catch (err) {
    port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
