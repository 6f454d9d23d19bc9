/**
 * npm run db:backup [-- --out FILE] [--keep N] [--no-check]
 *
 * A consistent copy of the database, safe while crawls run (SQLite's backup API, one read
 * transaction: lib/ops/backup.ts). Default: data/backups/<db name>-<UTC time>.db beside the DB.
 * Prints the file on stdout. Exit codes: 0 done, 1 failed, 2 bad flags.
 */
import path from "node:path";
import { databasePath } from "../lib/env";
import {EXIT, nonEmpty, parseFlags, positiveInt, UsageError } from "../lib/cli/args";
import { formatDuration, formatFull } from "../lib/charts/format";
import { backupDatabase, defaultBackupPath, pruneBackups } from "../lib/ops/backup";

const HELP = `Usage: npm run db:backup [-- flags]

Copies the database (DATABASE_PATH) consistently, even while a crawl writes it.
  --out FILE   where to write (default: backups/<name>-<UTC time>.db beside the database)
  --keep N     afterwards, keep only the N newest default-named backups
  --no-check   skip PRAGMA integrity_check of the copy (minutes on a multi-GB database)
  --help       this text`;

async function main(): Promise<number> {
  let args;
  try {
    const { values } = parseFlags(process.argv.slice(2), {
      out: { type: "string" }, keep: { type: "string" }, "no-check": { type: "boolean" }, help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      process.stdout.write(HELP + "\n");
      return EXIT.ok;
    }
    args = { out: nonEmpty("out", values.out), keep: positiveInt("keep", values.keep), check: !values["no-check"] };
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`db:backup: ${err.message}\nRun with --help for usage.\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const db = databasePath();
  const dest = path.resolve(args.out ?? defaultBackupPath(db));
  const started = Date.now();
  try {
    const r = await backupDatabase(db, dest, { check: args.check });
    process.stderr.write(
      `db:backup: ${formatFull(r.bytes / 1048576)} MB (${formatFull(r.pages)} pages) in ${formatDuration(Date.now() - started)}` +
        `${r.integrity ? `, integrity_check ${r.integrity}` : ""}\n`,
    );
    if (args.keep !== undefined) {
      const gone = pruneBackups(path.dirname(dest), path.basename(db, path.extname(db)), args.keep);
      if (gone.length) process.stderr.write(`db:backup: removed ${gone.length} older backup(s)\n`);
    }
    process.stdout.write(`${r.file}\n`);
    return EXIT.ok;
  } catch (err) {
    process.stderr.write(`db:backup: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failed;
  }
}

main().then((code) => process.exit(code));
