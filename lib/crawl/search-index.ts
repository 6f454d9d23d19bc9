/**
 * The substring search index (migration 0006): every live model's repo id in a contentless FTS5
 * trigram table whose rowid is the model's rank by 30-day downloads, so a search returns its most
 * downloaded hits first without sorting the matches. Rebuilt whole when a crawl completes (after
 * the crawl is marked completed, outside its page writes: the crawl's throughput is unchanged, and
 * until the first build the dashboard's search takes the prefix path).
 */
import type { Sqlite } from "../../db/index";

export interface SearchIndexBuild {
  models: number;
  ms: number;
}

/**
 * The last completed listing crawl when the index was not rebuilt after it (the process was killed
 * between "completed" and the rebuild, or the database predates the index), else null.
 */
export function searchIndexBehind(sqlite: Sqlite): number | null {
  const last = sqlite
    .prepare("SELECT max(id) FROM crawls WHERE status = 'completed' AND kind IN ('full', 'incremental', 'scoped')")
    .pluck()
    .get() as number | null;
  if (last === null) return null;
  const built = sqlite.prepare("SELECT crawl_id FROM model_search_state WHERE id = 1").pluck().get() as number | undefined;
  return built === undefined || built < last ? last : null;
}

/** Rebuilds the index for the models alive now; one transaction (readers see the old or the new one). */
export function buildSearchIndex(sqlite: Sqlite, crawlId: number): SearchIndexBuild {
  const t0 = performance.now();
  const models = sqlite.transaction(() => {
    // A contentless table is emptied with its 'delete-all' command.
    sqlite.exec("INSERT INTO model_search(model_search) VALUES('delete-all'); DELETE FROM model_search_ranks;");
    sqlite.exec(`INSERT INTO model_search_ranks(rank, model_id)
      SELECT row_number() OVER (ORDER BY downloads_30d DESC, id), id FROM models WHERE gone_since_crawl IS NULL`);
    sqlite.exec(`INSERT INTO model_search(rowid, repo_id)
      SELECT r.rank, m.repo_id FROM model_search_ranks r JOIN models m ON m.id = r.model_id ORDER BY r.rank`);
    const n = (sqlite.prepare("SELECT count(*) AS n FROM model_search_ranks").get() as { n: number }).n;
    sqlite.prepare("INSERT OR REPLACE INTO model_search_state(id, crawl_id, built_at, models) VALUES (1, ?, ?, ?)").run(crawlId, Date.now(), n);
    return n;
  })();
  return { models, ms: performance.now() - t0 };
}
