/**
 * npm run crawl:onnx -- [flags]
 *
 * The ONNX files pass (lib/crawl/onnx-files-pass.ts): for each model tagged onnx or
 * transformers.js, read its file list with sizes, record its .onnx files and side files
 * (tokenizer, image processor, config), and infer what it takes (image, text, tensors); for the
 * runner's pool (graphs within RUNNER_MAX_MB) read the graph's own signature. Same DB lock and Hub
 * pacing as every crawl; one model per transaction; incremental (only new or changed candidates)
 * and resumable.
 */
import { runnerMaxBytes } from "../lib/env";
import { parseFlags, positiveInt, UsageError, normalizeWaitFlag } from "../lib/cli/args";
import { formatDuration, formatFull } from "../lib/charts/format";
import { hubCounters, PASS_FLAGS, passFlagArgs, progressTail, runCrawlCommand } from "../lib/cli/crawl-runner";
import type { PassProgress } from "../lib/crawl/repo-pass";
import { runOnnxFilesPass, type OnnxFilesPassSummary } from "../lib/crawl/onnx-files-pass";

const NAME = "crawl:onnx";

const HELP = `Usage: npm run crawl:onnx -- [flags]

Find what the ONNX candidates (models tagged onnx or transformers.js) hold: their .onnx files and
sizes, the graph the browser runner would load, its tokenizer / image-processor / config files,
and what it takes (image, text or tensors). Graphs within RUNNER_MAX_MB (the runner's size limit)
are downloaded once to read their inputs. Candidates are checked again when the repo changed.

Database: DATABASE_PATH (default data/hf-trends.db); crawl the Hub first (npm run crawl).
Hub: HF_ENDPOINT (default https://huggingface.co); HF_TOKEN optional (raises the rate limit).

Flags:
  --limit N          stop after N models
  --resume           continue the last ONNX files pass that did not complete
  --wait [SECONDS]   if another crawl holds the DB, wait for it (no value: as long as it takes;
                     default: exit with code 3)
  --dry-run          list the models that would be checked (stderr); no request, no write
  --quiet            no progress line (the summary line is still printed)
  --help             this text

Exit codes: 0 completed, 1 failed, 2 bad flags, 3 another crawl is running, 130 interrupted (143 on SIGTERM).`;

function parse(argv: string[]) {
  const { values } = parseFlags(normalizeWaitFlag(argv), {
    ...PASS_FLAGS,
  });
  const limit = positiveInt("limit", values.limit);
  if (values.resume && limit !== undefined) throw new UsageError("--resume continues the stored pass with its own scope; do not pass --limit with it");
  return { limit, ...passFlagArgs(values) };
}

function progressLine(p: PassProgress): string {
  return `onnx #${p.crawlId ?? "?"}: ${formatFull(p.done)} / ${formatFull(p.total)} models${progressTail(p, "models", p.errors)}`;
}

function summaryLine(s: OnnxFilesPassSummary): string {
  if (s.status === "dry-run") return `onnx dry-run: ${formatFull(s.total)} models would be checked`;
  const c = (k: string) => formatFull(s.counts[k] ?? 0);
  const error = s.error ? ` · error: ${s.error}` : "";
  return (
    `onnx #${s.crawlId} ${s.status}: ${formatFull(s.done)} models checked (runnable: ${c("runnable-image")} image, ${c("runnable-text")} text, ` +
    `${c("runnable-tensor")} tensor, ${c("runnable-unknown")} known once loaded; ${c("no-onnx")} without a loadable .onnx, ${c("not-found")} not found, ${s.errors} errors) ` +
    `in ${formatDuration(s.elapsedMs)}, ${s.rate.toFixed(1)} models/s, ${hubCounters(s)}${error}`
  );
}

runCrawlCommand({
  name: NAME,
  help: HELP,
  parse,
  unit: "model",
  database: "pass",
  run: (args, { sqlite, ...ctx }) =>
    runOnnxFilesPass({
      ...ctx,
      sqlite: sqlite!,
      // The runner's size limit (RUNNER_MAX_MB): graphs up to it have their signature read.
      maxSignatureBytes: runnerMaxBytes(),
      limit: args.limit,
      resume: args.resume,
      dryRun: args.dryRun,
      lockWaitMs: args.waitMs,
      onWouldFetch: (repoId) => process.stderr.write(`would check the ONNX files of ${repoId}\n`),
    }),
  progressLine,
  summaryLine,
  nothingToResume: "the last ONNX files pass completed",
  resumeHint: "npm run crawl:onnx -- --resume",
});
