/**
 * npm run db:retention [-- --days N] [--dry-run] [--wait [SECONDS]]
 *
 * Thins per-model snapshots older than N days (default SNAPSHOT_RETENTION_DAYS) to one per model
 * per week; rollups are never touched (lib/scheduler/retention.ts). The scheduler does the same after
 * each completed full crawl when SNAPSHOT_RETENTION_DAYS is set. Takes the crawl lock, so it never
 * runs beside a crawl. Exit codes: 0 done, 1 failed, 2 bad flags or configuration, 3 a crawl holds
 * the database.
 */
import { openSqlite } from "../db/index";
import { ConfigError, databasePath, snapshotRetentionDays } from "../lib/env";
import {EXIT, normalizeWaitFlag, parseFlags, positiveInt, UsageError, waitMsFromFlag } from "../lib/cli/args";
import { formatFull } from "../lib/charts/format";
import { acquireLock, LockHeldError } from "../lib/crawl/lock";
import { thinSnapshots } from "../lib/scheduler/retention";

const HELP = `Usage: npm run db:retention [-- flags]

Thins per-model snapshots older than the horizon to one per model per week (rollups are kept).
  --days N           the horizon in days (default: SNAPSHOT_RETENTION_DAYS)
  --dry-run          count what would be removed, remove nothing
  --wait [SECONDS]   if a crawl holds the database, wait for it (default: exit with code 3)
  --help             this text`;

async function main(): Promise<number> {
  let args;
  try {
    const { values } = parseFlags(normalizeWaitFlag(process.argv.slice(2)), {
      days: { type: "string" }, "dry-run": { type: "boolean" }, wait: { type: "string" }, help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      process.stdout.write(HELP + "\n");
      return EXIT.ok;
    }
    const days = positiveInt("days", values.days) ?? snapshotRetentionDays();
    if (days === undefined) throw new UsageError("give --days N or set SNAPSHOT_RETENTION_DAYS");
    args = { days, dryRun: !!values["dry-run"], waitMs: waitMsFromFlag(values.wait) };
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`db:retention: ${err.message}\nRun with --help for usage.\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const sqlite = openSqlite(databasePath());
  try {
    const lock = await acquireLock(sqlite, { waitMs: args.waitMs });
    try {
      const r = thinSnapshots(sqlite, { days: args.days, dryRun: args.dryRun });
      process.stdout.write(
        `db:retention: ${args.dryRun ? "would remove" : "removed"} ${formatFull(r.rowsDeleted)} of ${formatFull(r.rowsBefore)} snapshots ` +
          `(${r.crawls} crawls in ${r.weeks} weeks before ${new Date(r.horizon).toISOString()})\n`,
      );
    } finally {
      lock.release();
    }
    return EXIT.ok;
  } catch (err) {
    if (err instanceof LockHeldError) {
      process.stderr.write(`db:retention: ${err.message}\n`);
      return EXIT.locked;
    }
    process.stderr.write(`db:retention: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failed;
  } finally {
    sqlite.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    // An unusable DATABASE_PATH (ConfigError): one line naming it, exit 2; anything else: its stack.
    process.stderr.write(`db:retention: ${err instanceof ConfigError ? err.message : ((err as Error).stack ?? err)}\n`);
    process.exit(err instanceof ConfigError ? EXIT.usage : EXIT.failed);
  },
);
