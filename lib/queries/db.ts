/**
 * The web server's database handle: one read-only connection per process (better-sqlite3 is
 * synchronous, a second connection would not add throughput), cached on globalThis so that dev
 * reloads reuse it. Pending migrations are applied once, through a short-lived read-write
 * connection, before the read-only one opens (docs/decisions.md: migrations run before a server starts;
 * the scheduler normally did it already and this is then a no-op).
 */
import "server-only";
import fs from "node:fs";
import { openSqlite, type Sqlite } from "../../db/index";
import { databasePath } from "../env";

interface Held {
  path: string;
  sqlite: Sqlite;
}

const KEY = Symbol.for("hf-trends.read-db");
type WithDb = typeof globalThis & { [KEY]?: Held };

export class DatabaseUnavailable extends Error {
  override name = "DatabaseUnavailable";
}

export function getReadDb(): Sqlite {
  const g = globalThis as WithDb;
  const file = databasePath();
  const held = g[KEY];
  if (held && held.path === file && held.sqlite.open) return held.sqlite;
  try {
    // Creates the file (empty, migrated) when no crawl ran yet, so pages can say so.
    const rw = openSqlite(file, { migrate: true });
    rw.close();
    const sqlite = file === ":memory:" ? openSqlite(file, { migrate: true }) : openSqlite(file, { readonly: true, migrate: false });
    g[KEY] = { path: file, sqlite };
    return sqlite;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnavailable(
      `cannot open the database at ${file}${fs.existsSync(file) ? "" : " (it does not exist)"}: ${why}`,
    );
  }
}

/** Closes the cached handle (tests, benchmarks). */
export function closeReadDb(): void {
  const g = globalThis as WithDb;
  g[KEY]?.sqlite.close();
  delete g[KEY];
}
