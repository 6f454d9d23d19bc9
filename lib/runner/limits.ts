/**
 * Rate limits of the runner's endpoints (the one limiter: lib/limiter.ts), per client and for
 * everybody together.
 */
import { Limiter, sharedLimiter } from "../limiter";

/** Results: a visitor runs a model every few seconds at most; 30 a minute each, 600 a minute in all. */
export const RESULTS_PER_CLIENT_PER_MINUTE = 30;
export const RESULTS_PER_MINUTE = 600;
export function resultsLimit(): Limiter {
  return sharedLimiter("runner-results", () => new Limiter({ perKey: RESULTS_PER_CLIENT_PER_MINUTE, total: RESULTS_PER_MINUTE, windowMs: 60_000 }));
}

/**
 * On-demand checks that reach the Hub (2+ Hub requests each, on the server's quota): 10 a minute
 * per visitor, 60 a minute in all. Checks answered from the database or the cache are not counted.
 */
export const CHECKS_PER_CLIENT_PER_MINUTE = 10;
export const CHECKS_PER_MINUTE = 60;
export function checksLimit(): Limiter {
  return sharedLimiter("runner-checks", () => new Limiter({ perKey: CHECKS_PER_CLIENT_PER_MINUTE, total: CHECKS_PER_MINUTE, windowMs: 60_000 }));
}
