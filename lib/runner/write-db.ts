/**
 * The web process's only writes: runner results, one small row each. A separate read-write
 * connection (the page handle, lib/queries/db.ts, is read-only), cached per process. Its busy
 * timeout is short: better-sqlite3 blocks the event loop while it waits, and a crawl's page
 * transaction holds the write lock for milliseconds; if it is held longer, the result is refused
 * (503, the page may retry) rather than stalling every request of the server.
 */
import "server-only";
import { openSqlite, type Sqlite } from "../../db/index";
import { databasePath } from "../env";

const BUSY_MS = 2_000;
const KEY = Symbol.for("hf-trends.runner-write-db");

interface Held {
  path: string;
  sqlite: Sqlite;
}

export function getWriteDb(): Sqlite {
  const g = globalThis as typeof globalThis & { [KEY]?: Held };
  const file = databasePath();
  const held = g[KEY];
  if (held && held.path === file && held.sqlite.open) return held.sqlite;
  const sqlite = openSqlite(file, { migrate: true });
  sqlite.pragma(`busy_timeout = ${BUSY_MS}`);
  g[KEY] = { path: file, sqlite };
  return sqlite;
}

export function isBusy(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}
