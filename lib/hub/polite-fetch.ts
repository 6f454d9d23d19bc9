/**
 * The fetch given to @huggingface/hub: the client has no retries at all (docs/hub-api.md §3.1), so this
 * wrapper owns everything that makes a long crawl survive the real network:
 * - pacing from the RateLimit headers, spreading requests over the window so the quota is never
 *   spent early (no 429 storms of our own making), with a reserve left for other users of the IP;
 * - retries on 429 (waiting what RateLimit `t` or Retry-After says), on 408/5xx, timeouts,
 *   connection resets and truncated bodies, with bounded exponential backoff and full jitter;
 * - a timeout per attempt that covers the body, not just the headers;
 * - an explicit User-Agent.
 * The body is read and JSON-validated here, so a truncated page is retried instead of surfacing as
 * a parse error inside the client's generator (where nothing can retry it).
 */
import { parseRateLimit, parseRateLimitPolicy, parseRetryAfter } from "./rate-limit";

export const USER_AGENT = "hf-trends/0.1 (framework adoption crawler; +https://github.com/hf-trends/hf-trends)";

export interface PoliteFetchOptions {
  /** Per attempt, headers and body, ms. */
  timeoutMs?: number;
  /** Retries of one request on 5xx / network errors (429s have their own, larger budget). */
  maxRetries?: number;
  maxRateLimitRetries?: number;
  /** First backoff step, ms; doubles per retry up to backoffMaxMs, full jitter. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Longest single wait a 429 may impose, ms (the Hub's window is 5 minutes). */
  maxRateLimitWaitMs?: number;
  /** Requests of each window left unused for other clients on the same IP (fraction of quota, min 1). */
  reserveFraction?: number;
  /** Stops waits early (Ctrl-C during a 5-minute rate-limit wait). */
  signal?: AbortSignal;
}

export class FetchAborted extends Error {
  override name = "FetchAborted";
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export interface PoliteFetch {
  fetch: typeof fetch;
  stats: { requests: number; retries: number; rateLimitWaits: number; rateLimitWaitMs: number };
}

export function createPoliteFetch(opts: PoliteFetchOptions = {}): PoliteFetch {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const maxRetries = opts.maxRetries ?? 8;
  const maxRateLimitRetries = opts.maxRateLimitRetries ?? 50;
  const backoffBaseMs = opts.backoffBaseMs ?? 1_000;
  const backoffMaxMs = opts.backoffMaxMs ?? 60_000;
  const maxRateLimitWaitMs = opts.maxRateLimitWaitMs ?? 6 * 60_000;
  const reserveFraction = opts.reserveFraction ?? 0.02;
  const stats = { requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  /** Earliest time the next request may leave, from pacing (ms epoch). */
  let notBefore = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new FetchAborted("stopped"));
      const t = setTimeout(() => {
        opts.signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        reject(new FetchAborted("stopped"));
      };
      opts.signal?.addEventListener("abort", onAbort, { once: true });
    });

  function pace(headers: Headers): void {
    const rl = parseRateLimit(headers.get("ratelimit"));
    if (!rl) return;
    const policy = parseRateLimitPolicy(headers.get("ratelimit-policy"));
    const reserve = Math.max(1, Math.floor((policy?.quota ?? 500) * reserveFraction));
    const usable = rl.remaining - reserve;
    // Spread what is left of this window evenly over the time left in it. With a fresh window and
    // a generous quota the interval is ~0; near the end of the quota it grows to "wait for reset".
    const interval = usable > 0 ? rl.resetMs / usable : rl.resetMs + 50;
    notBefore = Date.now() + Math.round(Math.min(interval, maxRateLimitWaitMs));
  }

  const politeFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers);
    headers.set("user-agent", USER_AGENT);
    let failures = 0;
    let rateLimited = 0;
    for (;;) {
      const wait = Math.ceil(notBefore - Date.now());
      if (wait > 0) {
        stats.rateLimitWaits++;
        stats.rateLimitWaitMs += wait;
        await sleep(wait);
      }
      if (opts.signal?.aborted) throw new FetchAborted("stopped");
      stats.requests++;
      let res: Response;
      let text: string;
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        res = await fetch(url, { ...init, headers, signal: timeout });
        text = await res.text();
      } catch (err) {
        const reason = timeout.aborted ? `timeout after ${timeoutMs} ms` : describeNetworkError(err);
        if (++failures > maxRetries) throw new Error(`${reason} (gave up after ${maxRetries} retries): ${url}`);
        await retryWait(url, failures, reason, backoff(failures));
        continue;
      }
      pace(res.headers);
      if (res.status === 429) {
        const rl = parseRateLimit(res.headers.get("ratelimit"));
        const after = rl && rl.remaining === 0 ? rl.resetMs : parseRetryAfter(res.headers.get("retry-after"));
        // `t + 1 s` is what huggingface_hub sleeps; with sub-second test windows keep it proportional.
        const waitMs = Math.min(after !== undefined ? after + Math.min(1000, after * 0.1 + 20) : backoff(rateLimited + 1), maxRateLimitWaitMs);
        if (++rateLimited > maxRateLimitRetries) {
          throw new Error(`rate limited ${rateLimited} times in a row (gave up): ${url}`);
        }
        stats.rateLimitWaits++;
        stats.rateLimitWaitMs += waitMs;
        stats.retries++;
        await sleep(waitMs);
        continue;
      }
      if (RETRYABLE_STATUS.has(res.status)) {
        const reason = `HTTP ${res.status}`;
        if (++failures > maxRetries) return rebuild(res, text, undefined);
        const after = parseRetryAfter(res.headers.get("retry-after"));
        await retryWait(url, failures, reason, Math.max(backoff(failures), Math.min(after ?? 0, backoffMaxMs)));
        continue;
      }
      let parsed: unknown;
      if (res.ok && isJson(res)) {
        try {
          parsed = JSON.parse(text);
        } catch {
          const reason = `truncated or invalid JSON body (${text.length} chars)`;
          if (++failures > maxRetries) throw new Error(`${reason} (gave up after ${maxRetries} retries): ${url}`);
          await retryWait(url, failures, reason, backoff(failures));
          continue;
        }
      }
      return rebuild(res, text, parsed);
    }
  };

  async function retryWait(url: string, attempt: number, reason: string, waitMs: number) {
    stats.retries++;
    await sleep(waitMs);
  }

  function backoff(attempt: number): number {
    const cap = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (attempt - 1));
    // Full jitter (AWS architecture blog): spreads retries of many clients, never below a floor.
    return Math.round(cap / 2 + Math.random() * (cap / 2));
  }

  return { fetch: politeFetch as typeof fetch, stats };
}

function isJson(res: Response): boolean {
  return (res.headers.get("content-type") ?? "").includes("json");
}

/**
 * A Response over the already-read body. When the body was parsed here, `json()` hands back that
 * parse instead of parsing the page a second time (JSON.parse of a 1000-model page is a visible
 * share of a crawl's CPU).
 */
function rebuild(res: Response, text: string, parsed: unknown): Response {
  const out = new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
  if (parsed !== undefined) {
    Object.defineProperty(out, "json", { value: async () => parsed });
  }
  Object.defineProperty(out, "url", { value: res.url });
  return out;
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as Error & { code?: string }).code;
  return code ? `${err.message} (${code})` : cause?.message ? `${err.message}: ${cause.message}` : err.message;
}
