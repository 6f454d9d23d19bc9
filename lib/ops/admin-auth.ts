/**
 * The gate of the web "crawl now" (ADMIN_TOKEN): a constant-time comparison of the bearer token,
 * and rate limits. The comparison hashes both sides first, so neither the content nor the length of
 * the token leaks through timing (timingSafeEqual needs equal lengths; SHA-256 digests always are).
 */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

export type AdminCheck = "ok" | "disabled" | "missing" | "wrong";

/** `Authorization: Bearer <token>` against ADMIN_TOKEN (undefined = the feature is off). */
export function checkAdminToken(authorization: string | null, adminToken: string | undefined): AdminCheck {
  if (!adminToken) return "disabled";
  const m = /^Bearer[ \t]+(\S.*)$/i.exec((authorization ?? "").trim());
  if (!m) return "missing";
  const sent = createHash("sha256").update(m[1].trim()).digest();
  const want = createHash("sha256").update(adminToken).digest();
  return timingSafeEqual(sent, want) ? "ok" : "wrong";
}

/** At most `limit` events in any `windowMs` (a sliding log of timestamps). */
export class SlidingLimit {
  private times: number[] = [];
  constructor(readonly limit: number, readonly windowMs: number) {}

  /** Records an event if allowed; otherwise says how long until one is, ms. */
  take(now = Date.now()): { ok: true } | { ok: false; retryAfterMs: number } {
    this.times = this.times.filter((t) => now - t < this.windowMs);
    if (this.times.length >= this.limit) return { ok: false, retryAfterMs: this.windowMs - (now - this.times[0]) };
    this.times.push(now);
    return { ok: true };
  }
}

/** Any request to the endpoint, authorised or not: guessing the token is slow. */
export const ATTEMPTS_PER_MINUTE = 10;
/** Accepted "crawl now" requests: one a minute is plenty for a crawl that runs for an hour. */
export const TRIGGERS_PER_MINUTE = 1;

interface Limits {
  attempts: SlidingLimit;
  triggers: SlidingLimit;
}

const KEY = Symbol.for("hf-trends.admin-limits");

/** The web server's limits, one set per process (kept on globalThis across dev reloads). */
export function adminLimits(): Limits {
  const g = globalThis as typeof globalThis & { [KEY]?: Limits };
  return (g[KEY] ??= { attempts: new SlidingLimit(ATTEMPTS_PER_MINUTE, 60_000), triggers: new SlidingLimit(TRIGGERS_PER_MINUTE, 60_000) });
}
