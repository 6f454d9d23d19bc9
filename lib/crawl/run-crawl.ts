/**
 * One listing crawl (full, incremental or scoped) with @huggingface/hub's listModels into SQLite.
 * What every crawl kind shares (lock, `crawls` row, Hub fetch, counters, progress, stop signal) is
 * the crawl session (crawl-session.ts); this file keeps what is the listing's own: planning (new,
 * incremental or resumed, and where the listing starts), paging, and completion.
 *
 * How pages, checkpoints and resume fit the client: listModels hides its pages and cursors, so the
 * fetch we give it sees each page boundary. The client asks for page k+1 only after it has yielded
 * every item of page k, so at that moment the buffer holds exactly page k: we write it, with the URL
 * about to be fetched as the checkpoint, in one transaction. `--resume` sends the client's first
 * request to that checkpoint instead (docs/decisions.md "Crawls"). A crash loses at most the page in flight.
 */
import { listModels } from "@huggingface/hub";
import type { Sqlite } from "../../db/index";
import type { CrawlKind } from "../../db/schema";
import { finishCrawl, kindOfScope, lastCompletedCrawl, type CrawlScope } from "./crawl-runs";
import { CrawlSession, CrawlStopped, type SessionOptions, type SessionProgress } from "./crawl-session";
import { hit } from "./failpoints";
import { buildSearchIndex, searchIndexBehind } from "./search-index";
import { LIST_ADDITIONAL_FIELDS, skipReason, type ListedModel } from "./model-row";
import { openPageWriter, type AsyncPageWriter } from "./page-writer-thread";
import { computeRollups, type ComputedRollups, type RollupAccumulator } from "../rollups/rollup-pass";
import { beginBulkLoad, endBulkLoad } from "./bulk-load";
import { UsageError } from "../usage-error";
import { formatFull } from "../charts/format";

export { CrawlStopped };

/** Models per page: the Hub's maximum (the client asks for 500; we rewrite its first request). */
export const PAGE_SIZE = 1000;

/** The listing crawl kinds `--resume` continues. */
const LISTING_KINDS: readonly CrawlKind[] = ["full", "incremental", "scoped"];

export interface CrawlOptions extends SessionOptions {
  sqlite: Sqlite | null; // null only for a dry run
  scope?: CrawlScope;
  /** New models since the last completed crawl's high-water `_id` only. */
  incremental?: boolean;
  resume?: boolean;
  dryRun?: boolean;
  onProgress?: (p: CrawlProgress) => void;
}

export interface CrawlProgress extends SessionProgress {
  /** Distinct models of this crawl stored so far (including before a resume). */
  models: number;
  modelsNew: number;
  pages: number;
  /** Models expected in total (last full crawl's count, or the limit), for the ETA. */
  expected: number | null;
}

export interface CrawlSummary extends CrawlProgress {
  status: "completed" | "failed" | "interrupted" | "nothing-to-resume";
  modelsGone: number;
  skippedPrivate: number;
  skippedInvalid: number;
  error?: string;
  resumed: boolean;
  /**
   * The substring search index, rebuilt after a completed crawl (ms; null when not built). It comes
   * after the crawl is marked completed and its lock released: the listing's throughput and the
   * moment new data shows are unchanged, and search answers by prefix until the first build.
   */
  searchIndexMs: number | null;
  /** The process's peak RSS (MB) when the crawl ended, before the search index: what the crawl itself needed. */
  peakRssMbAtEnd: number;
}

/**
 * Kept in crawls.checkpoint_state by full and incremental crawls: the high-water `_id` the next
 * incremental crawl starts from (docs/decisions.md "Crawls": new models since the last completed crawl's
 * high-water `_id`, by sort=createdAt).
 */
interface HighWaterState {
  /** Incremental only: stop at the first model whose `_id` is at or below this one (already stored). */
  since: string | null;
  /** Highest `_id` seen by this crawl. */
  maxSeen: string | null;
}

/** What planning decided: the crawl's scope, where its listing starts, and its high-water state. */
interface Plan {
  scope: CrawlScope;
  /** The checkpointed next-page URL of a resumed crawl; null = the first page. */
  startUrl: string | null;
  highWater: HighWaterState | null;
  /** A resumed crawl that had listed everything: only the completion is left. */
  listingDone: boolean;
}

/**
 * Planning: a resumed crawl continues its row (scope, checkpoint, high-water state); a new one gets
 * its kind from its scope (an incremental crawl needs a completed crawl's high-water mark, or it
 * becomes a full one) and a row. Null when there is nothing to resume.
 */
function plan(session: CrawlSession, opts: CrawlOptions): Plan | null {
  if (opts.resume && session.sqlite) {
    const c = session.resume(LISTING_KINDS);
    if (!c) return null;
    const highWater = c.kind === "full" || c.kind === "incremental" ? readHighWater(c.checkpointState) : null;
    const listingDone = !c.checkpointUrl && c.pages > 0;
    if (listingDone) {
      // Pages were written but no next URL: the listing had ended; only the completion step is left.
      session.notice(`crawl #${c.id} had listed everything; completing it`);
    } else {
      session.notice(`resuming crawl #${c.id} (${c.kind}) after ${formatFull(c.modelsSeen)} models, ${c.pages} pages`);
    }
    return { scope: JSON.parse(c.scope) as CrawlScope, startUrl: c.checkpointUrl, highWater, listingDone };
  }
  let scope = opts.scope ?? {};
  let kind: CrawlKind = kindOfScope(scope);
  let highWater: HighWaterState | null = null;
  if (opts.incremental) {
    if (kind !== "full") throw new UsageError("--incremental cannot be combined with filters, --sort or --limit");
    const prev = opts.sqlite ? lastCompletedCrawl(opts.sqlite, ["full", "incremental"]) : undefined;
    const since = readHighWater(prev?.checkpointState ?? null).maxSeen;
    if (since) {
      kind = "incremental";
      highWater = { since, maxSeen: null };
    } else {
      session.notice("no completed crawl to continue from: running a full crawl instead of an incremental one");
    }
  }
  if (kind === "full" || kind === "incremental") {
    scope = { ...scope, sort: "createdAt" };
    highWater ??= { since: null, maxSeen: null };
  }
  session.kind = kind;
  if (session.sqlite) session.create(kind, scope, highWater ? JSON.stringify(highWater) : null);
  return { scope, startUrl: null, highWater, listingDone: false };
}

export async function runCrawl(opts: CrawlOptions): Promise<CrawlSummary> {
  const sqlite = opts.sqlite;
  if (!sqlite && !opts.dryRun) throw new Error("runCrawl needs a database unless dryRun");
  const session = await CrawlSession.open(opts.dryRun ? null : sqlite, "full", opts);
  if (session.sqlite) catchUpSearchIndex(session.sqlite, (m) => session.notice(m));

  let planned: Plan | null;
  try {
    planned = plan(session, opts);
  } catch (err) {
    session.close();
    throw err;
  }
  if (!planned) {
    session.close();
    return nothingToResume(session);
  }
  const { scope, startUrl, highWater, listingDone } = planned;
  if (scope.limit !== undefined) session.expected = scope.limit;
  const crawlId = session.crawlId;
  const kind = session.kind;
  const db = session.sqlite;

  const bulk = db && crawlId !== null ? beginBulkLoad(db) : false;
  const writer: AsyncPageWriter | null = db && crawlId !== null
    ? openPageWriter(db, crawlId, { insertFirst: bulk, rollups: bulk ? { crawl: kind === "full" } : null })
    : null;
  let pagesThisRun = 0;
  const counters = () => ({ pages: session.pagesBefore + pagesThisRun, ...session.counters() });

  let buffer: ListedModel[] = [];
  let modelsNew = 0;
  let skippedPrivate = 0;
  let skippedInvalid = 0;
  const remainingLimit = scope.limit !== undefined ? Math.max(0, scope.limit - session.doneBefore) : undefined;

  const progress = (): CrawlProgress => ({
    ...session.progress(), models: session.done, modelsNew, pages: counters().pages, expected: session.expected,
  });

  /** The write of the last page handed over; the next page waits for it (one page in flight). */
  let writing: Promise<void> = Promise.resolve();
  const flush = (checkpointUrl: string | null): Promise<void> => {
    if (highWater) {
      for (const m of buffer) {
        if ((!highWater.maxSeen || m.id > highWater.maxSeen) && !skipReason(m)) highWater.maxSeen = m.id;
      }
    }
    const items = buffer;
    buffer = [];
    if (writer) {
      writing = writer.writePage(items, checkpointUrl, counters(), highWater ? JSON.stringify(highWater) : null).then((res) => {
        session.doneThisRun += res.seen;
        modelsNew += res.inserted;
        skippedPrivate += res.skippedPrivate;
        skippedInvalid += res.skippedInvalid;
        opts.onProgress?.(progress());
      });
    } else {
      for (const m of items) {
        const skip = skipReason(m);
        if (skip === "private") skippedPrivate++;
        else if (skip === "invalid") skippedInvalid++;
        else session.doneThisRun++;
      }
      opts.onProgress?.(progress());
    }
    return writing;
  };

  // Read-ahead: as soon as page k has arrived, page k+1 (its Link header) is requested, so the Hub
  // prepares it while the client parses page k and the writer writes page k-1. Requests stay one
  // at a time. Not when the crawl may stop before the listing ends (--limit, the incremental
  // high-water mark): the page read ahead would be a request made for nothing.
  const readAhead = scope.limit === undefined && !highWater?.since;
  let ahead: { url: string; res: Promise<Response> } | null = null;
  const fetchPage = (url: string, init?: RequestInit): Promise<Response> => {
    let res: Promise<Response>;
    if (ahead?.url === url) res = ahead.res;
    else res = session.fetch(url, init);
    ahead = null;
    if (!readAhead) return res;
    return res.then((r) => {
      const nextUrl = nextLink(r.headers.get("link"));
      if (nextUrl && r.ok && !session.stopRequested) {
        const p = session.fetch(nextUrl, init);
        p.catch(() => {}); // awaited when the client asks for it
        ahead = { url: nextUrl, res: p };
      }
      return r;
    });
  };

  let first = true;
  const crawlerFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    let url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (first) {
      first = false;
      if (startUrl) url = startUrl;
      else url = withPageSize(url, Math.min(PAGE_SIZE, remainingLimit ?? PAGE_SIZE));
    } else if (session.stopRequested) {
      await writing;
      await flush(url);
      throw new CrawlStopped("stopped by signal");
    } else {
      // Ask for page k+1 first, then hand page k to the writer: its write overlaps the Hub's
      // latency and the client's parsing of page k+1 instead of adding up. One turn of the event
      // loop lets the request reach the socket first (an in-thread write blocks the thread).
      const next = fetchPage(url, init);
      next.catch(() => {}); // awaited below; a failure must not surface as unhandled meanwhile
      await new Promise((resolve) => setImmediate(resolve));
      await writing; // page k-1 is committed before page k is handed over
      flush(url).catch(() => {}); // awaited at the next page or at the end
      if (session.stopRequested) {
        await writing;
        throw new CrawlStopped("stopped by signal");
      }
      const res = await next;
      pagesThisRun++;
      return res;
    }
    const res = await fetchPage(url, init);
    pagesThisRun++;
    return res;
  }) as typeof fetch;

  let status: CrawlSummary["status"] = "completed";
  let error: string | undefined;
  let modelsGone = 0;
  try {
    if (!listingDone && remainingLimit !== 0) {
      const iterator = listModels({
        hubUrl: opts.hubUrl,
        ...(opts.token ? { accessToken: opts.token } : {}),
        search: {
          ...(scope.search !== undefined ? { query: scope.search } : {}),
          ...(scope.author !== undefined ? { owner: scope.author } : {}),
          ...(scope.task !== undefined ? { task: scope.task as never } : {}),
          ...(scope.tags?.length ? { tags: scope.tags } : {}),
        },
        sort: scope.sort ?? "createdAt",
        additionalFields: [...LIST_ADDITIONAL_FIELDS],
        ...(remainingLimit !== undefined ? { limit: remainingLimit } : {}),
        fetch: crawlerFetch,
      });
      for await (const entry of iterator) {
        const m = entry as unknown as ListedModel;
        if (highWater?.since && typeof m.id === "string" && m.id <= highWater.since) {
          break;
        }
        buffer.push(m);
      }
      // The listing ended (no next link), the limit was reached, or the high-water mark.
      await writing;
      await flush(null);
    }
    if (db && crawlId !== null && writer) {
      modelsGone = await completeCrawl(db, crawlId, kind, writer, { emptyAtStart: bulk });
    }
  } catch (err) {
    const stopped = session.isStop(err);
    status = stopped ? "interrupted" : "failed";
    error = stopped ? "stopped by signal" : session.errorText(err);
    if (db && crawlId !== null) {
      // Each step on its own: after a disk-full or I/O error the writer's close and the deferred
      // index builds may fail again, and the crawls row must still end failed (with its error and
      // the requests made since the last committed page), and the lock be released.
      await writing.catch(() => {});
      await writer?.close().catch(() => {});
      if (!session.finish(status, error)) error += " (the crawls row could not be updated: it is marked failed when the lock is taken over)";
      session.attempt("build the deferred search indexes", () => endBulkLoad(db));
    }
  } finally {
    await writer?.close().catch(() => {});
    session.close();
  }
  const ended = progress(); // the crawl's own time, rate and memory: the search index is reported apart
  const peakRssMbAtEnd = process.resourceUsage().maxRSS / 1024;
  if (status === "completed") hit("before-search-index");
  const searchIndexMs = status === "completed" && db && crawlId !== null ? rebuildSearchIndex(db, crawlId, (m) => session.notice(m)) : null;
  return { ...ended, status, modelsGone, skippedPrivate, skippedInvalid, error, resumed: !!opts.resume, searchIndexMs, peakRssMbAtEnd };
}

/**
 * The search index of the models alive after a completed crawl. A failure (or a kill) leaves the
 * previous index, or the prefix path before the first one, never a failed crawl; the next completed
 * crawl rebuilds it.
 */
function rebuildSearchIndex(sqlite: Sqlite, crawlId: number, notice: (m: string) => void): number | null {
  try {
    return buildSearchIndex(sqlite, crawlId).ms;
  } catch (err) {
    notice(`search index not rebuilt: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

/**
 * Under the lock, before anything else: a crawl killed after it was marked completed but before its
 * search index was rebuilt left search on the crawl before it (new models missing) until the next
 * completed crawl, a day later with the scheduler (a crawl of the real Hub takes 16+ minutes). The
 * next listing crawl (the CLI's or the scheduler's), or `--resume` with nothing to resume, rebuilds it first.
 */
function catchUpSearchIndex(sqlite: Sqlite, notice: (m: string) => void): void {
  const behind = searchIndexBehind(sqlite);
  if (behind === null) return;
  notice(`the search index was not rebuilt after crawl #${behind} (stopped before it): rebuilding it first`);
  const ms = rebuildSearchIndex(sqlite, behind, notice);
  if (ms !== null) notice(`search index rebuilt in ${(ms / 1000).toFixed(1)} s`);
}

/**
 * The end of a crawl. A full crawl first marks the models it did not see as gone; then the rollups
 * are computed from one read-only scan while the writer's connection builds any index a first
 * load deferred (the listing is over, so the second core is free), or, after a first load, taken
 * from the writer once it has built them (then its thread ends); last, one transaction writes
 * the rollups (they equal a recount of the models table) and marks the crawl completed. Killed
 * anywhere in between, `--resume` redoes these steps: each is idempotent.
 */
async function completeCrawl(
  sqlite: Sqlite, crawlId: number, kind: CrawlKind, writer: AsyncPageWriter, opts: { emptyAtStart: boolean },
): Promise<number> {
  // A crawl that began on an empty database (in this process, under the lock) saw every model
  // there is: none can be gone, and the marking would be a full scan of `models` (~1 s per 1M).
  const markGone = kind === "full" && !opts.emptyAtStart;
  const prev = kind === "full"
    ? sqlite
      .prepare<[number], { id: number }>(
        "SELECT id FROM crawls WHERE kind = 'full' AND status = 'completed' AND id < ? ORDER BY id DESC LIMIT 1",
      )
      .get(crawlId)
    : undefined;
  if (markGone) {
    sqlite
      .prepare("UPDATE models SET gone_since_crawl = ? WHERE last_seen_crawl < ? AND gone_since_crawl IS NULL")
      .run(crawlId, crawlId);
  }
  const indexes = writer.buildDeferredIndexes();
  indexes.catch(() => {}); // awaited below
  const pass = { cohortsCrawlId: crawlId, crawl: kind === "full" ? { id: crawlId, prevFullCrawlId: prev?.id ?? null } : null };
  let rollups: ComputedRollups;
  // The scan reads every page once: a big page cache would only add to peak RSS.
  const cacheSize = sqlite.pragma("cache_size", { simple: true }) as number;
  sqlite.pragma("cache_size = -2000");
  try {
    // A first load's rollups were accumulated by the writer as its pages committed. Taken once the
    // writer has built the indexes, and its thread then ends: the structured clone does not overlap
    // the index builds' sorter, and the catch-up reads (through the author index) and the write,
    // the completion's peaks of memory, overlap neither the sorter nor the writer's thread (its own
    // copy of the rollups, its heap, its connection). Measured at 1M models: 284 -> 263 MB peak RSS.
    let fed: RollupAccumulator | null = null;
    if (opts.emptyAtStart && !prev) {
      await indexes;
      fed = await writer.takeRollups();
      await writer.close();
    }
    // Used when they account for every stored model; else (or after a resume) the scan counts.
    const stored = fed ? (sqlite.prepare("SELECT count(*) AS n FROM models").get() as { n: number }).n : -1;
    if (fed && fed.models === stored) {
      const acc = fed;
      rollups = { write: (db) => acc.write(db, pass) };
      acc.catchUp(sqlite, pass);
    } else rollups = computeRollups(sqlite, pass);
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    await indexes;
  }
  await writer.close();
  const tx = sqlite.transaction(() => {
    rollups.write(sqlite);
    // Counted, not taken from the UPDATE: a resumed completion finds them already marked.
    const gone = !markGone ? 0 : (sqlite.prepare("SELECT count(*) AS n FROM models WHERE gone_since_crawl = ?").get(crawlId) as { n: number }).n;
    sqlite.prepare("UPDATE crawls SET models_gone = ?, checkpoint_url = NULL WHERE id = ?").run(gone, crawlId);
    finishCrawl(sqlite, crawlId, "completed");
    return gone;
  });
  return tx.immediate();
}

/** The rel="next" target of a Link header (docs/hub-api.md: absolute URL, the format the client parses). */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const m of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    if (/;\s*rel\s*=\s*"?next"?\s*(;|,|$)/.test(m[2])) return m[1];
  }
  return null;
}

function readHighWater(json: string | null): HighWaterState {
  if (!json) return { since: null, maxSeen: null };
  const s = JSON.parse(json) as Partial<HighWaterState>;
  return { since: s.since ?? null, maxSeen: s.maxSeen ?? null };
}

/** The client asks for min(limit, 500) per page; the Hub serves up to 1000 and keeps it in the next links. */
export function withPageSize(url: string, size: number): string {
  const u = new URL(url);
  if (u.pathname.endsWith("/api/models")) u.searchParams.set("limit", String(size));
  return u.href;
}

function nothingToResume(session: CrawlSession): CrawlSummary {
  return {
    ...session.progress(), models: 0, modelsNew: 0, pages: 0, expected: null, status: "nothing-to-resume",
    modelsGone: 0, skippedPrivate: 0, skippedInvalid: 0, resumed: true, searchIndexMs: null, peakRssMbAtEnd: process.resourceUsage().maxRSS / 1024,
  };
}
