/**
 * "Can this model run in the browser?" for a model id typed on /try. The database answers when the
 * files pass checked the model after its last change; otherwise the web server checks that ONE
 * model on the Hub through the files pass's own code (checkRepoFiles: model info with its file
 * list, then model.json), with the server's HF_TOKEN if any. The token stays on the server: the
 * answer is the check's result, never a header or a URL carrying it. Nothing is written: the
 * scheduler's files pass stores its own checks; this one is cached in memory for a few minutes.
 */
import "server-only";
import type { Sqlite } from "../../db/index";
import { checkRepoFiles, type FilesResult } from "../crawl/files-pass";
import { createPoliteFetch } from "../hub/polite-fetch";
import { redact } from "../hub/redact";
import { lookupStored } from "./sample";
import { REPO_ID_RE, type CheckResponse, type RunnableModel } from "./types";

const CACHE_TTL_MS = 10 * 60_000;
const CACHE_MAX = 500;

interface Cached {
  at: number;
  response: CheckResponse;
}

const KEY = Symbol.for("hf-trends.runner-check-cache");
function cache(): Map<string, Cached> {
  const g = globalThis as typeof globalThis & { [KEY]?: Map<string, Cached> };
  return (g[KEY] ??= new Map());
}

export function clearCheckCache(): void {
  cache().clear();
}

export interface CheckOptions {
  sqlite: Sqlite;
  hubUrl: string;
  token?: string;
  /** Called before a Hub check; false = refuse (rate limit): the caller answers 429. */
  allowHubCheck?: () => boolean;
  /** Per Hub request, ms (default 15 s: a visitor is waiting). */
  timeoutMs?: number;
}

function fromFiles(r: FilesResult): CheckResponse {
  if (r.status === "not-found" || r.private) {
    return { ok: false, code: "not-found", message: `There is no public model ${r.repoId} on the Hub.` };
  }
  if (r.gated) {
    return { ok: false, code: "gated", message: `${r.repoId} is gated: the Hub only serves its files to signed-in users who accepted its terms, so it cannot run here.` };
  }
  if (r.status === "confirmed" && r.runnable) {
    const f = r.runnable;
    const model: RunnableModel = {
      repoId: r.repoId, revision: f.revision ?? "main", modelJsonPath: f.modelJsonPath, format: f.format, weightBytes: f.weightBytes,
      shards: f.shards, task: r.task ?? null, downloads30d: r.downloads ?? null, likes: r.likes ?? null, inputs: f.inputs, labelsPath: f.labelsPath,
    };
    return { ok: true, model, source: "hub" };
  }
  if (r.status === "unreadable") {
    const why = r.dirResults.map((d) => `${d.dir || "/"}model.json: ${d.reason}`).join("; ");
    return { ok: false, code: "unreadable", message: `The Hub would not serve ${r.repoId}'s model.json (${why}).` };
  }
  if (r.dirs.length === 0) {
    return { ok: false, code: "not-tfjs", message: `${r.repoId} is not a TensorFlow.js model: its files have no model.json with weight shards beside it.` };
  }
  const why = r.dirResults.map((d) => `${d.dir || "/"}model.json: ${d.reason}`).join("; ");
  return { ok: false, code: "not-tfjs", message: `${r.repoId} is not a TensorFlow.js model (${why}).` };
}

/** Never throws for Hub trouble: that is a `hub-error` answer. */
export async function checkModel(repoIdRaw: string, opts: CheckOptions): Promise<CheckResponse> {
  const repoId = repoIdRaw.trim();
  if (!REPO_ID_RE.test(repoId)) {
    return { ok: false, code: "bad-id", message: 'A model id looks like "author/name" (letters, digits, "-", "_", ".").' };
  }
  const stored = lookupStored(opts.sqlite, repoId);
  if (stored.kind === "gated") {
    return { ok: false, code: "gated", message: `${repoId} is gated: the Hub only serves its files to signed-in users who accepted its terms, so it cannot run here.` };
  }
  if (stored.kind === "runnable" && stored.fresh) return { ok: true, model: stored.model, source: "database" };

  const key = repoId.toLowerCase();
  const hit = cache().get(key);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.response;

  if (opts.allowHubCheck && !opts.allowHubCheck()) {
    return { ok: false, code: "rate-limited", message: "Too many models checked on the Hub from here in the last minute; try again in a minute." };
  }
  const polite = createPoliteFetch({ timeoutMs: opts.timeoutMs ?? 15_000, maxRetries: 2, maxRateLimitRetries: 1, backoffBaseMs: 500, maxRateLimitWaitMs: 10_000 });
  let response: CheckResponse;
  try {
    response = fromFiles(await checkRepoFiles(repoId, { fetch: polite.fetch, hubUrl: opts.hubUrl, token: opts.token }));
  } catch (err) {
    const msg = redact(err instanceof Error ? err.message : String(err), opts.token);
    return { ok: false, code: "hub-error", message: `The Hub could not be asked about ${repoId} right now (${msg}). Try again later.` };
  }
  const c = cache();
  if (c.size >= CACHE_MAX) c.delete(c.keys().next().value as string);
  c.set(key, { at: Date.now(), response });
  return response;
}
