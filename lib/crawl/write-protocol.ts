/**
 * What the crawl and its page-writer thread exchange, and the work both sides share (converting a
 * page of listed items, feeding a first load's rollups). No esbuild or worker_threads here: the
 * writer thread's bundle includes this file.
 */
import { toModelRow, type ListedModel, type ModelRow } from "./model-row";
import type { PageCounters, PageResult, PageWriter, PageWriterOptions } from "./page-writer";
import { RollupAccumulator } from "./rollup-pass";

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
  // The client's items, flattened by packItems: the crawl's thread pays for the structured clone.
  | { type: "page"; packed: unknown[]; checkpointUrl: string | null; counters: PageCounters; state: string | null }
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


/** Fields of a listed item, in packed order; then the tag count and the tags. */
const PACKED_FIELDS = 11;

/**
 * A page of listed items as one flat array of primitives: structured-cloning it measured ~0.6 ms a
 * page against ~1.25 ms for the item objects (no property names to write per item), and the clone
 * runs on the crawl's busiest thread.
 */
export function packItems(items: readonly ListedModel[]): unknown[] {
  const out: unknown[] = [];
  for (const m of items) {
    const tags = Array.isArray(m.tags) ? m.tags : [];
    out.push(
      m.id, m.name, m.private, m.gated, m.task, m.likes, m.downloads,
      m.updatedAt instanceof Date ? m.updatedAt.getTime() : undefined, m.createdAt, m.library_name, m.downloadsAllTime,
      Array.isArray(m.tags) ? tags.length : -1, ...tags,
    );
  }
  return out;
}

export function unpackItems(packed: readonly unknown[]): ListedModel[] {
  const items: ListedModel[] = [];
  for (let i = 0; i < packed.length; ) {
    const f = packed.slice(i, i + PACKED_FIELDS + 1);
    const n = f[PACKED_FIELDS] as number;
    const tags = n >= 0 ? (packed.slice(i + PACKED_FIELDS + 1, i + PACKED_FIELDS + 1 + n) as string[]) : undefined;
    items.push({
      id: f[0] as string, name: f[1] as string, private: f[2] as boolean, gated: f[3] as ListedModel["gated"],
      task: f[4] as string | undefined, likes: f[5] as number | undefined, downloads: f[6] as number | undefined,
      updatedAt: typeof f[7] === "number" ? new Date(f[7]) : undefined, createdAt: f[8] as string | undefined,
      library_name: f[9] as string | undefined, downloadsAllTime: f[10] as number | undefined, tags,
    });
    i += PACKED_FIELDS + 1 + Math.max(0, n);
  }
  return items;
}
