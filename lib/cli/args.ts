/**
 * Flag parsing shared by the CLIs: strict (an unknown or malformed flag is an error, exit code 2),
 * with typed validators that name the flag in their message.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../usage-error";

export { UsageError };

export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (err) {
    // node's messages are good ("Unknown option '--foo'"); drop its "To specify a positional..." tail.
    throw new UsageError((err as Error).message.split(". To specify")[0]);
  }
}

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${flag} must be a positive integer, got "${value}"`);
  }
  return Number(value);
}

export function nonNegativeInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${flag} must be a non-negative integer, got "${value}"`);
  }
  return Number(value);
}

export function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "") throw new UsageError(`--${flag} must not be empty`);
  return value;
}

export function oneOf<const V extends readonly string[]>(flag: string, value: string | undefined, allowed: V): V[number] | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}; got "${value}"`);
  }
  return value as V[number];
}

/** Exit codes shared by the CLIs. */
export const EXIT = { ok: 0, failed: 1, usage: 2, locked: 3, interrupted: 130 } as const;

/**
 * `--wait [SECONDS]` of the crawl CLIs: the value is optional, so a bare `--wait` (last, or before
 * another flag) is rewritten to `--wait=unlimited` before strict parsing. Returns the argv to parse.
 */
export function normalizeWaitFlag(argv: string[]): string[] {
  return argv.map((a, i) => (a === "--wait" && (argv[i + 1] === undefined || argv[i + 1].startsWith("-")) ? "--wait=unlimited" : a));
}

/** How long to wait for another crawl's lock, ms: 0 without --wait, Infinity for a bare --wait. */
export function waitMsFromFlag(value: string | undefined): number {
  if (value === undefined) return 0;
  if (value === "unlimited") return Infinity;
  return positiveInt("wait", value)! * 1000;
}
