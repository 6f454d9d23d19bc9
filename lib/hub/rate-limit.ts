/**
 * The Hub's rate-limit headers (IETF draft-ietf-httpapi-ratelimit-headers-09, docs/hub-api.md §3.1):
 *   RateLimit: "api";r=<remaining>;t=<seconds until the window resets>
 *   RateLimit-Policy: "fixed window";"api";q=<quota>;w=<window seconds>
 *   Retry-After: <seconds> (on 429; an HTTP-date is also legal)
 * Seconds may be decimal: our fake Hub sends them so when its test windows are below a second.
 */
export interface RateLimitState {
  remaining: number;
  resetMs: number;
}

export interface RateLimitPolicy {
  quota: number;
  windowMs: number;
}

function param(header: string, key: string): number | undefined {
  const m = new RegExp(`(?:^|;)\\s*${key}=([0-9]+(?:\\.[0-9]+)?)`).exec(header);
  return m ? Number(m[1]) : undefined;
}

export function parseRateLimit(header: string | null): RateLimitState | undefined {
  if (!header) return undefined;
  const r = param(header, "r");
  const t = param(header, "t");
  if (r === undefined || t === undefined) return undefined;
  return { remaining: r, resetMs: Math.round(t * 1000) };
}

export function parseRateLimitPolicy(header: string | null): RateLimitPolicy | undefined {
  if (!header) return undefined;
  const q = param(header, "q");
  const w = param(header, "w");
  if (q === undefined || w === undefined) return undefined;
  return { quota: q, windowMs: Math.round(w * 1000) };
}

/** Retry-After as ms: delta-seconds (decimal accepted) or an HTTP-date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  if (/^[0-9]+(\.[0-9]+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const d = Date.parse(s);
  return Number.isNaN(d) ? undefined : Math.max(0, d - now);
}
