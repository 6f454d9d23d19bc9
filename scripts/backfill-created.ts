/**
 * npm run crawl:backfill-created -- [flags]
 *
 * True creation dates for the legacy repos whose API createdAt is the Hub's 2022-03-02 floor: the
 * date of each repo's oldest commit (hub-api.md §7). Once per repo (a rerun skips the done ones),
 * in `_id` order, one repo per transaction, resumable, under the same DB lock and Hub pacing as
 * every crawl. The API createdAt is kept; the date goes to models.true_created_at with its source.
 */
import fs from "node:fs";
import { openSqlite, type Sqlite } from "../db/index";
import { ConfigError, crawlFetchOptions, databasePath, hubToken, hubUrl } from "../lib/env";
import { EXIT, formatDuration, formatInt, parseFlags, positiveInt, UsageError, normalizeWaitFlag, waitMsFromFlag } from "../lib/cli/args";
import { LockHeldError } from "../lib/crawl/lock";
import { runBackfill, type BackfillSummary, type PassProgress } from "../lib/crawl/backfill";
import { redact } from "../lib/crawl/redact";

const NAME = "backfill-created";

const HELP = `Usage: npm run crawl:backfill-created -- [flags]

Find the true creation date of the legacy models (createdAt = the Hub's 2022-03-02 floor) from their
commit history: the oldest commit's date ("initial-commit" when it is the Hub's system initial commit,
"oldest-commit" when the history was squashed, "not-found" when the repo is gone). Each repo is
fetched once; a rerun skips the repos already done.

Database: DATABASE_PATH (default data/hf-trends.db); crawl the Hub first (npm run crawl).
Hub: HF_ENDPOINT (default https://huggingface.co); HF_TOKEN optional (raises the rate limit).

Flags:
  --limit N          stop after N repos
  --resume           continue the last backfill that did not complete
  --wait [SECONDS]   if another crawl holds the DB, wait for it (no value: as long as it takes;
                     default: exit with code 3)
  --dry-run          list the repos that would be fetched (stderr); no request, no write
  --quiet            no progress line (the summary line is still printed)
  --help             this text

Exit codes: 0 completed, 1 failed, 2 bad flags, 3 another crawl is running, 130 interrupted (143 on SIGTERM).`;

function parse(argv: string[]) {
  const { values } = parseFlags(normalizeWaitFlag(argv), {
    limit: { type: "string" },
    resume: { type: "boolean" },
    wait: { type: "string" },
    "dry-run": { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  const limit = positiveInt("limit", values.limit);
  if (values.resume && limit !== undefined) throw new UsageError("--resume continues the stored backfill with its own limit; do not pass --limit with it");
  if (values.resume && values["dry-run"]) throw new UsageError("--resume and --dry-run do not combine");
  const waitMs = waitMsFromFlag(values.wait);
  return { limit, help: !!values.help, resume: !!values.resume, dryRun: !!values["dry-run"], quiet: !!values.quiet, waitMs };
}

function progressLine(p: PassProgress): string {
  const eta = p.etaMs !== null ? ` · ETA ${formatDuration(p.etaMs)}` : "";
  const errors = p.errors ? ` · ${p.errors} errors` : "";
  return (
    `backfill #${p.crawlId ?? "?"}: ${formatInt(p.done)} / ${formatInt(p.total)} repos · ${p.rate.toFixed(1)} repos/s · ` +
    `${p.retries} retries · ${p.rateLimitWaits} waits${errors}${eta}`
  );
}

function summaryLine(s: BackfillSummary): string {
  if (s.status === "dry-run") return `backfill dry-run: ${formatInt(s.total)} repos would be fetched (at least ${formatInt(s.total)} requests)`;
  const c = (k: string) => formatInt(s.counts[k] ?? 0);
  const error = s.error ? ` · error: ${s.error}` : "";
  return (
    `backfill #${s.crawlId} ${s.status}: ${formatInt(s.done)} repos (${c("initial-commit")} initial-commit, ` +
    `${c("oldest-commit")} oldest-commit, ${c("not-found")} not-found, ${s.errors} errors) in ${formatDuration(s.elapsedMs)}, ` +
    `${s.rate.toFixed(1)} repos/s, ${formatInt(s.requests)} requests, ${s.retries} retries, ` +
    `${s.rateLimitWaits} rate-limit waits (${formatDuration(s.rateLimitWaitMs)})${s.rollupsRefreshed ? ", rollups refreshed" : ""}${error}`
  );
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${NAME}: ${err.message}\nRun with --help for usage.\n`);
      return EXIT.usage;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(HELP + "\n");
    return EXIT.ok;
  }
  let token: string | undefined;
  let endpoint: string;
  let fetchOptions: ReturnType<typeof crawlFetchOptions>;
  try {
    endpoint = hubUrl();
    token = hubToken();
    fetchOptions = crawlFetchOptions();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${NAME}: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }

  const stop = new AbortController();
  let stopSignal: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopSignal) {
      process.stderr.write(`\n${NAME}: second ${sig}, exiting now (the backfill stays resumable)\n`);
      process.exit(sig === "SIGTERM" ? 143 : EXIT.interrupted);
    }
    stopSignal = sig;
    process.stderr.write(`\n${NAME}: ${sig} received, finishing the repo in flight (again to exit at once)\n`);
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const tty = process.stderr.isTTY && !args.quiet;
  let lastLog = 0;
  const onProgress = (p: PassProgress) => {
    if (args.quiet) return;
    const now = Date.now();
    if (tty) process.stderr.write(`\r\x1b[2K${progressLine(p)}`);
    else if (now - lastLog >= 5000) {
      lastLog = now;
      process.stderr.write(progressLine(p) + "\n");
    }
  };

  const file = databasePath();
  let sqlite: Sqlite;
  if (args.dryRun) {
    if (file !== ":memory:" && !fs.existsSync(file)) {
      process.stderr.write(`${NAME}: no database at ${file}; crawl the Hub first (npm run crawl)\n`);
      return EXIT.failed;
    }
    sqlite = openSqlite(file, { readonly: true });
  } else {
    sqlite = openSqlite(file);
  }
  try {
    const summary = await runBackfill({
      sqlite,
      hubUrl: endpoint,
      token,
      limit: args.limit,
      resume: args.resume,
      dryRun: args.dryRun,
      lockWaitMs: args.waitMs,
      signal: stop.signal,
      fetch: fetchOptions,
      onProgress,
      onLockWait: (h) => process.stderr.write(`${NAME}: waiting for crawl #${h.crawlId ?? "?"} (pid ${h.pid} on ${h.host}) to finish\n`),
      onNotice: (m) => process.stderr.write(`${tty ? "\r\x1b[2K" : ""}${NAME}: ${m}\n`),
      onWouldFetch: (repoId) => process.stderr.write(`would fetch the commits of ${repoId}\n`),
    });
    if (tty) process.stderr.write("\r\x1b[2K");
    if (summary.status === "nothing-to-resume") {
      process.stdout.write(`${NAME}: nothing to resume (the last backfill completed)\n`);
      return EXIT.ok;
    }
    process.stdout.write(summaryLine(summary) + "\n");
    if (summary.status === "completed" || summary.status === "dry-run") return EXIT.ok;
    if (summary.status === "interrupted") {
      process.stderr.write(`${NAME}: resume with: npm run crawl:backfill-created -- --resume\n`);
      return stopSignal === "SIGTERM" ? 143 : EXIT.interrupted;
    }
    return EXIT.failed;
  } catch (err) {
    if (err instanceof LockHeldError) {
      process.stderr.write(`${NAME}: ${err.message}\n`);
      return EXIT.locked;
    }
    process.stderr.write(`${NAME}: ${redact((err as Error).message ?? String(err), token)}\n`);
    return EXIT.failed;
  } finally {
    sqlite.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${NAME}: fatal: ${redact(String(err?.stack ?? err))}\n`);
    process.exit(EXIT.failed);
  },
);
