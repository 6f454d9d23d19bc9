/**
 * npm run crawl:backfill-created -- [flags]
 *
 * True creation dates for the legacy repos whose API createdAt is the Hub's 2022-03-02 floor: the
 * date of each repo's oldest commit (docs/hub-api.md §7). Once per repo (a rerun skips the done ones),
 * in `_id` order, one repo per transaction, resumable, under the same DB lock and Hub pacing as
 * every crawl. The API createdAt is kept; the date goes to models.true_created_at with its source.
 */
import { parseFlags, positiveInt, UsageError, normalizeWaitFlag } from "../lib/cli/args";
import { formatDuration, formatFull } from "../lib/charts/format";
import { hubCounters, PASS_FLAGS, passFlagArgs, progressTail, runCrawlCommand } from "../lib/cli/crawl-runner";
import { runBackfill, type BackfillSummary } from "../lib/crawl/backfill";
import type { PassProgress } from "../lib/crawl/repo-pass";

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
    ...PASS_FLAGS,
  });
  const limit = positiveInt("limit", values.limit);
  if (values.resume && limit !== undefined) throw new UsageError("--resume continues the stored backfill with its own limit; do not pass --limit with it");
  return { limit, ...passFlagArgs(values) };
}

function progressLine(p: PassProgress): string {
  return `backfill #${p.crawlId ?? "?"}: ${formatFull(p.done)} / ${formatFull(p.total)} repos${progressTail(p, "repos", p.errors)}`;
}

function summaryLine(s: BackfillSummary): string {
  if (s.status === "dry-run") return `backfill dry-run: ${formatFull(s.total)} repos would be fetched (at least ${formatFull(s.total)} requests)`;
  const c = (k: string) => formatFull(s.counts[k] ?? 0);
  const error = s.error ? ` · error: ${s.error}` : "";
  return (
    `backfill #${s.crawlId} ${s.status}: ${formatFull(s.done)} repos (${c("initial-commit")} initial-commit, ` +
    `${c("oldest-commit")} oldest-commit, ${c("not-found")} not-found, ${s.errors} errors) in ${formatDuration(s.elapsedMs)}, ` +
    `${s.rate.toFixed(1)} repos/s, ${hubCounters(s)}${s.rollupsRefreshed ? ", rollups refreshed" : ""}${error}`
  );
}

runCrawlCommand({
  name: NAME,
  help: HELP,
  parse,
  unit: "repo",
  database: "pass",
  run: (args, { sqlite, ...ctx }) =>
    runBackfill({
      ...ctx,
      sqlite: sqlite!,
      limit: args.limit,
      resume: args.resume,
      dryRun: args.dryRun,
      lockWaitMs: args.waitMs,
      onWouldFetch: (repoId) => process.stderr.write(`would fetch the commits of ${repoId}\n`),
    }),
  progressLine,
  summaryLine,
  nothingToResume: "the last backfill completed",
  resumeHint: "npm run crawl:backfill-created -- --resume",
});
