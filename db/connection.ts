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
    setWal(sqlite);
    // NORMAL in WAL mode: a commit is durable against a process crash (SIGKILL), and against power
    // loss only up to the last checkpoint; FULL would fsync every page's transaction.
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma("foreign_keys = ON");
  // temp_store stays FILE (the default): the rollup GROUP BYs over millions of models build temp
  // b-trees that would otherwise all sit in the crawler's memory (peak RSS), while small temp
  // tables still live in the page cache.
}

/**
 * Switching a new database to WAL needs an exclusive lock, and SQLite does not call the busy
 * handler for it: when two processes open a new file at once, one got "database is locked" at once.
 * So retry until BUSY_TIMEOUT_MS, like any other lock wait. Already WAL (every open but the first):
 * the pragma is a no-op that needs no lock.
 */
function setWal(sqlite: Database.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      sqlite.pragma("journal_mode = WAL");
      return;
    } catch (err) {
      const code = (err as { code?: string }).code ?? "";
      if (!code.startsWith("SQLITE_BUSY") && !code.startsWith("SQLITE_LOCKED")) throw err;
      if (Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}
