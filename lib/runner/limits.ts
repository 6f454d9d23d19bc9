/**
 * Rate limits of the runner's endpoints, per web process, in memory only: a sliding window per
 * client (the first X-Forwarded-For address, which Next sets from the socket when absent) and one
 * for everybody (the per-client key can be forged; the global cap cannot). Client addresses live
 * only in these maps, for one window; they are never stored or logged.
 */

export class KeyedLimit {
  private readonly hits = new Map<string, number[]>();
  private global: number[] = [];
  constructor(readonly perClient: number, readonly total: number, readonly windowMs: number) {}

  /** Records a hit if both limits allow it; otherwise how long until one does, ms. */
  take(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfterMs: number } {
    const cut = now - this.windowMs;
    this.global = this.global.filter((t) => t > cut);
    const mine = (this.hits.get(key) ?? []).filter((t) => t > cut);
    if (this.global.length >= this.total) return { ok: false, retryAfterMs: Math.max(1, this.global[0] + this.windowMs - now) };
    if (mine.length >= this.perClient) return { ok: false, retryAfterMs: Math.max(1, mine[0] + this.windowMs - now) };
    mine.push(now);
    this.global.push(now);
    this.hits.set(key, mine);
    // Forget idle clients so the map stays as small as the window's traffic.
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.every((t) => t <= cut)) this.hits.delete(k);
    return { ok: true };
  }
}

export function clientKey(request: Request): string {
  const xff = request.headers.get("x-forwarded-for") ?? "";
  return xff.split(",")[0].trim() || "unknown";
}

/** Per process, kept on globalThis across dev reloads. */
function shared(name: string, make: () => KeyedLimit): KeyedLimit {
  const key = Symbol.for(`hf-trends.runner-limit.${name}`);
  const g = globalThis as typeof globalThis & Record<symbol, KeyedLimit | undefined>;
  return (g[key] ??= make());
}

/** Results: a visitor runs a model every few seconds at most; 30 a minute each, 600 a minute in all. */
export const RESULTS_PER_CLIENT_PER_MINUTE = 30;
export const RESULTS_PER_MINUTE = 600;
export function resultsLimit(): KeyedLimit {
  return shared("results", () => new KeyedLimit(RESULTS_PER_CLIENT_PER_MINUTE, RESULTS_PER_MINUTE, 60_000));
}

/**
 * On-demand checks that reach the Hub (2+ Hub requests each, on the server's quota): 10 a minute
 * per visitor, 60 a minute in all. Checks answered from the database or the cache are not counted.
 */
export const CHECKS_PER_CLIENT_PER_MINUTE = 10;
export const CHECKS_PER_MINUTE = 60;
export function checksLimit(): KeyedLimit {
  return shared("checks", () => new KeyedLimit(CHECKS_PER_CLIENT_PER_MINUTE, CHECKS_PER_MINUTE, 60_000));
}
