/**
 * The pragmas every connection needs, in a module of its own (no drizzle) so the crawler's page
 * writer thread, which bundles its code small, opens its connection exactly as openSqlite does.
 */
import type Database from "better-sqlite3";

/** How long a connection waits on a lock held by another process before SQLITE_BUSY, ms. */
export const BUSY_TIMEOUT_MS = 15_000;

export function configureConnection(sqlite: Database.Database, readonly: boolean): void {
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!readonly) {
    sqlite.pragma("journal_mode = WAL");
    // NORMAL in WAL mode: a commit is durable against a process crash (SIGKILL), and against power
    // loss only up to the last checkpoint; FULL would fsync every page's transaction.
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma("foreign_keys = ON");
  // temp_store stays FILE (the default): the rollup GROUP BYs over millions of models build temp
  // b-trees that would otherwise all sit in the crawler's memory (peak RSS), while small temp
  // tables still live in the page cache.
}
