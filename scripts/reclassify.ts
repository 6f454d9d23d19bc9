/**
 * npm run db:reclassify [-- --dry-run]
 * After a change to lib/frameworks/config.ts: reclassify the stored models and rebuild the rollups.
 * Takes the crawl lock (it rewrites what crawls write).
 */
import { openSqlite } from "../db/index";
import { ConfigError, databasePath } from "../lib/env";
import { EXIT, normalizeWaitFlag, parseFlags, UsageError, waitMsFromFlag } from "../lib/cli/args";
import { formatFull } from "../lib/charts/format";
import { acquireLock, LockHeldError } from "../lib/crawl/lock";
import { reclassifyModels } from "../lib/crawl/reclassify";

const HELP = `Usage: npm run db:reclassify -- [--dry-run] [--wait [SECONDS]]

Re-derives every stored model's frameworks from its tags with the current framework config and
rebuilds the cohort rollups and the latest full crawl's rollups (both lenses), and the framework
lens of every earlier crawl from its rollups with the current rules (lib/frameworks/rules.ts).
A start or npm run db:migrate does this by itself when the rules' version changed.
  --dry-run          count the models whose frameworks would change; write nothing
  --wait [SECONDS]   wait for a running crawl instead of exiting with code 3
  --help             this text`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseFlags(normalizeWaitFlag(process.argv.slice(2)), {
      "dry-run": { type: "boolean" }, wait: { type: "string" }, help: { type: "boolean", short: "h" },
    }));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`db:reclassify: ${err.message}\nRun with --help for usage.\n`);
      return EXIT.usage;
    }
    throw err;
  }
  if (values.help) {
    process.stdout.write(HELP + "\n");
    return EXIT.ok;
  }
  const sqlite = openSqlite(databasePath());
  const started = Date.now();
  try {
    const lock = values["dry-run"] ? null : await acquireLock(sqlite, { waitMs: waitMsFromFlag(values.wait) });
    try {
      const r = reclassifyModels(sqlite, { dryRun: !!values["dry-run"] });
      process.stdout.write(
        `db:reclassify${values["dry-run"] ? " (dry run)" : ""}: ${formatFull(r.models)} models, ${formatFull(r.changed)} with changed frameworks` +
          `${values["dry-run"] ? "" : `; rollups rebuilt${r.latestFullCrawl ? ` (latest full crawl #${r.latestFullCrawl})` : ""}`} in ${Date.now() - started} ms\n`,
      );
      return EXIT.ok;
    } finally {
      lock?.release();
    }
  } catch (err) {
    if (err instanceof LockHeldError) {
      process.stderr.write(`db:reclassify: ${err.message}\n`);
      return EXIT.locked;
    }
    throw err;
  } finally {
    sqlite.close();
  }
}

main().then((code) => process.exit(code), (err) => {
  // An unusable DATABASE_PATH (ConfigError): one line naming it, exit 2; anything else: its stack.
  process.stderr.write(`db:reclassify: ${err instanceof ConfigError ? err.message : ((err as Error).stack ?? err)}\n`);
  process.exit(err instanceof ConfigError ? EXIT.usage : EXIT.failed);
});
