/**
 * Fixed-window quotas with the real Hub's headers (docs/hub-api.md §3.1):
 *   RateLimit: "api";r=<left>;t=<seconds until reset>
 *   RateLimit-Policy: "fixed window";"api";q=<quota>;w=<window seconds>
 * Two buckets, "api" (/api/*) and "resolvers" (file downloads), counted per identity (the token,
 * else the client IP). Windows are aligned to the moment the limits were (re)configured.
 *
 * Units: knobs are milliseconds so tests never wait minutes. The headers speak seconds: integer
 * seconds (rounded up) when the window is at least 1 s, as the real Hub sends; below 1 s, decimal
 * seconds (e.g. t=0.25), since rounding up to 1 would make a 300 ms window look like 1 s.
 */
import type { RateLimitOptions } from "./types";

export type Bucket = "api" | "resolvers";

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { quota: 500, windowMs: 300_000, tokenQuota: 1000, resolverQuota: 3000 };

export interface Verdict {
  ok: boolean;
  bucket: Bucket;
  quota: number;
  remaining: number;
  /** ms until the window resets. */
  resetInMs: number;
  windowMs: number;
}

/** Seconds as the headers write them (see the module comment): decimal when `windowMs` < 1000. */
export function secs(ms: number, windowMs: number): string {
  if (windowMs < 1000) return String(Math.max(0.001, Math.round(ms) / 1000));
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

/** A standalone duration (e.g. a fault's Retry-After): decimal seconds below 1 s, else whole seconds. */
export function durationSecs(ms: number): string {
  return secs(ms, ms);
}

export class RateLimiter {
  private opts: RateLimitOptions | false;
  private epoch: number;
  private readonly used = new Map<string, { window: number; n: number }>();

  constructor(opts: RateLimitOptions | false | undefined, private readonly now: () => number = Date.now) {
    this.opts = opts === undefined ? DEFAULT_RATE_LIMIT : opts;
    this.epoch = now();
  }

  get config(): RateLimitOptions | false {
    return this.opts;
  }

  set(opts: RateLimitOptions | false): void {
    this.opts = opts;
    this.epoch = this.now();
    this.used.clear();
  }

  private quotaFor(o: RateLimitOptions, bucket: Bucket, token: boolean): number {
    if (bucket === "resolvers") {
      const base = o.resolverQuota ?? 3000;
      return token ? Math.round(base * (5000 / 3000)) : base;
    }
    return token ? (o.tokenQuota ?? o.quota * 2) : o.quota;
  }

  /** Counts one request; undefined when rate limiting is off. */
  take(bucket: Bucket, identity: string, token: boolean): Verdict | undefined {
    const o = this.opts;
    if (!o) return undefined;
    const quota = this.quotaFor(o, bucket, token);
    const t = this.now() - this.epoch;
    const window = Math.floor(t / o.windowMs);
    const resetInMs = (window + 1) * o.windowMs - t;
    const key = `${bucket}|${identity}`;
    let u = this.used.get(key);
    if (!u || u.window !== window) {
      u = { window, n: 0 };
      this.used.set(key, u);
    }
    if (u.n >= quota) return { ok: false, bucket, quota, remaining: 0, resetInMs, windowMs: o.windowMs };
    u.n++;
    return { ok: true, bucket, quota, remaining: quota - u.n, resetInMs, windowMs: o.windowMs };
  }
}

export function rateLimitHeaders(v: Verdict): Record<string, string> {
  return {
    RateLimit: `"${v.bucket}";r=${v.remaining};t=${secs(v.resetInMs, v.windowMs)}`,
    "RateLimit-Policy": `"fixed window";"${v.bucket}";q=${v.quota};w=${secs(v.windowMs, v.windowMs)}`,
  };
}
