/**
 * Fault schedule. Each faultable request gets a sequence number (1, 2, ... since the last
 * setFaults) and its fault is a pure function of (fault seed, sequence number): a rerun with the
 * same requests in the same order meets the same faults. At most one fault per request, checked in
 * this order: 429 storm, reset, hang, 5xx, truncation, slowness.
 */
import { saltOf, u01 } from "./rng";
import type { FaultOptions } from "./types";

export type Fault =
  | { kind: "none" }
  | { kind: "storm429"; retryAfterMs: number }
  | { kind: "reset" }
  | { kind: "hang" }
  | { kind: "error"; status: number }
  | { kind: "truncate"; keep: number }
  | { kind: "slow"; ms: number; mode: "delay" | "trickle" };

export type FaultKind = Exclude<Fault["kind"], "none">;

const S = {
  reset: saltOf("fault-reset"), hang: saltOf("fault-hang"), error: saltOf("fault-error"), status: saltOf("fault-status"),
  truncate: saltOf("fault-truncate"), keep: saltOf("fault-keep"), slow: saltOf("fault-slow"),
};

function rate(x: number | undefined, name: string): number {
  if (x === undefined) return 0;
  if (!(x >= 0 && x <= 1)) throw new Error(`${name} must be between 0 and 1`);
  return x;
}

/** Validates fault options (throws with a readable message). */
export function validateFaults(f: FaultOptions): FaultOptions {
  rate(f.errorRate, "errorRate");
  rate(f.slowRate, "slowRate");
  rate(f.truncateRate, "truncateRate");
  rate(f.resetRate, "resetRate");
  rate(f.hangRate, "hangRate");
  if (f.slowPageMs !== undefined && !(f.slowPageMs >= 0)) throw new Error("slowPageMs must be >= 0");
  if (f.slowMode !== undefined && f.slowMode !== "delay" && f.slowMode !== "trickle") throw new Error('slowMode must be "delay" or "trickle"');
  if (f.storm429) {
    const { every, length, retryAfterMs } = f.storm429;
    if (!(Number.isInteger(every) && every >= 1)) throw new Error("storm429.every must be an integer >= 1");
    if (!(Number.isInteger(length) && length >= 1)) throw new Error("storm429.length must be an integer >= 1");
    if (!(retryAfterMs >= 0)) throw new Error("storm429.retryAfterMs must be >= 0");
  }
  if (f.errorStatuses) for (const s of f.errorStatuses) if (!(Number.isInteger(s) && s >= 500 && s <= 599)) throw new Error("errorStatuses must be 5xx codes");
  return f;
}

export class FaultPlan {
  private opts: FaultOptions = {};
  private seq = 0;
  private seed: number;

  constructor(private readonly hubSeed: number, opts?: FaultOptions) {
    this.seed = hubSeed;
    if (opts) this.set(opts);
  }

  get config(): FaultOptions {
    return this.opts;
  }

  set(opts: FaultOptions): void {
    this.opts = validateFaults({ ...opts });
    this.seed = opts.seed ?? this.hubSeed;
    this.seq = 0;
  }

  appliesToResolve(): boolean {
    return this.opts.includeResolve === true;
  }

  /** The fault of the next faultable request. */
  next(): Fault {
    const o = this.opts;
    const n = ++this.seq;
    const st = o.storm429;
    if (st && n >= st.every && (st.length >= st.every || n % st.every < st.length)) return { kind: "storm429", retryAfterMs: st.retryAfterMs };
    const u = (salt: number) => u01(this.seed, n, salt);
    if (o.resetRate && u(S.reset) < o.resetRate) return { kind: "reset" };
    if (o.hangRate && u(S.hang) < o.hangRate) return { kind: "hang" };
    if (o.errorRate && u(S.error) < o.errorRate) {
      const statuses = o.errorStatuses?.length ? o.errorStatuses : [500, 502, 503, 504];
      return { kind: "error", status: statuses[Math.floor(u(S.status) * statuses.length)] };
    }
    if (o.truncateRate && u(S.truncate) < o.truncateRate) return { kind: "truncate", keep: 0.2 + 0.6 * u(S.keep) };
    if (o.slowPageMs && u(S.slow) < (o.slowRate ?? 1)) return { kind: "slow", ms: o.slowPageMs, mode: o.slowMode ?? "delay" };
    return { kind: "none" };
  }
}
