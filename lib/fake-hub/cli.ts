/** Command-line flags of `npm run fake-hub` (scripts/fake-hub.ts), parsed into FakeHubOptions. */
import { parseDay } from "./clock";
import { DEFAULT_DAY } from "./generator";
import type { FakeHubOptions, FaultOptions, RateLimitOptions } from "./types";

export const DEFAULT_PORT = 5564;

export const HELP = `Usage: npm run fake-hub -- [flags]

A local fake Hugging Face Hub (the real Hub's API contract, deterministic data) on loopback.
Prints "fake hub listening on http://HOST:PORT (N models, seed S, day D)" when ready.

Data
  --models N            models created up to the anchor day (default 10000)
  --seed S              data seed, an integer (default 1)
  --day YYYY-MM-DD      the clock's day (default ${DEFAULT_DAY})
  --anchor-day DAY      day on which exactly N models existed (default: --day); pass the
                        original day here to restart the same Hub grown to a later --day
  --runner-fixtures     mount the in-browser runner's fixture repos (runner-fixtures/*: tiny
                        TF.js models with known outputs, broken and oversize ones; onnx-fixtures/*:
                        tiny ONNX image, text, embedding and regression graphs, broken, oversize)
                        at indexes 100.. (needs --models above 117)
Server
  --port P              0 = a random free port (default ${DEFAULT_PORT})
  --host H              (default 127.0.0.1)
  --page-size N         /api/models page size when the request has no limit (1..1000, default 1000)
Rate limits (fixed window; all times in milliseconds)
  --quota Q             anonymous /api requests per window (default 500)
  --token-quota Q       with a Bearer hf_ token (default 2 x quota)
  --resolver-quota Q    file downloads per window (default 3000)
  --window-ms W         window length (default 300000)
  --no-rate-limit       no limits and no RateLimit headers
Faults (deterministic by request number; rates are fractions 0..1)
  --error-rate R        5xx answers
  --error-statuses L    comma list of 5xx codes to draw from (default 500,502,503,504)
  --storm-every K       every K-th request starts a storm of 429s ...
  --storm-length M      ... M requests long (default 5) ...
  --storm-retry-after-ms MS   ... with this Retry-After (default 1000)
  --slow-ms M           slow responses take M ms more
  --slow-rate R         share of slow responses (default 1 when --slow-ms is set)
  --slow-mode MODE      delay | trickle (default delay)
  --truncate-rate R     bodies cut short and the socket destroyed
  --reset-rate R        sockets reset before any response byte
  --hang-rate R         requests never answered
  --fault-seed S        seed of the fault draws (default: --seed)
  --faults-on-resolve   also inject faults on /resolve/ downloads
  -h, --help            this help
`;

export type CliResult =
  | { kind: "help" }
  | { kind: "error"; message: string }
  | { kind: "run"; options: FakeHubOptions & { day: string }; runnerFixtures: boolean };

const VALUED = new Set([
  "models", "seed", "day", "anchor-day", "port", "host", "page-size", "quota", "token-quota", "resolver-quota", "window-ms",
  "error-rate", "error-statuses", "storm-every", "storm-length", "storm-retry-after-ms", "slow-ms", "slow-rate", "slow-mode",
  "truncate-rate", "reset-rate", "hang-rate", "fault-seed",
]);
const BOOLEAN = new Set(["no-rate-limit", "faults-on-resolve", "runner-fixtures", "help"]);

class FlagError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliResult {
  const v = new Map<string, string>();
  const flags = new Set<string>();
  try {
    for (let k = 0; k < argv.length; k++) {
      const arg = argv[k];
      if (arg === "-h") {
        flags.add("help");
        continue;
      }
      if (!arg.startsWith("--")) throw new FlagError(`unexpected argument "${arg}"`);
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (BOOLEAN.has(name)) {
        if (eq >= 0) throw new FlagError(`--${name} takes no value`);
        flags.add(name);
      } else if (VALUED.has(name)) {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++k];
        if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new FlagError(`--${name} needs a value`);
        v.set(name, value);
      } else throw new FlagError(`unknown flag --${name}`);
    }
    if (flags.has("help")) return { kind: "help" };

    const int = (name: string, def: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined => {
      const s = v.get(name);
      if (s === undefined) return def;
      if (!/^-?\d+$/.test(s) || Number(s) < min || Number(s) > max) throw new FlagError(`--${name} must be an integer between ${min} and ${max}, got "${s}"`);
      return Number(s);
    };
    const frac = (name: string): number | undefined => {
      const s = v.get(name);
      if (s === undefined) return undefined;
      const n = Number(s);
      if (s.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) throw new FlagError(`--${name} must be a number between 0 and 1, got "${s}"`);
      return n;
    };
    const day = (name: string, def?: string): string | undefined => {
      const s = v.get(name) ?? def;
      if (s === undefined) return undefined;
      try {
        parseDay(s);
      } catch {
        throw new FlagError(`--${name} must be a date YYYY-MM-DD, got "${s}"`);
      }
      return s;
    };

    const models = int("models", 10_000, 1, 8_000_000) as number;
    const seed = int("seed", 1, -2147483648, 4294967295) as number;
    const options: FakeHubOptions & { day: string } = {
      models, seed, day: day("day", DEFAULT_DAY) as string, anchorDay: day("anchor-day"),
      port: int("port", DEFAULT_PORT, 0, 65535), host: v.get("host") ?? "127.0.0.1",
      defaultPageSize: int("page-size", 1000, 1, 1000),
    };
    if (flags.has("no-rate-limit")) {
      for (const f of ["quota", "token-quota", "resolver-quota", "window-ms"]) if (v.has(f)) throw new FlagError(`--${f} conflicts with --no-rate-limit`);
      options.rateLimit = false;
    } else {
      const rl: RateLimitOptions = { quota: int("quota", 500, 0) as number, windowMs: int("window-ms", 300_000, 1) as number };
      const tq = int("token-quota", undefined, 0);
      const rq = int("resolver-quota", undefined, 0);
      if (tq !== undefined) rl.tokenQuota = tq;
      if (rq !== undefined) rl.resolverQuota = rq;
      options.rateLimit = rl;
    }
    const faults: FaultOptions = {};
    const set = <K extends keyof FaultOptions>(k: K, x: FaultOptions[K] | undefined) => {
      if (x !== undefined) faults[k] = x;
    };
    set("errorRate", frac("error-rate"));
    set("slowRate", frac("slow-rate"));
    set("truncateRate", frac("truncate-rate"));
    set("resetRate", frac("reset-rate"));
    set("hangRate", frac("hang-rate"));
    set("slowPageMs", int("slow-ms", undefined, 0));
    set("seed", int("fault-seed", undefined, -2147483648, 4294967295));
    const mode = v.get("slow-mode");
    if (mode !== undefined && mode !== "delay" && mode !== "trickle") throw new FlagError(`--slow-mode must be "delay" or "trickle", got "${mode}"`);
    set("slowMode", mode as FaultOptions["slowMode"]);
    const statuses = v.get("error-statuses");
    if (statuses !== undefined) {
      const list = statuses.split(",").map((x) => x.trim());
      if (!list.every((x) => /^5\d\d$/.test(x))) throw new FlagError(`--error-statuses must be a comma list of 5xx codes, got "${statuses}"`);
      faults.errorStatuses = list.map(Number);
    }
    const every = int("storm-every", undefined, 1);
    if (every !== undefined) {
      faults.storm429 = { every, length: int("storm-length", 5, 1) as number, retryAfterMs: int("storm-retry-after-ms", 1000, 0) as number };
    } else if (v.has("storm-length") || v.has("storm-retry-after-ms")) throw new FlagError("--storm-length and --storm-retry-after-ms need --storm-every");
    if (flags.has("faults-on-resolve")) faults.includeResolve = true;
    if (Object.keys(faults).length) options.faults = faults;
    return { kind: "run", options, runnerFixtures: flags.has("runner-fixtures") };
  } catch (err) {
    if (err instanceof FlagError) return { kind: "error", message: err.message };
    throw err;
  }
}
