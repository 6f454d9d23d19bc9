/**
 * The one runner of the crawl commands (`npm run crawl`, `crawl:backfill-created`, `crawl:files`):
 * a command is a `CrawlCommand` (its flags, how it runs, its progress and summary lines), and
 * `runCrawlCommand` does the rest the same way for each: flag errors and --help, the Hub
 * configuration from the environment, the database, Ctrl-C / SIGTERM that finish the unit in flight
 * (a second one exits at once), the progress line on stderr, one summary line on stdout, and the
 * exit codes (0 completed, 1 failed, 2 bad flags or configuration, 3 locked, 130/143 interrupted).
 */
import fs from "node:fs";
import { openSqlite, type Sqlite } from "../../db/index";
import { ensureClassified } from "../crawl/reclassify";
import { ConfigError, crawlFetchOptions, databasePath, hubToken, hubUrl, validateEnv } from "../env";
import { LockHeldError, type LockHolder } from "../crawl/lock";
import { redact } from "../hub/redact";
import { formatDuration, formatFull } from "../charts/format";
import type { SessionProgress } from "../crawl/crawl-session";
import { EXIT, UsageError, waitMsFromFlag } from "./args";

/** The flags every crawl command has. */
export interface CrawlArgs {
  help: boolean;
  dryRun: boolean;
  quiet: boolean;
  /** --wait: how long to wait for another crawl's lock, ms. */
  waitMs: number;
}

/** What a command's run gets from the runner: its database, the Hub, and the session's callbacks. */
export interface CommandContext<P> {
  sqlite: Sqlite | null;
  hubUrl: string;
  token: string | undefined;
  fetch: ReturnType<typeof crawlFetchOptions>;
  signal: AbortSignal;
  onProgress: (p: P) => void;
  onLockWait: (holder: LockHolder) => void;
  onNotice: (message: string) => void;
}

export interface CrawlCommand<A extends CrawlArgs, P, S extends { status: string }> {
  /** As printed before each message ("crawl", "crawl:files"). */
  name: string;
  help: string;
  /** Throws UsageError on bad flags. */
  parse(argv: string[]): A;
  /** What finishes before a stop: "page", "repo", "model". */
  unit: string;
  /** "listing": the database is opened read-write even for a dry run, which then passes none.
   *  "pass": a pass over stored models: a dry run reads the database, which must exist. */
  database: "listing" | "pass";
  run(args: A, ctx: CommandContext<P>): Promise<S>;
  progressLine(p: P): string;
  summaryLine(s: S): string;
  /** Said when --resume finds nothing to continue ("the last crawl completed"). */
  nothingToResume: string;
  /** How to resume an interrupted run. */
  resumeHint: string;
  /** Extra lines on stderr before the summary (e.g. a result per model asked for by name). */
  details?(args: A, summary: S): string[];
}

/** The summary lines' Hub counters: "2,928 requests, 0 retries, 0 rate-limit waits (0s)". */
export function hubCounters(s: { requests: number; retries: number; rateLimitWaits: number; rateLimitWaitMs: number }): string {
  return `${formatFull(s.requests)} requests, ${s.retries} retries, ${s.rateLimitWaits} rate-limit waits (${formatDuration(s.rateLimitWaitMs)})`;
}

/** The progress line's common tail: " · 12.3 repos/s · 2 retries · 1 waits · 3 errors · ETA 4m 05s". */
export function progressTail(p: SessionProgress, unit: string, errors = 0): string {
  const rate = p.rate >= 10 ? formatFull(p.rate) : p.rate.toFixed(1);
  const eta = p.etaMs !== null ? ` · ETA ${formatDuration(p.etaMs)}` : "";
  return ` · ${rate} ${unit}/s · ${p.retries} retries · ${p.rateLimitWaits} waits${errors ? ` · ${errors} errors` : ""}${eta}`;
}

/** Runs a crawl command as the process's main and exits with its code. */
export function runCrawlCommand<A extends CrawlArgs, P, S extends { status: string }>(cmd: CrawlCommand<A, P, S>): void {
  runMain(cmd.name, () => crawlCommandMain(cmd));
}

async function crawlCommandMain<A extends CrawlArgs, P, S extends { status: string }>(cmd: CrawlCommand<A, P, S>): Promise<number | ExitWith> {
  const { name } = cmd;
  const args = parseOrExit(name, cmd.help, cmd.parse);
  if (args instanceof ExitWith) return args;
  const hub = hubConfigOrExit(name);
  if (hub instanceof ExitWith) return hub;
  const stop = stopOnSignals(name, cmd.unit);
  const progress = progressPrinter(args.quiet, cmd.progressLine);
  let sqlite: Sqlite | null;
  if (cmd.database === "listing") sqlite = args.dryRun ? null : openSqlite(databasePath());
  else {
    const opened = openForPassOrExit(name, args.dryRun);
    if (opened instanceof ExitWith) return opened;
    sqlite = opened;
  }
  try {
    // The framework rules changed since the stored classification (or it predates migration 0008):
    // reclassify and rebuild the rollups before this command writes (lib/crawl/reclassify.ts).
    if (sqlite && !sqlite.readonly) ensureClassified(sqlite);
    const summary = await cmd.run(args, {
      sqlite,
      hubUrl: hub.endpoint,
      token: hub.token,
      fetch: hub.fetchOptions,
      signal: stop.signal,
      onProgress: progress.onProgress,
      onLockWait: (h) => process.stderr.write(`${name}: waiting for crawl #${h.crawlId ?? "?"} (pid ${h.pid} on ${h.host}) to finish\n`),
      onNotice: (m) => process.stderr.write(`${progress.clear()}${name}: ${m}\n`),
    });
    process.stderr.write(progress.clear());
    if (summary.status === "nothing-to-resume") {
      process.stdout.write(`${name}: nothing to resume (${cmd.nothingToResume})\n`);
      return EXIT.ok;
    }
    for (const line of cmd.details?.(args, summary) ?? []) process.stderr.write(`${name}: ${line}\n`);
    process.stdout.write(cmd.summaryLine(summary) + "\n");
    if (summary.status === "completed" || summary.status === "dry-run") return EXIT.ok;
    if (summary.status === "interrupted") {
      process.stderr.write(`${name}: resume with: ${cmd.resumeHint}\n`);
      return exitCodeForSignal(stop.received());
    }
    return EXIT.failed;
  } catch (err) {
    return reportFailure(name, err, hub.token);
  } finally {
    sqlite?.close();
  }
}

/** A command's outcome that ends the process early, with the code to exit with. */
export class ExitWith {
  constructor(readonly code: number) {}
}

/** Parses argv; prints usage errors (exit 2) and --help (exit 0) itself. */
export function parseOrExit<A extends { help: boolean }>(name: string, help: string, parse: (argv: string[]) => A): A | ExitWith {
  let args: A;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${name}: ${err.message}\nRun with --help for usage.\n`);
      return new ExitWith(EXIT.usage);
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(help + "\n");
    return new ExitWith(EXIT.ok);
  }
  return args;
}

export interface HubConfig {
  endpoint: string;
  token: string | undefined;
  fetchOptions: ReturnType<typeof crawlFetchOptions>;
}

/** HF_ENDPOINT, HF_TOKEN and the crawl tuning variables; a bad value exits 2 (never showing the token). */
export function hubConfigOrExit(name: string): HubConfig | ExitWith {
  try {
    return { endpoint: hubUrl(), token: hubToken(), fetchOptions: crawlFetchOptions() };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${name}: ${err.message}\n`);
      return new ExitWith(EXIT.usage);
    }
    throw err;
  }
}

/**
 * SIGINT / SIGTERM abort `signal`: the command finishes its unit in flight (a page, a repo) and
 * stops resumable. A second signal exits at once.
 */
export function stopOnSignals(name: string, unit: string): { signal: AbortSignal; received: () => NodeJS.Signals | null } {
  const stop = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (received) {
      process.stderr.write(`\n${name}: second ${sig}, exiting now (it stays resumable)\n`);
      process.exit(exitCodeForSignal(sig));
    }
    received = sig;
    process.stderr.write(`\n${name}: ${sig} received, finishing the ${unit} in flight (again to exit at once)\n`);
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return { signal: stop.signal, received: () => received };
}

export function exitCodeForSignal(sig: NodeJS.Signals | null): number {
  return sig === "SIGTERM" ? 143 : EXIT.interrupted;
}

/**
 * The progress line on stderr: rewritten in place on a terminal, one line every 5 s otherwise (logs
 * of scheduled runs stay readable). `clear` wipes the in-place line before other output.
 */
export function progressPrinter<P>(quiet: boolean, line: (p: P) => string): { onProgress: (p: P) => void; clear: () => string } {
  const tty = process.stderr.isTTY && !quiet;
  let lastLog = 0;
  return {
    onProgress(p) {
      if (quiet) return;
      const now = Date.now();
      if (tty) process.stderr.write(`\r\x1b[2K${line(p)}`);
      else if (now - lastLog >= 5000) {
        lastLog = now;
        process.stderr.write(line(p) + "\n");
      }
    },
    clear: () => (tty ? "\r\x1b[2K" : ""),
  };
}

/** Known failures to their exit codes and one clear line; anything else is a failure (exit 1). */
export function reportFailure(name: string, err: unknown, token: string | undefined): number {
  if (err instanceof LockHeldError) {
    process.stderr.write(`${name}: ${err.message}\n`);
    return EXIT.locked;
  }
  if (err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`${name}: ${err.message}\n`);
    return EXIT.usage;
  }
  process.stderr.write(`${name}: ${redact(err instanceof Error ? err.message : String(err), token)}\n`);
  return EXIT.failed;
}

/**
 * Runs `main` and exits with its code. Every environment variable is validated first (a bad one:
 * its message, exit 2); a configuration error thrown later (an unusable DATABASE_PATH) is one line
 * and exit 2 too; any other throw prints its stack (token-redacted), exit 1.
 */
export function runMain(name: string, main: () => Promise<number | ExitWith>): void {
  try {
    validateEnv();
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message}\n`);
    process.exit(EXIT.usage);
  }
  main().then(
    (code) => process.exit(code instanceof ExitWith ? code.code : code),
    (err) => {
      if (err instanceof ConfigError) {
        process.stderr.write(`${name}: ${err.message}\n`);
        process.exit(EXIT.usage);
      }
      process.stderr.write(`${name}: fatal: ${redact(String((err as Error)?.stack ?? err))}\n`);
      process.exit(EXIT.failed);
    },
  );
}

/**
 * The database for a pass over stored models: read-only for a dry run (which must not create an
 * empty file where none exists), migrated read-write otherwise.
 */
export function openForPassOrExit(name: string, dryRun: boolean): Sqlite | ExitWith {
  const file = databasePath();
  if (dryRun && file !== ":memory:" && !fs.existsSync(file)) {
    process.stderr.write(`${name}: no database at ${file}; crawl the Hub first (npm run crawl)\n`);
    return new ExitWith(EXIT.failed);
  }
  return openSqlite(file, { readonly: dryRun });
}

/** The flags every crawl command takes (the listing crawl; the passes: backfill, TF.js files, ONNX files), beside its own. */
export const PASS_FLAGS = {
  limit: { type: "string" },
  resume: { type: "boolean" },
  wait: { type: "string" },
  "dry-run": { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * The pass flags every pass command reads alike. Call it after the command's own checks of its
 * scope against --resume (each names its own scope), so the errors come in the same order.
 */
export function passFlagArgs(values: { resume?: boolean; wait?: string; "dry-run"?: boolean; quiet?: boolean; help?: boolean }) {
  if (values.resume && values["dry-run"]) throw new UsageError("--resume and --dry-run do not combine");
  return { help: !!values.help, resume: !!values.resume, dryRun: !!values["dry-run"], quiet: !!values.quiet, waitMs: waitMsFromFlag(values.wait) };
}
