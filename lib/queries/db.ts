/**
 * The web server's database handle: one read-only connection per process (better-sqlite3 is
 * synchronous, a second connection would not add throughput), cached on globalThis so that dev
 * reloads reuse it. Pending migrations are applied once, through a short-lived read-write
 * connection, before the read-only one opens (docs/decisions.md: migrations run before a server starts;
 * the scheduler normally did it already and this is then a no-op).
 */
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { DatabaseOpenError, openSqlite, type Sqlite } from "../../db/index";
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
    // The operator reads the path in the server's log; visitors read what is wrong, never where the
    // server keeps its files (the path says who runs it and how the machine is laid out).
    const why = err instanceof DatabaseOpenError ? err.reason : err instanceof Error ? err.message : String(err);
    logOnce(`hf-trends: cannot open the database at ${file}: ${why}`);
    throw new DatabaseUnavailable(`the database (DATABASE_PATH) cannot be opened${fs.existsSync(file) ? "" : " (it does not exist)"}: ${hidePath(why, file)}`);
  }
}

/** `why` with the database's path (and its folder) replaced by a name: some errors quote them. */
export function hidePath(why: string, file: string): string {
  if (file === ":memory:") return why;
  let out = why.split(file).join("DATABASE_PATH");
  const dir = path.dirname(file);
  if (dir.length > 1) out = out.split(dir).join("(its folder)");
  return out;
}

let lastLogged = "";
function logOnce(line: string): void {
  if (line === lastLogged) return;
  lastLogged = line;
  console.error(line);
}

/** Closes the cached handle (tests, benchmarks). */
export function closeReadDb(): void {
  const g = globalThis as WithDb;
  g[KEY]?.sqlite.close();
  delete g[KEY];
}
