/**
 * Every environment variable hf-trends reads, with its default, in one place (the README's table
 * mirrors this file). Values are read at call time, not import time: tests and child processes set
 * them per run.
 */
import path from "node:path";

export const DEFAULT_HUB_URL = "https://huggingface.co";
export const DEFAULT_DATABASE_PATH = "data/hf-trends.db";

/** HF_ENDPOINT without its trailing slash: the client concatenates `${hubUrl}/api/models` raw. */
export function hubUrl(env: NodeJS.ProcessEnv = process.env): string {
  const raw = (env.HF_ENDPOINT ?? "").trim() || DEFAULT_HUB_URL;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`HF_ENDPOINT is not a URL: "${raw}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new ConfigError(`HF_ENDPOINT must be http(s): "${raw}"`);
  if (u.username || u.password) throw new ConfigError("HF_ENDPOINT must not contain credentials; use HF_TOKEN");
  return raw.replace(/\/+$/, "");
}

/** HF_TOKEN (or the legacy HUGGING_FACE_HUB_TOKEN), validated like the client does (`hf_` prefix). */
export function hubToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const t = (env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN ?? "").trim();
  if (!t) return undefined;
  if (!t.startsWith("hf_")) throw new ConfigError("HF_TOKEN must start with 'hf_' (the value is not shown)");
  return t;
}

export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  const p = (env.DATABASE_PATH ?? "").trim() || DEFAULT_DATABASE_PATH;
  return p === ":memory:" ? p : path.resolve(p);
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function msEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = (env[name] ?? "").trim();
  if (!raw) return fallback;
  if (!/^[0-9]+$/.test(raw)) throw new ConfigError(`${name} must be a whole number of milliseconds, got "${raw}"`);
  return Number(raw);
}

/**
 * Tuning of the crawler's HTTP behaviour. The defaults suit the real Hub; tests shrink them so a
 * fault-injection run never waits real minutes.
 * - CRAWL_REQUEST_TIMEOUT_MS: one attempt, headers and body (default 60000)
 * - CRAWL_RETRY_BASE_MS: first retry backoff, doubling per retry (default 1000)
 */
export function crawlFetchOptions(env: NodeJS.ProcessEnv = process.env): { timeoutMs: number; backoffBaseMs: number } {
  return {
    timeoutMs: msEnv(env, "CRAWL_REQUEST_TIMEOUT_MS", 60_000),
    backoffBaseMs: msEnv(env, "CRAWL_RETRY_BASE_MS", 1_000),
  };
}
