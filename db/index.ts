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
import * as schema from "./schema";
import { configureConnection } from "./connection";
import { ConfigError, databasePath } from "../lib/env";
import { applyMigrations } from "./migrate";

export type Sqlite = Database.Database;
export type Db = BetterSQLite3Database<typeof schema>;

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export { BUSY_TIMEOUT_MS } from "./connection";

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  readonly?: boolean;
}

/**
 * DATABASE_PATH cannot be used (a directory, a read-only or foreign file, a truncated database, a
 * database from a newer version): a configuration error (exit 2), naming the path. Only the
 * processes' own logs show it, never a web page (the path is the server's business).
 */
export class DatabaseOpenError extends ConfigError {
  override name = "DatabaseOpenError";
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot use the database at ${file} (DATABASE_PATH): ${reason}`);
  }
}

/**
 * Kernel pseudo-filesystems: SQLite on them spins or fails strangely; they never hold a database.
 * /dev/shm is a plain tmpfs, so it stays allowed.
 */
const PSEUDO_FS = ["/proc", "/sys", "/dev"];
const pseudo = (real: string) => real !== "/dev/shm" && !real.startsWith("/dev/shm/") && PSEUDO_FS.some((p) => real === p || real.startsWith(p + "/"));

/** What is wrong with `file` before SQLite sees it, or null. Cheap: stat calls only. */
function precheck(file: string): string | null {
  let real = file;
  try {
    real = fs.realpathSync(file);
  } catch {
    // Not there yet: judge the path as given (and its parent's real path).
    try {
      real = path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
    } catch {
      /* the parent is created below */
    }
  }
  if (pseudo(real)) return `it is under ${real.split("/").slice(0, 2).join("/")}, not a file on disk`;
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return null;
  }
  if (st.isDirectory()) return "it is a directory";
  if (!st.isFile()) return "it is not a regular file";
  return null;
}

/** A file whose header promises more pages than it has (a half-copied database), or null. */
function truncated(sqlite: Sqlite, file: string): string | null {
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) return null; // pages may live in the WAL
  const pages = sqlite.pragma("page_count", { simple: true }) as number;
  const size = sqlite.pragma("page_size", { simple: true }) as number;
  const bytes = fs.statSync(file).size;
  return pages * size > bytes ? `it is truncated (${bytes} bytes where its header says ${pages * size}): a half-copied database?` : null;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

export function openSqlite(file: string = databasePath(), opts: OpenOptions = {}): Sqlite {
  const readonly = opts.readonly ?? false;
  if (file !== ":memory:") {
    const bad = precheck(file);
    if (bad) throw new DatabaseOpenError(file, bad);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
    } catch (err) {
      throw new DatabaseOpenError(file, `cannot create its folder: ${(err as Error).message}`);
    }
  }
  let sqlite: Sqlite | null = null;
  try {
    sqlite = new Database(file, { readonly });
    configureConnection(sqlite, readonly);
    if (file !== ":memory:") {
      const cut = truncated(sqlite, file);
      if (cut) throw new DatabaseOpenError(file, cut);
    }
    if (opts.migrate ?? !readonly) runMigrations(sqlite);
    return sqlite;
  } catch (err) {
    sqlite?.close();
    // Lock waits that ran out are not configuration errors: the caller reports them as they are.
    if (err instanceof DatabaseOpenError || isBusy(err)) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new DatabaseOpenError(file, (err as { code?: string }).code === "SQLITE_NOTADB" ? `${why} (not an SQLite file)` : why);
  }
}

export function runMigrations(sqlite: Sqlite): void {
  applyMigrations(sqlite, MIGRATIONS_DIR);
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
