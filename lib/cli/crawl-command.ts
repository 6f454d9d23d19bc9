/**
 * What every crawl-like CLI (crawl, backfill, files pass) does the same way: flag errors and
 * --help, the Hub configuration from the environment, Ctrl-C / SIGTERM that finish the unit in
 * flight (a second one exits at once), the progress line, and exit codes for known failures.
 */
import fs from "node:fs";
import { openSqlite, type Sqlite } from "../../db/index";
import { ConfigError, crawlFetchOptions, databasePath, hubToken, hubUrl, validateEnv } from "../env";
import { LockHeldError } from "../crawl/lock";
import { redact } from "../hub/redact";
import { EXIT, UsageError } from "./args";

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
