/**
 * The one rate limiter of the web server (the admin "crawl now" gate and the runner's endpoints):
 * a sliding window of timestamps per key, plus an optional cap for all keys together (a per-client
 * key can be rotated by someone forging addresses; the total cannot).
 *
 * In memory, per process: keys (client addresses) live only here and only for one window; they are
 * never stored or logged. The clock is a parameter so tests step time instead of sleeping.
 */

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export interface LimiterOptions {
  /** Events allowed per key in any window. */
  perKey: number;
  /** Events allowed for all keys together in any window (default: no total cap). */
  total?: number;
  windowMs: number;
  now?: () => number;
}

/** Idle keys are swept once the map holds this many, so it stays as small as one window's traffic. */
const SWEEP_AT = 10_000;

export class Limiter {
  private readonly hits = new Map<string, number[]>();
  private all: number[] = [];
  private readonly now: () => number;

  constructor(readonly opts: LimiterOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Whether `key` may have one more event now, without recording it. */
  check(key: string): Take {
    const now = this.now();
    const cut = now - this.opts.windowMs;
    this.all = this.all.filter((t) => t > cut);
    const mine = (this.hits.get(key) ?? []).filter((t) => t > cut);
    if (mine.length) this.hits.set(key, mine);
    else this.hits.delete(key);
    const wait = (oldest: number) => ({ ok: false as const, retryAfterMs: Math.max(1, oldest + this.opts.windowMs - now) });
    if (this.opts.total !== undefined && this.all.length >= this.opts.total) return wait(this.all[0]);
    if (mine.length >= this.opts.perKey) return wait(mine[0]);
    return { ok: true };
  }

  /** Records one event for `key` if both limits allow it; otherwise how long until one does, ms. */
  take(key = ""): Take {
    const verdict = this.check(key);
    if (!verdict.ok) return verdict;
    const now = this.now();
    this.hits.set(key, [...(this.hits.get(key) ?? []), now]);
    this.all.push(now);
    if (this.hits.size > SWEEP_AT) {
      const cut = now - this.opts.windowMs;
      for (const [k, v] of this.hits) if (v.every((t) => t <= cut)) this.hits.delete(k);
    }
    return { ok: true };
  }
}

/** One limiter per name and process, kept on globalThis so dev reloads do not reset it. */
export function sharedLimiter(name: string, make: () => Limiter): Limiter {
  const key = Symbol.for(`hf-trends.limiter.${name}`);
  const g = globalThis as typeof globalThis & Record<symbol, Limiter | undefined>;
  return (g[key] ??= make());
}

/** Whole seconds for a Retry-After header (at least 1). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * The client a request comes from, as the key of a per-client limit. The web server's preload
 * (lib/ops/request-gate.cjs) has already replaced X-Forwarded-For by the one address it trusts
 * (the socket's, or the proxy's report when TRUST_PROXY says so).
 */
export function clientKey(request: Request): string {
  const xff = request.headers.get("x-forwarded-for") ?? "";
  return xff.split(",")[0].trim() || "unknown";
}
