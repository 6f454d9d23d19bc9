/**
 * Applying the migrations of db/migrations, safely when several processes open a new database at
 * once (two crawls, the scheduler and the web server): drizzle's own migrator reads "what is
 * applied" before it takes the write lock, so the second process re-ran CREATE TABLE and died.
 * Here the check and the apply happen inside one BEGIN IMMEDIATE transaction (the second process
 * waits on the busy timeout, then finds nothing left to do). The bookkeeping table and its rows are
 * drizzle's (`__drizzle_migrations`: hash, created_at = the journal's `when`), so databases migrated
 * by either stay compatible.
 *
 * A database that holds a migration this code does not know was written by a newer version of
 * hf-trends: its tables may have columns renamed or dropped, so it is refused (DatabaseTooNewError)
 * instead of failing later, page by page.
 */
import { readMigrationFiles, type MigrationMeta } from "drizzle-orm/migrator";
import type Database from "better-sqlite3";
import { ConfigError } from "../lib/env";

const TABLE = "__drizzle_migrations";

export class DatabaseTooNewError extends ConfigError {
  override name = "DatabaseTooNewError";
}

let cached: { dir: string; list: MigrationMeta[] } | null = null;
function migrationsIn(dir: string): MigrationMeta[] {
  if (cached?.dir !== dir) cached = { dir, list: readMigrationFiles({ migrationsFolder: dir }) };
  return cached.list;
}

function tableExists(sqlite: Database.Database): boolean {
  return !!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(TABLE);
}

function appliedUpTo(sqlite: Database.Database): number | null {
  if (!tableExists(sqlite)) return null;
  const row = sqlite.prepare<[], { at: number | string | null }>(`SELECT max(created_at) AS at FROM "${TABLE}"`).get();
  return row?.at == null ? null : Number(row.at);
}

function refuseNewer(last: number | null, known: MigrationMeta[]): void {
  const newest = known.length ? known[known.length - 1].folderMillis : 0;
  if (last !== null && last > newest) {
    throw new DatabaseTooNewError(
      `the database was written by a newer version of hf-trends (it holds a migration from ` +
        `${new Date(last).toISOString()}, this version knows migrations up to ${new Date(newest).toISOString()}); ` +
        `upgrade hf-trends, or point DATABASE_PATH at another file`,
    );
  }
}

/** Applies the pending migrations of `dir`; a no-op (and no write lock) when none is pending. */
export function applyMigrations(sqlite: Database.Database, dir: string): void {
  const known = migrationsIn(dir);
  const newest = known.length ? known[known.length - 1].folderMillis : 0;
  // Fast path, read-only: every migration is applied (the usual case for every open but the first).
  const seen = appliedUpTo(sqlite);
  refuseNewer(seen, known);
  if (seen !== null && seen >= newest) return;

  // BEGIN IMMEDIATE takes the write lock first (waiting up to busy_timeout for another migrator),
  // and only then reads what is applied, so two processes never apply the same migration.
  sqlite.exec("BEGIN IMMEDIATE");
  try {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
    const last = appliedUpTo(sqlite);
    refuseNewer(last, known);
    const insert = sqlite.prepare(`INSERT INTO "${TABLE}" ("hash", "created_at") VALUES (?, ?)`);
    for (const m of known) {
      if (last !== null && last >= m.folderMillis) continue;
      for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt);
      insert.run(m.hash, m.folderMillis);
    }
    sqlite.exec("COMMIT");
  } catch (err) {
    if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
    throw err;
  }
}
