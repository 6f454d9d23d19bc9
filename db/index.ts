/**
 * Opening the SQLite database: one place for the pragmas every process needs, and migrations.
 * better-sqlite3 is synchronous; long writes (crawls, rollups) run in their own process so that the
 * web server's reads never wait behind them (WAL lets readers and one writer proceed together).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";
import { configureConnection } from "./connection";
import { databasePath } from "../lib/env";

export type Sqlite = Database.Database;
export type Db = BetterSQLite3Database<typeof schema>;

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export { BUSY_TIMEOUT_MS } from "./connection";

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  readonly?: boolean;
}

export function openSqlite(file: string = databasePath(), opts: OpenOptions = {}): Sqlite {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { readonly: opts.readonly ?? false });
  configureConnection(sqlite, opts.readonly ?? false);
  if (opts.migrate ?? !opts.readonly) runMigrations(sqlite);
  return sqlite;
}

export function runMigrations(sqlite: Sqlite): void {
  migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS_DIR });
}

// One drizzle handle per connection: building one walks the whole schema, and the scheduler asks
// for one every second.
const handles = new WeakMap<Sqlite, Db>();

export function toDrizzle(sqlite: Sqlite): Db {
  let db = handles.get(sqlite);
  if (!db) handles.set(sqlite, (db = drizzle(sqlite, { schema })));
  return db;
}

/** An open database and its drizzle handle, for scripts and tests. */
export function openDb(file?: string, opts?: OpenOptions): { sqlite: Sqlite; db: Db } {
  const sqlite = openSqlite(file, opts);
  return { sqlite, db: toDrizzle(sqlite) };
}
