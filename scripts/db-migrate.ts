/**
 * npm run db:migrate [-- --help]
 * Applies the committed migrations (db/migrations) to DATABASE_PATH. Crawls and the server also do
 * this on start; this command is for operators who want it explicit (before a deploy, after a pull).
 */
import { openSqlite } from "../db/index";
import { ConfigError, databasePath } from "../lib/env";
import { EXIT, parseFlags, UsageError } from "../lib/cli/args";
import { ensureClassified } from "../lib/crawl/reclassify";

function main(): number {
  let help = false;
  try {
    help = !!parseFlags(process.argv.slice(2), { help: { type: "boolean", short: "h" } }).values.help;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`db:migrate: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  if (help) {
    process.stdout.write("Usage: npm run db:migrate\nApplies pending migrations to DATABASE_PATH (default data/hf-trends.db).\n");
    return EXIT.ok;
  }
  const file = databasePath();
  const started = Date.now();
  const sqlite = openSqlite(file, { migrate: false });
  const before = appliedCount(sqlite);
  sqlite.close();
  const after = openSqlite(file);
  const applied = appliedCount(after) - before;
  // The framework rules changed since the stored classification (or the database predates 0008).
  const re = ensureClassified(after);
  if (re) process.stdout.write(`db:migrate: framework rules changed: ${re.models} models reclassified, rollups rebuilt in ${Date.now() - started} ms\n`);
  after.close();
  process.stdout.write(`db:migrate: ${file}: ${applied} migration(s) applied in ${Date.now() - started} ms\n`);
  return EXIT.ok;
}

function appliedCount(sqlite: ReturnType<typeof openSqlite>): number {
  const exists = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = '__drizzle_migrations'").get();
  return exists ? (sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n : 0;
}

try {
  process.exit(main());
} catch (err) {
  // An unusable DATABASE_PATH or a database from a newer version: one line naming it, exit 2.
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`db:migrate: ${err.message}\n`);
  process.exit(EXIT.usage);
}
