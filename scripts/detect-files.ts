/**
 * npm run crawl:files -- [flags]
 *
 * The tfjs files pass (docs/decisions.md): full crawls read no file lists, so a model tagged tfjs /
 * tf.js / tensorflowjs (or library_name tfjs) is only a candidate. This reads each candidate's file
 * list, downloads each model.json that has weight shards beside it, and sets the tfjs bit only when
 * it is really TF.js. `--model` checks any stored model on demand. Same DB lock and Hub pacing as
 * every crawl; one model per transaction; resumable.
 */
import { nonEmpty, parseFlags, positiveInt, UsageError, normalizeWaitFlag } from "../lib/cli/args";
import { formatDuration, formatFull } from "../lib/charts/format";
import { hubCounters, PASS_FLAGS, passFlagArgs, progressTail, runCrawlCommand } from "../lib/cli/crawl-runner";
import type { PassProgress } from "../lib/crawl/repo-pass";
import { runFilesPass, type FilesPassSummary, type FilesResult } from "../lib/crawl/files-pass";

const NAME = "crawl:files";

const HELP = `Usage: npm run crawl:files -- [flags]

Confirm TensorFlow.js weights from the files of the tfjs candidates (models tagged tfjs / tf.js /
tensorflowjs or with library_name tfjs): read the file list, download each model.json that has
weight shards beside it, and set the tfjs framework bit only when it is a TF.js model
(weightsManifest + modelTopology / format / convertedBy, shards present). Candidates are checked
again when the repo changed after their last check.

Database: DATABASE_PATH (default data/hf-trends.db); crawl the Hub first (npm run crawl).
Hub: HF_ENDPOINT (default https://huggingface.co); HF_TOKEN optional (raises the rate limit, and
lets gated repos' model.json be read where the token has access).

Flags:
  --model REPO_ID    check this stored model now, candidate or not (repeatable); default: the due candidates
  --limit N          stop after N models
  --resume           continue the last files pass that did not complete
  --wait [SECONDS]   if another crawl holds the DB, wait for it (no value: as long as it takes;
                     default: exit with code 3)
  --dry-run          list the models that would be checked (stderr); no request, no write
  --quiet            no progress line (the summary line is still printed)
  --help             this text

Exit codes: 0 completed, 1 failed, 2 bad flags, 3 another crawl is running, 130 interrupted (143 on SIGTERM).`;

function parse(argv: string[]) {
  const { values } = parseFlags(normalizeWaitFlag(argv), {
    model: { type: "string", multiple: true },
    ...PASS_FLAGS,
  });
  const limit = positiveInt("limit", values.limit);
  const models = values.model?.map((m) => {
    const v = nonEmpty("model", m)!.trim();
    if (!/^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/.test(v)) throw new UsageError(`--model must be a repo id like "author/name", got "${m}"`);
    return v;
  });
  if (values.resume && (limit !== undefined || models)) {
    throw new UsageError("--resume continues the stored files pass with its own scope; do not pass --limit or --model with it");
  }
  return { limit, models, ...passFlagArgs(values) };
}

function progressLine(p: PassProgress): string {
  return `files #${p.crawlId ?? "?"}: ${formatFull(p.done)} / ${formatFull(p.total)} models${progressTail(p, "models", p.errors)}`;
}

function summaryLine(s: FilesPassSummary): string {
  const missing = s.missing.length ? `, ${s.missing.length} not in the database` : "";
  if (s.status === "dry-run") return `files dry-run: ${formatFull(s.total)} models would be checked${missing}`;
  const c = (k: string) => formatFull(s.counts[k] ?? 0);
  const error = s.error ? ` · error: ${s.error}` : "";
  return (
    `files #${s.crawlId} ${s.status}: ${formatFull(s.done)} models checked (${c("confirmed")} tfjs confirmed, ` +
    `${c("not-tfjs")} not tfjs, ${c("unreadable")} unreadable, ${c("not-found")} not-found, ${s.errors} errors${missing}), ` +
    `${formatFull(s.changed)} masks changed in ${formatDuration(s.elapsedMs)}, ${s.rate.toFixed(1)} models/s, ` +
    `${hubCounters(s)}${s.rollupsRefreshed ? ", rollups refreshed" : ""}${error}`
  );
}

function describe(r: FilesResult): string {
  if (r.status === "confirmed") {
    const size = r.weightBytes !== undefined ? `, ${formatFull(r.weightBytes)} weight bytes` : "";
    return `${r.repoId}: TF.js confirmed (${r.format}${size}) in ${r.dirResults.filter((d) => d.confirmed).map((d) => d.dir || "/").join(", ")}`;
  }
  if (r.status === "not-found") return `${r.repoId}: repo not found on the Hub`;
  if (r.dirs.length === 0) return `${r.repoId}: not TF.js (no model.json with weight shards beside it)`;
  const why = r.dirResults.map((d) => `${d.dir || "/"}: ${d.reason}`).join("; ");
  return `${r.repoId}: ${r.status === "unreadable" ? "unreadable" : "not TF.js"} (${why})`;
}

runCrawlCommand({
  name: NAME,
  help: HELP,
  parse,
  unit: "model",
  database: "pass",
  run: (args, { sqlite, ...ctx }) =>
    runFilesPass({
      ...ctx,
      sqlite: sqlite!,
      limit: args.limit,
      ...(args.models ? { models: args.models } : {}),
      resume: args.resume,
      dryRun: args.dryRun,
      lockWaitMs: args.waitMs,
      onWouldFetch: (repoId) => process.stderr.write(`would check the files of ${repoId}\n`),
    }),
  progressLine,
  summaryLine,
  nothingToResume: "the last files pass completed",
  resumeHint: "npm run crawl:files -- --resume",
  // Models asked for by name: say what was found for each (the summary line stays the only stdout line).
  details: (args, s) => (args.models ? s.results.map(describe) : []),
});
