/**
 * What the crawl and its page-writer thread exchange, and the work both sides share (converting a
 * page of listed items, feeding a first load's rollups). No esbuild or worker_threads here: the
 * writer thread's bundle includes this file.
 */
import { toModelRow, type ListedModel, type ModelRow } from "./model-row";
import type { PageCounters, PageResult, PageWriter, PageWriterOptions } from "./page-writer";
import { RollupAccumulator } from "../rollups/rollup-pass";

export interface WriterSetup {
  file: string;
  crawlId: number;
  insertFirst: boolean;
  /** Accumulate the rollups of a first load as its pages commit (crawl: its per-crawl part too). */
  rollups: { crawl: boolean } | null;
}

/**
 * The rollup accumulator a first load feeds, or null once any row took the general path (a model
 * listed twice, say): then the crawl's end scans `models` as usual.
 */
export function rollupFeeder(rollups: WriterSetup["rollups"]): {
  onCommitted: NonNullable<PageWriterOptions["onCommitted"]>;
  take: () => RollupAccumulator | null;
} | null {
  if (!rollups) return null;
  const acc = new RollupAccumulator();
  let clean = true;
  return {
    onCommitted(inserted, generalPathUsed) {
      if (generalPathUsed) clean = false;
      if (!clean) return;
      // A first load: no true creation dates yet, every model alive and seen by this crawl, no
      // previous crawl (COHORT_TIME_SQL / COHORT_FLOOR_SQL reduce to created_at / its floor flag).
      for (const [id, r] of inserted) {
        acc.add(id, r.createdAt, r.createdAtIsFloor ? 1 : 0, r.frameworkMask, r.pipelineTag, r.libraryName,
          r.downloads30d, r.downloadsAllTime, r.likes, true, rollups.crawl, null, r.author);
      }
    },
    take: () => (clean ? acc : null),
  };
}

export type WriterRequest =
  // The client's items as listed: structured-cloning them measured ~2 ms a page, less than
  // cloning the derived rows (their tags are one long JSON string each) or JSON.stringify (~4 ms),
  // and toModelRow then runs on the writer's thread too.
  | { type: "page"; items: readonly ListedModel[]; checkpointUrl: string | null; counters: PageCounters; state: string | null }
  | { type: "indexes"; only?: string[] }
  | { type: "rollups" }
  | { type: "close" };

/** A page's result, with the listed items that were not stored and why. */
export interface ItemsResult extends PageResult {
  skippedPrivate: number;
  skippedInvalid: number;
}

export type WriterReply = { ok: true; result?: ItemsResult; rollups?: RollupAccumulator | null } | { ok: false; error: string };

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

