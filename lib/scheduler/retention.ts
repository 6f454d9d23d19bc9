/**
 * Snapshot retention (SNAPSHOT_RETENTION_DAYS, docs/decisions.md): beyond the horizon, per-model
 * snapshots are thinned to one per model per ISO week (UTC, Monday start). Rollups are never
 * touched: every "across crawls" figure keeps its daily resolution; only per-model histories older
 * than the horizon become weekly.
 *
 * Why it still reconstructs: model_snapshots is change-only, and the value of a model at crawl N
 * is its latest row with crawl_id <= N. Within an old week we keep, per model, its LAST row of the
 * week and delete the earlier ones. The kept row is already a full row (every row stores all three
 * values: downloads, all-time downloads, likes; nothing is stored as a delta), so it is the model's
 * complete state at the week's end and needs no rewrite. Hence the value of every model at the
 * last crawl of each thinned week, and at every crawl after it, is exactly what it was before;
 * crawls inside a thinned week read the week's earlier state. (Were rows ever to hold only the
 * columns that changed, this is where the kept row would have to be rewritten with the values
 * reconstructed at it.)
 *
 * Never thinned: weeks that end after the horizon, and any week holding a crawl at or after the
 * latest completed full crawl. The next full crawl's rollup reads each model's value at the
 * previous full crawl (downloads between crawls), which must stay exact.
 *
 * Cost: one pass over model_snapshots in model-id order (its primary key), in batches of
 * BATCH_MODELS models per transaction so a crawl's page writes are never blocked for long.
 */
import type { Sqlite } from "../../db/index";

export const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const BATCH_MODELS = 20_000;

export interface RetentionOptions {
  days: number;
  now?: number;
  dryRun?: boolean;
  onBatch?: (done: number, total: number) => void;
}

export interface RetentionResult {
  days: number;
  /** Snapshots of crawls in weeks ending at or before this instant are thinned (ms). */
  horizon: number;
  weeks: number;
  crawls: number;
  rowsBefore: number;
  rowsDeleted: number;
}

/** Monday 00:00 UTC of the ISO week holding `ms`. */
export function weekStart(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 -> weekday 3 (Monday = 0).
  const weekday = (day + 3) % 7;
  return (day - weekday) * DAY_MS;
}

interface ThinCrawl {
  crawlId: number;
  week: number;
}

/** The crawls whose snapshots may be thinned, each with its week (start, ms). */
export function thinnableCrawls(sqlite: Sqlite, days: number, now = Date.now()): { horizon: number; crawls: ThinCrawl[] } {
  const horizon = now - days * DAY_MS;
  const latestFull = sqlite
    .prepare<[], { id: number }>("SELECT id FROM crawls WHERE kind = 'full' AND status = 'completed' ORDER BY id DESC LIMIT 1")
    .get();
  if (!latestFull) return { horizon, crawls: [] };
  const rows = sqlite
    .prepare<[], { id: number; startedAt: number }>("SELECT id, started_at AS startedAt FROM crawls ORDER BY id")
    .all();
  const byWeek = new Map<number, number[]>();
  for (const r of rows) {
    const w = weekStart(r.startedAt);
    byWeek.set(w, [...(byWeek.get(w) ?? []), r.id]);
  }
  const crawls: ThinCrawl[] = [];
  for (const [week, ids] of byWeek) {
    if (week + WEEK_MS > horizon) continue;
    if (ids.some((id) => id >= latestFull.id)) continue;
    if (ids.length < 2) continue; // one crawl in the week: nothing to thin
    for (const id of ids) crawls.push({ crawlId: id, week });
  }
  return { horizon, crawls };
}

export function thinSnapshots(sqlite: Sqlite, opts: RetentionOptions): RetentionResult {
  if (!Number.isInteger(opts.days) || opts.days < 1) throw new Error("retention days must be a whole number >= 1");
  const { horizon, crawls } = thinnableCrawls(sqlite, opts.days, opts.now);
  const rowsBefore = (sqlite.prepare("SELECT count(*) AS n FROM model_snapshots").get() as { n: number }).n;
  const result: RetentionResult = {
    days: opts.days, horizon, weeks: new Set(crawls.map((c) => c.week)).size, crawls: crawls.length, rowsBefore, rowsDeleted: 0,
  };
  if (crawls.length === 0) return result;

  sqlite.exec("DROP TABLE IF EXISTS temp.thin_crawls");
  sqlite.exec("CREATE TEMP TABLE thin_crawls (crawl_id INTEGER PRIMARY KEY, week INTEGER NOT NULL)");
  try {
    const ins = sqlite.prepare("INSERT INTO temp.thin_crawls (crawl_id, week) VALUES (?, ?)");
    sqlite.transaction(() => crawls.forEach((c) => ins.run(c.crawlId, c.week)))();

    // A row of a thinned week goes when the same model has a later row in the same week.
    const laterInWeek = `EXISTS (
        SELECT 1 FROM temp.thin_crawls a, model_snapshots s2, temp.thin_crawls b
        WHERE a.crawl_id = model_snapshots.crawl_id
          AND s2.model_id = model_snapshots.model_id AND s2.crawl_id > model_snapshots.crawl_id
          AND b.crawl_id = s2.crawl_id AND b.week = a.week)`;
    const where = `model_id BETWEEN ? AND ? AND crawl_id IN (SELECT crawl_id FROM temp.thin_crawls) AND ${laterInWeek}`;
    const count = sqlite.prepare<[number, number], { n: number }>(`SELECT count(*) AS n FROM model_snapshots WHERE ${where}`);
    const del = sqlite.prepare<[number, number]>(`DELETE FROM model_snapshots WHERE ${where}`);
    const range = sqlite.prepare<[], { lo: number | null; hi: number | null }>("SELECT min(id) AS lo, max(id) AS hi FROM models").get();
    if (range?.lo == null || range.hi == null) return result;
    const total = range.hi - range.lo + 1;
    for (let lo = range.lo; lo <= range.hi; lo += BATCH_MODELS) {
      const hi = Math.min(range.hi, lo + BATCH_MODELS - 1);
      if (opts.dryRun) result.rowsDeleted += count.get(lo, hi)!.n;
      else result.rowsDeleted += sqlite.transaction(() => del.run(lo, hi).changes).immediate();
      opts.onBatch?.(hi - range.lo + 1, total);
    }
  } finally {
    sqlite.exec("DROP TABLE IF EXISTS temp.thin_crawls");
  }
  return result;
}
