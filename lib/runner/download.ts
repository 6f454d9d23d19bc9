/**
 * Downloads of a model's files from the Hub in the browser, shared by both runtimes: every failure
 * becomes a RunnerError that says which file and why (a 404, a host that blocks the page without
 * CORS headers, a timeout), the visitor's Cancel becomes Cancelled, and bytes are counted for the
 * progress bar. Browser only (fetch with streams); no runtime import.
 */
import { Cancelled, RunnerError } from "./errors";

export interface Progress {
  phase: "model.json" | "weights" | "building" | "files";
  loaded: number;
  /** Bytes expected in this phase, when known. */
  total: number | null;
  /** The file being downloaded. */
  file?: string;
}

export interface Aborts {
  /** The visitor's cancel. */
  user: AbortSignal;
  /** user or timeout. */
  any: AbortSignal;
  timeoutMs: number;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function stopped(a: Aborts): Error {
  if (a.user.aborted) return new Cancelled("cancelled");
  return new RunnerError("timeout", `Loading took longer than ${Math.round(a.timeoutMs / 1000)} s and was stopped (the server's RUNNER_TIMEOUT_MS).`);
}

/** fetch with every failure turned into a RunnerError that says which file and why. */
export async function get(url: string, file: string, kind: "model.json" | "shard" | "labels" | "model" | "file", a: Aborts): Promise<Response> {
  let res: Response;
  try {
    // No credentials and no referrer: the Hub must not see who is browsing which dashboard page.
    res = await fetch(url, { signal: a.any, credentials: "omit", referrerPolicy: "no-referrer", mode: "cors" });
  } catch (err) {
    if (a.any.aborted) throw stopped(a);
    throw new RunnerError(
      "cors",
      `The browser could not download ${file} from ${hostOf(url)}: the host does not let other sites read its files (no CORS headers), or the network failed (${(err as Error).message}).`,
    );
  }
  if (!res.ok) {
    if (res.status === 404 && kind === "shard") {
      throw new RunnerError("missing-shard", `A weight file is missing on the Hub: ${file} answered HTTP 404, although model.json lists it.`);
    }
    const why = res.status === 401 || res.status === 403 ? " (the repo may be gated or private)" : res.status === 404 ? " (not found)" : "";
    throw new RunnerError("http-error", `${file} could not be downloaded: HTTP ${res.status}${why}.`);
  }
  return res;
}

export async function readAll(res: Response, onChunk: (n: number) => void, a: Aborts): Promise<Uint8Array> {
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onChunk(buf.length);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      n += value.length;
      onChunk(value.length);
    }
  } catch (err) {
    if (a.any.aborted) throw stopped(a);
    throw new RunnerError("cors", `The download was interrupted (${(err as Error).message}).`);
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}


/** The visitor's signal or the timeout, whichever comes first (AbortSignal.any where the browser has it). */
export function userOrTimeout(user: AbortSignal, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  if (typeof AbortSignal.any === "function") return AbortSignal.any([user, timeout]);
  const c = new AbortController();
  const stop = () => c.abort();
  user.addEventListener("abort", stop, { once: true });
  timeout.addEventListener("abort", stop, { once: true });
  return c.signal;
}

