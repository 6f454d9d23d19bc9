/**
 * Query results cached until the next completed crawl (docs/decisions.md): entries are keyed on the
 * data version (lib/queries/status.ts) and the whole cache is dropped when the version changes.
 * Bounded, oldest entry evicted first. HF_TRENDS_QUERY_CACHE=off disables it (the benchmark
 * measures uncached queries).
 */
import { queryCacheEnabled } from "../env";

const MAX_ENTRIES = 500;
const SLOW_MS = 250;

let version = "";
const entries = new Map<string, unknown>();

export function cached<T>(dataVersion: string, key: string, compute: () => T): T {
  if (!queryCacheEnabled()) return compute();
  if (dataVersion !== version) {
    entries.clear();
    version = dataVersion;
  }
  if (entries.has(key)) return entries.get(key) as T;
  const started = performance.now();
  const value = compute();
  const ms = performance.now() - started;
  // better-sqlite3 blocks the server while a query runs: say so when one is slow.
  if (ms > SLOW_MS) console.warn(`slow query (${ms.toFixed(0)} ms): ${key.slice(0, 200)}`);
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, value);
  return value;
}

export function clearQueryCache(): void {
  entries.clear();
  version = "";
}
