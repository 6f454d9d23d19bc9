/**
 * Writes one listing page in one transaction, together with the crawl's checkpoint, so that a
 * crash at any instant leaves either the whole page and its checkpoint or neither.
 *
 * Prepared better-sqlite3 statements, not drizzle's insert builder: the builder measured 3-5x slower
 * on this machine (docs/decisions.md "Speed choices") and the crawl's write path is the crawler's bottleneck.
 */
import type { Statement } from "better-sqlite3";
import type { Sqlite } from "../../db/index";
import { FILE_CONFIRMED_MASK } from "../frameworks/classify";
import type { ModelRow } from "./model-row";
import { hit, reached } from "./failpoints";

const MODEL_COLUMNS = `hub_id, repo_id, author, library_name, pipeline_tag, created_at, created_at_is_floor,
  last_modified, gated, tags, framework_mask, framework_candidates, downloads_30d, downloads_all_time, likes,
  first_seen_crawl, last_seen_crawl`;
const BULK_CHUNK = 50;

export interface PageCounters {
  pages: number;
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

export interface PageResult {
  /** Distinct models of this crawl first seen on this page. */
  seen: number;
  inserted: number;
  renamed: number;
  snapshots: number;
}

export interface PageWriter {
  writePage(rows: readonly ModelRow[], checkpointUrl: string | null, counters: PageCounters, state?: string | null): PageResult;
}

/** The stored columns a listing can change, in the order the statements bind them. */
interface Existing {
  id: number;
  repo_id: string;
  author: string | null;
  library_name: string | null;
  pipeline_tag: string | null;
  created_at: number;
  last_modified: number | null;
  gated: string | null;
  tags: string;
  framework_mask: number;
  framework_candidates: number;
  downloads_30d: number;
  downloads_all_time: number;
  likes: number;
  last_seen_crawl: number;
  gone_since_crawl: number | null;
}

function unchanged(old: Existing, row: ModelRow): boolean {
  return (
    old.repo_id === row.repoId && old.author === row.author && old.library_name === row.libraryName &&
    old.pipeline_tag === row.pipelineTag && old.created_at === row.createdAt && old.last_modified === row.lastModified &&
    old.gated === row.gated && old.tags === row.tags &&
    (old.framework_mask & ~FILE_CONFIRMED_MASK) === row.frameworkMask &&
    old.framework_candidates === row.frameworkCandidates && old.gone_since_crawl === null &&
    !metricsChanged(old, row)
  );
}

function metricsChanged(old: Existing, row: ModelRow): boolean {
  return old.downloads_30d !== row.downloads30d || old.downloads_all_time !== row.downloadsAllTime || old.likes !== row.likes;
}

export interface PageWriterOptions {
  /**
   * Insert before looking models up, many rows per statement: right when nearly every model is
   * new (the first crawl of an empty database), where lookups are wasted work. A conflict falls
   * back to the general path, so a model listed twice is still handled.
   */
  insertFirst?: boolean;
  /**
   * Told, after each page commits, of every row that page inserted through the bulk path (with
   * its id), and of whether any row of the crawl so far took the general path instead: a first
   * load's rollups can then be accumulated as it goes (run-crawl) instead of by a scan at the end.
   */
  onCommitted?: (inserted: readonly (readonly [number, ModelRow])[], generalPathUsed: boolean) => void;
}

export function createPageWriter(sqlite: Sqlite, crawlId: number, opts: PageWriterOptions = {}): PageWriter {
  // Positional parameters throughout: binding an array is measurably cheaper than a named object,
  // and this runs once per model per crawl (3M times a day).
  const select = sqlite.prepare<[string], Existing>(
    `SELECT id, repo_id, author, library_name, pipeline_tag, created_at, last_modified, gated, tags, framework_mask,
       framework_candidates, downloads_30d, downloads_all_time, likes, last_seen_crawl, gone_since_crawl
     FROM models WHERE hub_id = ?`,
  );
  const insert = sqlite.prepare(
    `INSERT INTO models (${MODEL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (hub_id) DO NOTHING`,
  );
  // Pushed field by field into the statement's array: a per-row array spread into a chunk's was a
  // visible share of a first load's writes.
  const pushInsertParams = (out: unknown[], row: ModelRow) => out.push(
    row.hubId, row.repoId, row.author, row.libraryName, row.pipelineTag, row.createdAt, row.createdAtIsFloor ? 1 : 0,
    row.lastModified, row.gated, row.tags, row.frameworkMask, row.frameworkCandidates, row.downloads30d,
    row.downloadsAllTime, row.likes, crawlId, crawlId,
  );
  // Bits confirmed from files (tfjs) are not visible in a listing: keep them across re-crawls.
  const update = sqlite.prepare(
    `UPDATE models SET repo_id = ?, author = ?, library_name = ?, pipeline_tag = ?, created_at = ?,
       created_at_is_floor = ?, last_modified = ?, gated = ?, tags = ?,
       framework_mask = ? | (framework_mask & ${FILE_CONFIRMED_MASK}), framework_candidates = ?,
       downloads_30d = ?, downloads_all_time = ?, likes = ?, last_seen_crawl = ?, gone_since_crawl = NULL
     WHERE id = ?`,
  );
  // Most models are unchanged from one day to the next (most have no downloads at all): for them
  // only the presence mark moves, a far cheaper update than rewriting every column.
  const touch = sqlite.prepare("UPDATE models SET last_seen_crawl = ? WHERE id = ?");
  const snapshot = sqlite.prepare(
    `INSERT INTO model_snapshots (model_id, crawl_id, downloads_30d, downloads_all_time, likes) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (model_id, crawl_id) DO UPDATE SET downloads_30d = excluded.downloads_30d,
       downloads_all_time = excluded.downloads_all_time, likes = excluded.likes`,
  );
  const selectId = sqlite.prepare<[string], { id: number }>("SELECT id FROM models WHERE hub_id = ?");
  let nextId = opts.insertFirst ? ((sqlite.prepare("SELECT max(id) AS m FROM models").get() as { m: number | null }).m ?? 0) + 1 : 0;
  // First load: multi-row statements (docs/decisions.md "Speed choices": ~2x the rows/s of one row per statement).
  // 50 rows x 17 columns stays far below SQLite's bound-parameter limit.
  const bulkStatements = new Map<number, { models: Statement; snapshots: Statement }>();
  const bulkFor = (n: number) => {
    let st = bulkStatements.get(n);
    if (!st) {
      st = {
        models: sqlite.prepare(
          `INSERT INTO models (id, ${MODEL_COLUMNS}) VALUES ${Array(n).fill(`(${"?, ".repeat(17)}?)`).join(", ")}
           ON CONFLICT (hub_id) DO NOTHING`,
        ),
        snapshots: sqlite.prepare(
          `INSERT INTO model_snapshots (model_id, crawl_id, downloads_30d, downloads_all_time, likes)
           VALUES ${Array(n).fill("(?, ?, ?, ?, ?)").join(", ")}`,
        ),
      };
      bulkStatements.set(n, st);
    }
    return st;
  };
  const rename = sqlite.prepare(
    "INSERT INTO model_renames (hub_id, old_repo_id, new_repo_id, crawl_id) VALUES (?, ?, ?, ?)",
  );
  const progress = sqlite.prepare(
    `UPDATE crawls SET pages = @pages, requests = @requests, retries = @retries, rate_limit_waits = @rateLimitWaits,
       rate_limit_wait_ms = @rateLimitWaitMs, models_seen = models_seen + @seen, models_new = models_new + @inserted,
       checkpoint_url = @checkpointUrl, checkpoint_state = COALESCE(@state, checkpoint_state), heartbeat_at = @now
     WHERE id = @crawlId`,
  );
  const heartbeatLock = sqlite.prepare("UPDATE crawl_lock SET heartbeat_at = ? WHERE crawl_id = ?");

  /** One model through the general path: look it up, then insert, touch or update it. */
  const writeOne = (row: ModelRow, result: PageResult) => {
    const existing = select.get(row.hubId);
    if (!existing) {
      const params: unknown[] = [];
      pushInsertParams(params, row);
      const id = Number(insert.run(params).lastInsertRowid);
      snapshot.run(id, crawlId, row.downloads30d, row.downloadsAllTime, row.likes);
      result.inserted++;
      result.seen++;
      result.snapshots++;
      return;
    }
    // A model listed twice in one crawl (values moving under a non-createdAt sort) counts once.
    if (existing.last_seen_crawl !== crawlId) result.seen++;
    if (unchanged(existing, row)) {
      if (existing.last_seen_crawl !== crawlId) touch.run(crawlId, existing.id);
      return;
    }
    update.run(
      row.repoId, row.author, row.libraryName, row.pipelineTag, row.createdAt, row.createdAtIsFloor ? 1 : 0,
      row.lastModified, row.gated, row.tags, row.frameworkMask, row.frameworkCandidates, row.downloads30d,
      row.downloadsAllTime, row.likes, crawlId, existing.id,
    );
    if (existing.repo_id !== row.repoId) {
      rename.run(row.hubId, existing.repo_id, row.repoId, crawlId);
      result.renamed++;
    }
    if (metricsChanged(existing, row)) {
      snapshot.run(existing.id, crawlId, row.downloads30d, row.downloadsAllTime, row.likes);
      result.snapshots++;
    }
  };

  /**
   * The first load: rows go in 50 at a time. A row the multi-row INSERT skipped (already stored, or
   * listed twice in one chunk) takes the general path, after the chunk's new rows are in.
   */
  const writeBulk = (rows: readonly ModelRow[], result: PageResult) => {
    const half = Math.floor(rows.length / 2);
    for (let start = 0; start < rows.length; start += BULK_CHUNK) {
      if (start <= half && half < start + BULK_CHUNK) hit("page-tx");
      const chunk = rows.slice(start, start + BULK_CHUNK);
      // Ids are assigned here rather than read back (RETURNING made the multi-row insert slower
      // than single rows); a skipped row leaves an unused id, which is harmless.
      const ids = chunk.map(() => nextId++);
      const params: unknown[] = [];
      for (let k = 0; k < chunk.length; k++) {
        params.push(ids[k]);
        pushInsertParams(params, chunk[k]);
      }
      const inserted = bulkFor(chunk.length).models.run(params).changes;
      const snaps: unknown[] = [];
      const rest: ModelRow[] = [];
      chunk.forEach((row, k) => {
        // All in (the usual case), or check which rows got the id meant for them.
        if (inserted === chunk.length || selectId.get(row.hubId)?.id === ids[k]) {
          snaps.push(ids[k], crawlId, row.downloads30d, row.downloadsAllTime, row.likes);
          if (opts.onCommitted) bulkInserted.push([ids[k], row]);
        } else rest.push(row);
      });
      if (snaps.length > 0) bulkFor(snaps.length / 5).snapshots.run(snaps);
      result.inserted += inserted;
      result.seen += inserted;
      result.snapshots += inserted;
      if (rest.length > 0) generalPathUsed = true;
      for (const row of rest) writeOne(row, result);
    }
  };
  let bulkInserted: [number, ModelRow][] = [];
  let generalPathUsed = false;

  const write = sqlite.transaction(
    (rows: readonly ModelRow[], checkpointUrl: string | null, counters: PageCounters, state: string | null): PageResult => {
      const result: PageResult = { seen: 0, inserted: 0, renamed: 0, snapshots: 0 };
      if (opts.insertFirst) writeBulk(rows, result);
      else {
        const half = Math.floor(rows.length / 2);
        for (const [i, row] of rows.entries()) {
          if (i === half) hit("page-tx");
          writeOne(row, result);
        }
      }
      const now = Date.now();
      progress.run({ ...counters, seen: result.seen, inserted: result.inserted, checkpointUrl, state, now, crawlId });
      heartbeatLock.run(now, crawlId);
      return result;
    },
  );

  return {
    writePage(rows, checkpointUrl, counters, state = null) {
      bulkInserted = [];
      if (reached("disk-full")) sqlite.pragma(`max_page_count = ${sqlite.pragma("page_count", { simple: true }) as number}`);
      if (!opts.insertFirst && rows.length > 0) generalPathUsed = true;
      const result = write(rows, checkpointUrl, counters, state);
      opts.onCommitted?.(bulkInserted, generalPathUsed);
      bulkInserted = [];
      hit("after-page");
      return result;
    },
  };
}
