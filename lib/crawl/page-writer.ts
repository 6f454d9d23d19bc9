/**
 * Writes one listing page in one transaction, together with the crawl's checkpoint, so that a
 * crash at any instant leaves either the whole page and its checkpoint or neither.
 *
 * Prepared better-sqlite3 statements, not drizzle's insert builder: the builder measured 3-5x slower
 * on this machine (perf-limits.md) and the crawl's write path is the crawler's bottleneck.
 */
import type { Sqlite } from "../../db/index";
import { FILE_CONFIRMED_MASK } from "../frameworks/classify";
import type { ModelRow } from "./model-row";
import { hit } from "./failpoints";

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
   * Try the INSERT before looking the model up: right when nearly every model is new (the first
   * crawl of an empty database), where the lookup is wasted work; a conflict falls back to the
   * lookup path, so a model listed twice is still handled.
   */
  insertFirst?: boolean;
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
    `INSERT INTO models (hub_id, repo_id, author, library_name, pipeline_tag, created_at, created_at_is_floor,
       last_modified, gated, tags, framework_mask, framework_candidates, downloads_30d, downloads_all_time, likes,
       first_seen_crawl, last_seen_crawl)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (hub_id) DO NOTHING`,
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

  const write = sqlite.transaction(
    (rows: readonly ModelRow[], checkpointUrl: string | null, counters: PageCounters, state: string | null): PageResult => {
      const result: PageResult = { seen: 0, inserted: 0, renamed: 0, snapshots: 0 };
      const half = Math.floor(rows.length / 2);
      for (const [i, row] of rows.entries()) {
        if (i === half) hit("page-tx");
        let existing = opts.insertFirst ? undefined : select.get(row.hubId);
        if (!existing) {
          const info = insert.run(
            row.hubId, row.repoId, row.author, row.libraryName, row.pipelineTag, row.createdAt, row.createdAtIsFloor ? 1 : 0,
            row.lastModified, row.gated, row.tags, row.frameworkMask, row.frameworkCandidates, row.downloads30d,
            row.downloadsAllTime, row.likes, crawlId, crawlId,
          );
          if (info.changes === 1) {
            snapshot.run(Number(info.lastInsertRowid), crawlId, row.downloads30d, row.downloadsAllTime, row.likes);
            result.inserted++;
            result.seen++;
            result.snapshots++;
            continue;
          }
          // Insert-first met an existing row: look it up and take the update path.
          existing = select.get(row.hubId)!;
        }
        // A model listed twice in one crawl (values moving under a non-createdAt sort) counts once.
        if (existing.last_seen_crawl !== crawlId) result.seen++;
        if (unchanged(existing, row)) {
          if (existing.last_seen_crawl !== crawlId) touch.run(crawlId, existing.id);
          continue;
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
      }
      const now = Date.now();
      progress.run({ ...counters, seen: result.seen, inserted: result.inserted, checkpointUrl, state, now, crawlId });
      heartbeatLock.run(now, crawlId);
      return result;
    },
  );

  return {
    writePage(rows, checkpointUrl, counters, state = null) {
      const result = write(rows, checkpointUrl, counters, state);
      hit("after-page");
      return result;
    },
  };
}
