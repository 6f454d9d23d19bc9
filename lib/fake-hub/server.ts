/**
 * The fake Hugging Face Hub: a loopback HTTP server following the real Hub API contract
 * (docs/hub-api.md §1-4, §7, §8) so that the unmodified `@huggingface/hub` client, and the
 * crawler built on it, run against it unchanged. Data: generator.ts. Faults are real socket
 * behaviour (resets, hangs, truncated bodies), never stubs (docs/decisions.md).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { addDays, parseDay } from "./clock";
import { DEFAULT_DAY, FakeHubData, type DayCtx } from "./generator";
import { ListIndexCache } from "./listing";
import { FaultPlan, type Fault, type FaultKind } from "./faults";
import { RateLimiter, durationSecs, rateLimitHeaders, secs, type Bucket, type Verdict } from "./ratelimit";
import { CORS_HEADERS, hubError, json, type Reply } from "./reply";
import { commits, listModels, modelInfo, resolve, tree, whoami, type RequestCtx } from "./routes";
import { handleAdmin } from "./admin";
import type { FakeHubOptions, FakeModel, FaultOptions, RateLimitOptions } from "./types";

export type { FakeHubOptions, FakeModel, FaultOptions, MountedFile, MountedRepo, RateLimitOptions } from "./types";
export { MOUNT_BASE } from "./specials";
export { FakeHubData, DEFAULT_DAY } from "./generator";
export { tfjsArtifacts, declaredWeightBytes, type TfjsArtifacts } from "./tfjs";

export interface FakeHubStats {
  requests: number;
  byRoute: Record<string, number>;
  faultsInjected: Record<string, number>;
  rateLimited: number;
}

export interface FakeHubState {
  url: string;
  seed: number;
  models: number;
  anchorDay: string;
  day: string;
  /** Models created up to the end of the current day (deleted ones included). */
  created: number;
  rateLimit: RateLimitOptions | false;
  faults: FaultOptions;
  defaultPageSize: number;
}

export interface FakeHub {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
  setDay(day: string): void;
  advanceDays(n: number): void;
  readonly day: string;
  setFaults(f: FaultOptions): void;
  setRateLimit(r: RateLimitOptions | false): void;
  stats(): FakeHubStats;
  resetStats(): void;
  state(): FakeHubState;
  /** Every live model on the current day (what the API serves); private ones only when asked. */
  truth(opts?: { includePrivate?: boolean }): FakeModel[];
  data: FakeHubData;
  /** TF.js weight bytes a repo's manifest declares (the shards concatenated), or undefined if not TF.js. */
  tfjsWeights(repoIdOrIndex: string | number): Buffer | undefined;
}

const TOKEN_RE = /^Bearer hf_[A-Za-z0-9_\-]+$/;
const HOST_RE = /^(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function emptyStats(): FakeHubStats {
  return { requests: 0, byRoute: {}, faultsInjected: {}, rateLimited: 0 };
}

/** Splits a raw path into decoded segments; undefined when a segment is not valid percent-encoding. */
function segments(rawPath: string): string[] | undefined {
  try {
    return rawPath.split("/").slice(1).map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

type Route = { name: string; bucket: Bucket; run: (ctx: RequestCtx) => Reply } | { name: "notFound" };

function route(segs: string[], rawPath: string): Route {
  // Raw (encoded) segments, to rebuild "the rest of the path" for redirects unchanged.
  const raw = rawPath.split("/").slice(1);
  const rest = (from: number) => (raw.length > from ? "/" + raw.slice(from).join("/") : "");
  if (segs[0] === "api") {
    if (segs[1] === "whoami-v2" && segs.length === 2) return { name: "whoami", bucket: "api", run: whoami };
    if (segs[1] === "models") {
      if (segs.length === 2) return { name: "models.list", bucket: "api", run: listModels };
      const [ns, name, kind] = [segs[2], segs[3], segs[4]];
      if (ns && name !== undefined && name !== "") {
        if (segs.length === 4) return { name: "models.info", bucket: "api", run: (c) => modelInfo(c, ns, name, undefined, rest(4)) };
        if (kind === "revision" && segs.length >= 6) {
          const rev = segs.slice(5).join("/");
          return { name: "models.info", bucket: "api", run: (c) => modelInfo(c, ns, name, rev, rest(4)) };
        }
        if (kind === "tree" && segs.length >= 6) {
          const rev = segs[5];
          const path = segs.slice(6).join("/");
          return { name: "models.tree", bucket: "api", run: (c) => tree(c, ns, name, rev, path, rest(4)) };
        }
        if (kind === "commits" && segs.length >= 6) {
          const rev = segs.slice(5).join("/");
          return { name: "models.commits", bucket: "api", run: (c) => commits(c, ns, name, rev, rest(4)) };
        }
      }
    }
    return { name: "api.notFound", bucket: "api", run: () => hubError(404, "Not Found") };
  }
  if (segs.length >= 5 && segs[2] === "resolve" && segs[0] && segs[1]) {
    const [ns, name, , rev] = segs;
    const path = segs.slice(4).join("/");
    return { name: "resolve", bucket: "resolvers", run: (c) => resolve(c, ns, name, rev, path, rest(2)) };
  }
  return { name: "notFound" };
}

function readBody(req: IncomingMessage, max = 1 << 20): Promise<string> {
  return new Promise((ok, fail) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        fail(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => ok(Buffer.concat(chunks).toString("utf8")));
    req.on("error", fail);
  });
}

export async function startFakeHub(opts: FakeHubOptions): Promise<FakeHub> {
  let day = opts.day ?? DEFAULT_DAY;
  parseDay(day);
  const data = new FakeHubData({ models: opts.models, seed: opts.seed, anchorDay: opts.anchorDay ?? day, mounts: opts.mounts });
  const defaultPageSize = opts.defaultPageSize ?? 1000;
  if (!Number.isInteger(defaultPageSize) || defaultPageSize < 1 || defaultPageSize > 1000) throw new Error("defaultPageSize must be 1..1000");
  let dc: DayCtx = data.dayCtx(day);
  const listCache = new ListIndexCache();
  const limiter = new RateLimiter(opts.rateLimit, opts.rateLimitClock);
  const faults = new FaultPlan(data.seed, opts.faults);
  let stats = emptyStats();
  let requestSeq = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const countFault = (k: FaultKind) => {
    stats.faultsInjected[k] = (stats.faultsInjected[k] ?? 0) + 1;
  };

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** Writes a reply, applying a truncation or slowness fault. */
  const send = (res: ServerResponse, reply: Reply, head: boolean, fault: Fault) => {
    const headers: Record<string, string> = {
      ...(reply.noCors ? {} : CORS_HEADERS),
      "X-Request-Id": `Root=1-fakehub-${(++requestSeq).toString(16).padStart(8, "0")}`,
      ...reply.headers,
      "Content-Length": String(reply.body.length),
    };
    const body = head ? Buffer.alloc(0) : reply.body;
    if (fault.kind === "truncate" && body.length > 0) {
      const keep = Math.min(body.length - 1, Math.floor(body.length * fault.keep));
      res.writeHead(reply.status, headers);
      res.write(body.subarray(0, keep), () => res.destroy());
      return;
    }
    if (fault.kind === "slow" && fault.mode === "trickle" && body.length > 0) {
      res.writeHead(reply.status, headers);
      const pieces = 10;
      const size = Math.ceil(body.length / pieces);
      let k = 0;
      const step = () => {
        if (res.destroyed) return;
        const chunk = body.subarray(k * size, (k + 1) * size);
        k++;
        if (k >= pieces || (k * size) >= body.length) res.end(chunk);
        else {
          res.write(chunk);
          later(fault.ms / pieces, step);
        }
      };
      later(fault.ms / pieces, step);
      return;
    }
    if (reply.delayMs && reply.delayMs > 0) {
      later(reply.delayMs, () => {
        if (!res.destroyed) {
          res.writeHead(reply.status, headers);
          res.end(body);
        }
      });
      return;
    }
    if (fault.kind === "slow") {
      later(fault.ms, () => {
        if (!res.destroyed) {
          res.writeHead(reply.status, headers);
          res.end(body);
        }
      });
      return;
    }
    res.writeHead(reply.status, headers);
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? "" : rawUrl.slice(q + 1);
    const method = req.method ?? "GET";
    const query = new URLSearchParams(rawQuery);
    const none: Fault = { kind: "none" };

    if (rawPath.startsWith("/__admin/")) {
      const body = method === "POST" ? await readBody(req) : "";
      send(res, await handleAdmin(hub, method, rawPath, query, body), false, none);
      return;
    }
    if (method === "OPTIONS") {
      send(res, {
        status: 204,
        headers: {
          "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
          "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "*",
          "Access-Control-Max-Age": "86400",
        },
        body: Buffer.alloc(0),
      }, false, none);
      return;
    }
    const segs = segments(rawPath);
    const r: Route = segs ? route(segs, rawPath) : { name: "notFound" };
    stats.requests++;
    stats.byRoute[r.name] = (stats.byRoute[r.name] ?? 0) + 1;
    if (r.name === "notFound" || !("run" in r)) {
      send(res, hubError(segs ? 404 : 400, segs ? "Not Found" : "Bad path encoding"), method === "HEAD", none);
      return;
    }

    // Faults come first: a reset or a hang happens before the application sees the request.
    const fault = r.bucket === "api" || faults.appliesToResolve() ? faults.next() : none;
    if (fault.kind !== "none") countFault(fault.kind);
    if (fault.kind === "reset") {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault.kind === "hang") return;
    const lim = limiter.config;
    if (fault.kind === "storm429") {
      const w = lim ? lim.windowMs : 300_000;
      send(res, hubError(429, "Too Many Requests: rate limit storm (fake hub fault injection)", undefined, {
        RateLimit: `"${r.bucket}";r=0;t=${durationSecs(fault.retryAfterMs)}`,
        "RateLimit-Policy": `"fixed window";"${r.bucket}";q=${lim ? lim.quota : 500};w=${secs(w, w)}`,
        "Retry-After": durationSecs(fault.retryAfterMs),
      }), method === "HEAD", none);
      return;
    }

    const auth = req.headers.authorization;
    const token = auth !== undefined && TOKEN_RE.test(auth);
    const identity = token ? (auth as string) : `ip:${req.socket.remoteAddress ?? "?"}`;
    const verdict: Verdict | undefined = limiter.take(r.bucket, identity, token);
    const rl = verdict ? rateLimitHeaders(verdict) : {};
    let reply: Reply;
    if (verdict && !verdict.ok) {
      stats.rateLimited++;
      reply = hubError(429, `Too Many Requests: you exceeded the ${verdict.quota} "${r.bucket}" requests allowed per ${secs(verdict.windowMs, verdict.windowMs)} s window. Retry later.`, undefined, {
        ...rl, "Retry-After": secs(verdict.resetInMs, verdict.windowMs),
      });
    } else if (auth !== undefined && !token) {
      reply = hubError(401, "Invalid credentials in Authorization header", undefined, rl);
    } else if (fault.kind === "error") {
      reply = hubError(fault.status, fault.status === 504 ? "Gateway Timeout" : "Internal Error (fake hub fault injection)", undefined, rl);
    } else {
      const ctx: RequestCtx = {
        data, dc, token, rawPath, rawQuery, query, method, listCache, defaultPageSize,
        base: typeof req.headers.host === "string" && HOST_RE.test(req.headers.host) ? `http://${req.headers.host}` : hub.url,
      };
      reply = r.run(ctx);
      Object.assign(reply.headers, rl);
    }
    send(res, reply, method === "HEAD", fault);
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, json(500, { error: err instanceof Error ? err.message : String(err) }), false, { kind: "none" });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      server.off("error", fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? "127.0.0.1";
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;

  const setDay = (d: string) => {
    const next = data.dayCtx(d);
    day = d;
    dc = next;
  };

  // Referenced by `handle` above, which only runs once the server listens (after this returns).
  const hub: FakeHub = {
    url,
    port,
    data,
    get day() {
      return day;
    },
    setDay,
    advanceDays: (n: number) => setDay(addDays(day, n)),
    setFaults: (f: FaultOptions) => faults.set(f),
    setRateLimit: (r: RateLimitOptions | false) => {
      if (r && !(r.quota >= 0 && r.windowMs > 0)) throw new Error("rate limit needs quota >= 0 and windowMs > 0");
      limiter.set(r);
    },
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    state: () => ({
      url, seed: data.seed, models: data.models, anchorDay: data.anchorDay, day, created: dc.count,
      rateLimit: limiter.config, faults: faults.config, defaultPageSize,
    }),
    truth: (o?: { includePrivate?: boolean }) => data.truth(day, o),
    tfjsWeights: (x: string | number) => {
      const i = typeof x === "number" ? x : data.lookup(x, dc)?.i;
      return i === undefined ? undefined : data.tfjs(i)?.weights;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
    },
  };
  return hub;
}
