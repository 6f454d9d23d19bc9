/**
 * A consistent copy of the database while crawls run, with SQLite's online backup API (through
 * better-sqlite3's `.backup()`).
 *
 * The backup API restarts whenever another connection writes the source between two of its steps;
 * a crawl commits a page every fraction of a second, so a backup of a multi-GB file copied in small
 * steps might never finish. It is therefore copied in ONE step: one read transaction, which in WAL
 * mode never blocks the crawl's writers and sees one committed state of the whole file. The copy
 * is written to a temporary name, switched from WAL to a self-contained rollback-journal file,
 * optionally checked with PRAGMA integrity_check, then renamed into place (a crash never leaves a
 * half-written file under the final name).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { openSqlite } from "../../db/index";

export interface BackupOptions {
  /** Run PRAGMA integrity_check on the copy (default true; minutes on a multi-GB file). */
  check?: boolean;
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  /** "ok", or the first problems integrity_check reported (the copy is then deleted). */
  integrity: string | null;
}

export class BackupError extends Error {
  override name = "BackupError";
}

/** data/backups/hf-trends-20261127T001500Z.db beside the database. */
export function defaultBackupPath(dbFile: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return path.join(path.dirname(dbFile), "backups", `${path.basename(dbFile, path.extname(dbFile))}-${stamp}.db`);
}

export async function backupDatabase(source: string, dest: string, opts: BackupOptions = {}): Promise<BackupResult> {
  if (!fs.existsSync(source)) throw new BackupError(`no database at ${source}`);
  if (path.resolve(source) === path.resolve(dest)) throw new BackupError("the backup must not overwrite the database itself");
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.partial-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  const src = openSqlite(source, { readonly: true, migrate: false });
  let pages = 0;
  try {
    // Returning the largest step copies every remaining page in the step after the first.
    const r = await src.backup(tmp, { progress: () => 0x7fffffff });
    pages = r.totalPages;
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    src.close();
  }
  let integrity: string | null = null;
  const copy = new Database(tmp);
  try {
    copy.pragma("journal_mode = DELETE");
    if (opts.check ?? true) {
      const rows = copy.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
      integrity = rows.map((r) => r.integrity_check).slice(0, 5).join("; ");
    }
  } finally {
    copy.close();
  }
  if (integrity !== null && integrity !== "ok") {
    fs.rmSync(tmp, { force: true });
    throw new BackupError(`the copy failed PRAGMA integrity_check: ${integrity}`);
  }
  fs.renameSync(tmp, dest);
  return { file: dest, bytes: fs.statSync(dest).size, pages, integrity };
}

/** Deletes all but the newest `keep` backups of that name pattern in the backup's folder. */
export function pruneBackups(dir: string, baseName: string, keep: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const re = new RegExp(`^${baseName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-\\d{8}T\\d{6}Z\\.db$`);
  const files = fs.readdirSync(dir).filter((f) => re.test(f)).sort();
  const gone = files.slice(0, Math.max(0, files.length - keep));
  for (const f of gone) fs.rmSync(path.join(dir, f), { force: true });
  return gone;
}
