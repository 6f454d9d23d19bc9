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
import { EXIT, parseFlags, positiveInt, UsageError, normalizeWaitFlag, waitMsFromFlag } from "../lib/cli/args";
import { formatDuration, formatFull as formatInt } from "../lib/charts/format";
import {
  exitCodeForSignal, ExitWith, hubConfigOrExit, openForPassOrExit, parseOrExit, progressPrinter, reportFailure, runMain, stopOnSignals,
} from "../lib/cli/crawl-command";
import type { PassProgress } from "../lib/crawl/backfill";
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
    limit: { type: "string" },
    resume: { type: "boolean" },
    wait: { type: "string" },
    "dry-run": { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  const limit = positiveInt("limit", values.limit);
  if (values.resume && limit !== undefined) throw new UsageError("--resume continues the stored pass with its own scope; do not pass --limit with it");
  if (values.resume && values["dry-run"]) throw new UsageError("--resume and --dry-run do not combine");
  return { limit, help: !!values.help, resume: !!values.resume, dryRun: !!values["dry-run"], quiet: !!values.quiet, waitMs: waitMsFromFlag(values.wait) };
}

function progressLine(p: PassProgress): string {
  const eta = p.etaMs !== null ? ` · ETA ${formatDuration(p.etaMs)}` : "";
  const errors = p.errors ? ` · ${p.errors} errors` : "";
  return `onnx #${p.crawlId ?? "?"}: ${formatInt(p.done)} / ${formatInt(p.total)} models · ${p.rate.toFixed(1)} models/s · ${p.retries} retries · ${p.rateLimitWaits} waits${errors}${eta}`;
}

function summaryLine(s: OnnxFilesPassSummary): string {
  if (s.status === "dry-run") return `onnx dry-run: ${formatInt(s.total)} models would be checked`;
  const c = (k: string) => formatInt(s.counts[k] ?? 0);
  const error = s.error ? ` · error: ${s.error}` : "";
  return (
    `onnx #${s.crawlId} ${s.status}: ${formatInt(s.done)} models checked (runnable: ${c("runnable-image")} image, ${c("runnable-text")} text, ` +
    `${c("runnable-tensor")} tensor, ${c("runnable-unknown")} known once loaded; ${c("no-onnx")} without a loadable .onnx, ${c("not-found")} not found, ${s.errors} errors) ` +
    `in ${formatDuration(s.elapsedMs)}, ${s.rate.toFixed(1)} models/s, ${formatInt(s.requests)} requests, ${s.retries} retries, ` +
    `${s.rateLimitWaits} rate-limit waits (${formatDuration(s.rateLimitWaitMs)})${error}`
  );
}

async function main(): Promise<number | ExitWith> {
  const args = parseOrExit(NAME, HELP, parse);
  if (args instanceof ExitWith) return args;
  const hub = hubConfigOrExit(NAME);
  if (hub instanceof ExitWith) return hub;
  let maxSignatureBytes: number;
  try {
    maxSignatureBytes = runnerMaxBytes();
  } catch (err) {
    process.stderr.write(`${NAME}: ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  const stop = stopOnSignals(NAME, "model");
  const progress = progressPrinter(args.quiet, progressLine);
  const sqlite = openForPassOrExit(NAME, args.dryRun);
  if (sqlite instanceof ExitWith) return sqlite;
  try {
    const summary = await runOnnxFilesPass({
      sqlite, hubUrl: hub.endpoint, token: hub.token, limit: args.limit, resume: args.resume, dryRun: args.dryRun, lockWaitMs: args.waitMs,
      signal: stop.signal, fetch: hub.fetchOptions, maxSignatureBytes, onProgress: progress.onProgress,
      onLockWait: (h) => process.stderr.write(`${NAME}: waiting for crawl #${h.crawlId ?? "?"} (pid ${h.pid} on ${h.host}) to finish\n`),
      onNotice: (m) => process.stderr.write(`${progress.clear()}${NAME}: ${m}\n`),
      onWouldFetch: (repoId) => process.stderr.write(`would check the ONNX files of ${repoId}\n`),
    });
    process.stderr.write(progress.clear());
    if (summary.status === "nothing-to-resume") {
      process.stdout.write(`${NAME}: nothing to resume (the last ONNX files pass completed)\n`);
      return EXIT.ok;
    }
    process.stdout.write(summaryLine(summary) + "\n");
    if (summary.status === "completed" || summary.status === "dry-run") return EXIT.ok;
    if (summary.status === "interrupted") {
      process.stderr.write(`${NAME}: resume with: npm run crawl:onnx -- --resume\n`);
      return exitCodeForSignal(stop.received());
    }
    return EXIT.failed;
  } catch (err) {
    return reportFailure(NAME, err, hub.token);
  } finally {
    sqlite.close();
  }
}

runMain(NAME, main);
