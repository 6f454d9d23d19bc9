/**
 * Can the Hub be reached at all? One small request before a crawl starts, so that a machine with
 * no network (or a wrong HF_ENDPOINT) gets a clear message within seconds instead of a crawl that
 * fails after minutes of retries. It costs one request of the Hub's quota per crawl.
 */
import { USER_AGENT } from "../hub/polite-fetch";

export type ProbeResult = { ok: true } | { ok: false; error: string };

export const PROBE_TIMEOUT_MS = 15_000;

export async function probeHub(hubUrl: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ProbeResult> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? PROBE_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  try {
    const res = await fetch(`${hubUrl}/api/models?limit=1`, { headers: { "user-agent": USER_AGENT }, signal });
    await res.arrayBuffer().catch(() => undefined);
    // 429 means reachable (the crawl paces itself); a 5xx means the Hub is down right now.
    if (res.status >= 500) return { ok: false, error: `the Hub answered HTTP ${res.status}` };
    return { ok: true };
  } catch (err) {
    if (timeout.aborted) return { ok: false, error: `no answer within ${Math.round((opts.timeoutMs ?? PROBE_TIMEOUT_MS) / 1000)} s` };
    return { ok: false, error: describe(err) };
  }
}

/** "fetch failed (ENOTFOUND huggingface.co)" rather than a bare "fetch failed". */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: { code?: string; message?: string; hostname?: string } }).cause;
  if (cause?.code) return `${err.message} (${cause.code}${cause.hostname ? ` ${cause.hostname}` : ""})`;
  return cause?.message ? `${err.message}: ${cause.message}` : err.message;
}
