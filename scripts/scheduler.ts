/**
 * npm run scheduler [-- --next N | --help]
 *
 * The scheduler alone (`npm start` runs it beside the dashboard): full crawls on CRAWL_SCHEDULE,
 * incremental ones on INCREMENTAL_SCHEDULE (cron, UTC), catch-up of runs missed while the machine
 * was off, resume of interrupted crawls, "crawl now" requests from the web. Runs until SIGINT or
 * SIGTERM: the crawl in flight commits its page and is marked interrupted (resumed at the next
 * start), then it exits 0. A second SIGINT exits at once (the crawl stays resumable); a repeated
 * SIGTERM changes nothing.
 */
import { openSqlite } from "../db/index";
import {
  ConfigError, alertWebhookUrl, crawlFetchOptions, crawlSchedule, databasePath, hubToken, hubUrl, incrementalSchedule,
  schedulerRetryMs, snapshotRetentionDays, validateEnv,
} from "../lib/env";
import { EXIT, parseFlags, positiveInt, UsageError } from "../lib/cli/args";
import { redact } from "../lib/hub/redact";
import { Scheduler } from "../lib/scheduler/scheduler";
import { ensureClassified } from "../lib/crawl/reclassify";

const HELP = `Usage: npm run scheduler [-- flags]

Runs crawls on a schedule until stopped (Ctrl-C / SIGTERM finish the page in flight).
  CRAWL_SCHEDULE        full crawls, cron in UTC (default "15 0 * * *"; "off" = none)
  INCREMENTAL_SCHEDULE  new-model crawls between them (default "15 6,12,18 * * *"; "off" = none)
Missed runs are caught up once at start; an interrupted crawl is resumed; an empty database is
crawled at once. Crawl now from the command line: npm run crawl.

Flags:
  --next N   print the next N runs of each schedule (UTC) and exit
  --help     this text`;

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

async function main(): Promise<number> {
  let next: number | undefined;
  try {
    const { values } = parseFlags(process.argv.slice(2), { next: { type: "string" }, help: { type: "boolean", short: "h" } });
    if (values.help) {
      process.stdout.write(HELP + "\n");
      return EXIT.ok;
    }
    next = positiveInt("next", values.next);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`scheduler: ${err.message}\nRun with --help for usage.\n`);
      return EXIT.usage;
    }
    throw err;
  }

  let config;
  try {
    validateEnv(); // every variable at once, so a bad one is reported at start, not at the first use
    config = {
      hubUrl: hubUrl(),
      token: hubToken(),
      full: crawlSchedule(),
      incremental: incrementalSchedule(),
      retryBaseMs: schedulerRetryMs(),
      alertUrl: alertWebhookUrl(),
      retentionDays: snapshotRetentionDays(),
      fetch: crawlFetchOptions(),
    };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`scheduler: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }

  if (next !== undefined) {
    for (const [name, s] of [["full", config.full], ["incremental", config.incremental]] as const) {
      process.stdout.write(`${name} (${s ? `"${s.pattern}" UTC` : "off"}):\n`);
      for (const d of s ? s.nextRuns(next) : []) process.stdout.write(`  ${d.toISOString()}\n`);
    }
    return EXIT.ok;
  }

  let sqlite;
  try {
    sqlite = openSqlite(databasePath());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`scheduler: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  ensureClassified(sqlite); // the framework rules changed since the stored classification: rebuild first
  const scheduler = new Scheduler({ sqlite, ...config, log });
  // SIGTERM asks for a graceful stop and repeating it changes nothing: a service manager may send
  // it to every process of the service while `npm start` forwards one too. A second SIGINT (Ctrl-C
  // again) is a person in a hurry: exit at once, the crawl stays resumable from its last page.
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) {
      if (sig !== "SIGINT") return;
      log(`scheduler: second ${sig}, exiting now (an unfinished crawl is resumed at the next start)`);
      process.exit(EXIT.interrupted);
    }
    stopping = true;
    log(`scheduler: ${sig} received, finishing the page in flight`);
    scheduler.stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await scheduler.run();
  } finally {
    sqlite.close();
  }
  return EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`scheduler: fatal: ${redact(String(err?.stack ?? err))}\n`);
    process.exit(EXIT.failed);
  },
);
