/**
 * The first crawl of an empty database inserts millions of rows into indexes keyed by repo id and
 * author, which arrive in random order: each 1000-row page then dirties ~1000 random index pages.
 * Building those indexes once after the load is several times cheaper (docs/decisions.md "Speed choices": 26,000 vs
 * 240,000 rows/s on 2M models). So while `models` is empty a crawl drops them, and any crawl that
 * ends (completed or not) builds whichever is missing. A test checks these statements are exactly
 * the ones the migrations create.
 */
import type { Sqlite } from "../../db/index";

/** Secondary indexes of `models` that only serve reads (search, lookups); the unique hub_id index stays. */
export const DEFERRABLE_INDEXES: Record<string, string> = {
  models_repo_id_nocase: 'CREATE INDEX `models_repo_id_nocase` ON `models` ("repo_id" COLLATE NOCASE)',
  models_author_nocase: 'CREATE INDEX `models_author_nocase` ON `models` ("author" COLLATE NOCASE)',
};

/** Drops the deferrable indexes if `models` is empty. Returns whether it did. */
export function beginBulkLoad(sqlite: Sqlite): boolean {
  if (sqlite.prepare("SELECT 1 FROM models LIMIT 1").get()) return false;
  for (const name of Object.keys(DEFERRABLE_INDEXES)) sqlite.prepare(`DROP INDEX IF EXISTS \`${name}\``).run();
  return true;
}

/** Builds any deferrable index that is missing (after a bulk load, or a crash during one); `only` those named. */
export function endBulkLoad(sqlite: Sqlite, only?: readonly string[]): void {
  // The index builds sort every key: SQLite's sorter may use a helper thread, and at this point the
  // listing is over, so the second core is idle (measured: ~22% less wall time at 283k models).
  const threads = sqlite.pragma("threads", { simple: true }) as number;
  sqlite.pragma("threads = 2");
  try {
    for (const [name, sql] of Object.entries(DEFERRABLE_INDEXES)) {
      if (only && !only.includes(name)) continue;
      sqlite.prepare(sql.replace(/^CREATE INDEX /, "CREATE INDEX IF NOT EXISTS ")).run();
    }
  } finally {
    sqlite.pragma(`threads = ${threads}`);
  }
}
