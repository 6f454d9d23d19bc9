/**
 * Out-of-process control of a running fake Hub (tests spawn it as a child process). Admin routes
 * are never rate-limited, faulted or counted in stats.
 *
 *   GET  /__admin/state                      day, size, limits, faults
 *   POST /__admin/day         {"day":"YYYY-MM-DD"} | {"advance":N}
 *   POST /__admin/faults      FaultOptions (replaces the current ones; {} clears them)
 *   POST /__admin/rate-limit  RateLimitOptions | {"enabled":false}
 *   GET  /__admin/stats       POST /__admin/reset-stats
 *   GET  /__admin/truth[?includePrivate=1]   every live model of the current day (JSON array)
 */
import { json, type Reply } from "./reply";
import type { FaultOptions, RateLimitOptions } from "./types";

/**
 * What the admin routes drive: the running fake Hub (server.ts's FakeHub has all of it). Declared
 * here rather than imported so that server.ts, which mounts these routes, is not imported back.
 */
export interface AdminTarget {
  state(): unknown;
  stats(): unknown;
  resetStats(): void;
  truth(opts?: { includePrivate?: boolean }): unknown;
  setDay(day: string): void;
  advanceDays(n: number): void;
  setFaults(f: FaultOptions): void;
  setRateLimit(r: RateLimitOptions | false): void;
}

export async function handleAdmin(hub: AdminTarget, method: string, path: string, query: URLSearchParams, body: string): Promise<Reply> {
  const parse = (): Record<string, unknown> => {
    const v: unknown = body.trim() ? JSON.parse(body) : {};
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("body must be a JSON object");
    return v as Record<string, unknown>;
  };
  try {
    if (method === "GET" && path === "/__admin/state") return json(200, hub.state());
    if (method === "GET" && path === "/__admin/stats") return json(200, hub.stats());
    if (method === "POST" && path === "/__admin/reset-stats") {
      hub.resetStats();
      return json(200, hub.stats());
    }
    if (method === "GET" && path === "/__admin/truth") {
      const includePrivate = ["1", "true", "True"].includes(query.get("includePrivate") ?? "");
      return json(200, hub.truth({ includePrivate }));
    }
    if (method === "POST" && path === "/__admin/day") {
      const b = parse();
      if (typeof b.day === "string") hub.setDay(b.day);
      else if (typeof b.advance === "number" && Number.isInteger(b.advance)) hub.advanceDays(b.advance);
      else throw new Error('expected {"day":"YYYY-MM-DD"} or {"advance":N}');
      return json(200, hub.state());
    }
    if (method === "POST" && path === "/__admin/faults") {
      hub.setFaults(parse() as FaultOptions);
      return json(200, hub.state());
    }
    if (method === "POST" && path === "/__admin/rate-limit") {
      const b = parse();
      if (b.enabled === false) hub.setRateLimit(false);
      else {
        if (typeof b.quota !== "number" || typeof b.windowMs !== "number") throw new Error("expected {quota, windowMs[, tokenQuota, resolverQuota]} or {enabled:false}");
        hub.setRateLimit(b as unknown as RateLimitOptions);
      }
      return json(200, hub.state());
    }
    return json(404, { error: `unknown admin route ${method} ${path}` });
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) });
  }
}
