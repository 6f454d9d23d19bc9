/**
 * The gate of the web "crawl now" (ADMIN_TOKEN): a constant-time comparison of the bearer token,
 * and rate limits (failures per client, accepted triggers). The comparison hashes both sides first, so neither the content nor the length of
 * the token leaks through timing (timingSafeEqual needs equal lengths; SHA-256 digests always are).
 */
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { Limiter, sharedLimiter } from "../limiter";

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

/**
 * Failed attempts (no token, wrong token) allowed per client and minute before it gets 429. Only
 * failures count and only the client's own: a stranger's guesses never lock out the right token,
 * and the right token is never refused for earlier failures (a token of 16+ characters cannot be
 * guessed at any rate the web server answers; the limit keeps the noise down).
 */
export const FAILURES_PER_CLIENT_PER_MINUTE = 10;
/** Accepted "crawl now" requests: one a minute is plenty for a crawl that runs for an hour. */
export const TRIGGERS_PER_MINUTE = 1;

interface Limits {
  failures: Limiter;
  triggers: Limiter;
}

/** The web server's limits, one set per process (lib/limiter.ts). */
export function adminLimits(): Limits {
  return {
    failures: sharedLimiter("admin-failures", () => new Limiter({ perKey: FAILURES_PER_CLIENT_PER_MINUTE, windowMs: 60_000 })),
    triggers: sharedLimiter("admin-triggers", () => new Limiter({ perKey: TRIGGERS_PER_MINUTE, windowMs: 60_000 })),
  };
}
