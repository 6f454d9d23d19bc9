/**
 * One author's figures at each completed full crawl, rebuilt from the change-only snapshots of its
 * models. Two users: the author filter of the dashboard for authors without per-crawl rollups
 * (lib/queries/sources.ts), and the rollup pass when an author first reaches the size that gets
 * rollups (lib/rollups/author-rollups.ts rebuilds its earlier crawls with this).
 *
 * A model counts at full crawl c when it was first seen at or before c and not gone by c, and has a
 * snapshot at or before c; its values at c are its latest snapshot at or before c; downloads since
 * the previous full crawl p are the all-time delta (from 0 when it had no snapshot by p), as the
 * per-crawl rollups define them. Author, library, task and mask are today's (the per-crawl rollups
 * keep what each crawl saw; they differ only for a model renamed to another namespace or
 * reclassified since).
 */
import type { Sqlite } from "../../db/index";

export interface AuthorCrawlRow {
  crawlId: number;
  mask: number;
  models: number;
  downloads30d: number;
  downloadsAllTime: number;
  /** Null at the first full crawl (nothing to compare with). */
  downloadsSincePrev: number | null;
  likes: number;
}

export interface AuthorFilters {
  library?: string | null;
  task?: string | null;
  /** The models row's mask expression (alias m): the tag mask, or the framework lens's (lib/queries/sources.ts). */
  maskSql?: string;
}

/** Per crawl index: models, downloads_30d, downloads_all_time, downloads_since_prev, likes. */
const W = 5;

/**
 * `crawls` are completed full crawls in order, starting with the first one there is (its
 * downloads since the previous crawl are null); rows come for those crawls only.
 */
export function authorCrawlHistory(sqlite: Sqlite, author: string, crawls: readonly number[], f: AuthorFilters = {}): AuthorCrawlRow[] {
  if (crawls.length === 0) return [];
  const last = crawls[crawls.length - 1];
  const where = ["m.author = @author COLLATE NOCASE", "m.author = @author", "m.first_seen_crawl <= @last"];
  if (f.library != null) where.push("m.library_name = @library");
  if (f.task != null) where.push("COALESCE(m.pipeline_tag, '') = @task");
  const rows = sqlite
    .prepare(
      `SELECT m.id, ${f.maskSql ?? "m.framework_mask"}, m.first_seen_crawl, m.gone_since_crawl, s.crawl_id, s.downloads_30d, s.downloads_all_time, s.likes
       FROM models m JOIN model_snapshots s ON s.model_id = m.id AND s.crawl_id <= @last
       WHERE ${where.join(" AND ")} ORDER BY m.id, s.crawl_id`,
    )
    .raw()
    .iterate({ author, last, library: f.library ?? null, task: f.task ?? null }) as IterableIterator<
    [number, number, number, number | null, number, number, number, number]
  >;
  const perMask = new Map<number, Float64Array>();
  // One model's snapshots at a time (rows come ordered by model, then crawl).
  let id = -1;
  let mask = 0;
  let first = 0;
  let gone: number | null = null;
  const snaps: number[] = []; // crawl, d30, all-time, likes, ...
  const flush = () => {
    if (id < 0) return;
    let acc = perMask.get(mask);
    if (!acc) perMask.set(mask, (acc = new Float64Array(crawls.length * W)));
    let si = -4;
    let prevAll = 0;
    for (let ci = 0; ci < crawls.length; ci++) {
      const c = crawls[ci];
      while (si + 4 < snaps.length && snaps[si + 4] <= c) si += 4;
      const all = si >= 0 ? snaps[si + 2] : 0;
      if (si >= 0 && first <= c && (gone === null || gone > c)) {
        const o = ci * W;
        acc[o] += 1;
        acc[o + 1] += snaps[si + 1];
        acc[o + 2] += all;
        acc[o + 3] += Math.max(0, all - prevAll);
        acc[o + 4] += snaps[si + 3];
      }
      prevAll = all;
    }
  };
  for (const [mid, m, fs, g, crawl, d30, all, likes] of rows) {
    if (mid !== id) {
      flush();
      id = mid;
      mask = m;
      first = fs;
      gone = g;
      snaps.length = 0;
    }
    snaps.push(crawl, d30, all, likes);
  }
  flush();
  const out: AuthorCrawlRow[] = [];
  for (const [m, acc] of perMask) {
    for (let ci = 0; ci < crawls.length; ci++) {
      const o = ci * W;
      if (acc[o] === 0) continue;
      out.push({
        crawlId: crawls[ci], mask: m, models: acc[o], downloads30d: acc[o + 1], downloadsAllTime: acc[o + 2],
        downloadsSincePrev: ci === 0 ? null : acc[o + 3], likes: acc[o + 4],
      });
    }
  }
  return out;
}
