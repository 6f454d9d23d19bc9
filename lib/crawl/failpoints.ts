/**
 * Failpoints for crash tests: HF_TRENDS_FAILPOINT=<name>:<n> makes the process SIGKILL itself at
 * that point the n-th time it is reached. A kill from outside can only land between transactions
 * by luck; these put it exactly inside one, which is what proves a page and its checkpoint commit
 * together or not at all. Unset (always, outside tests), `hit` is a no-op.
 *
 * Names: "page-tx" (inside a page's transaction, after half its rows are written),
 *        "after-page" (right after a page's transaction committed),
 *        "before-search-index" (a crawl marked completed, its search index not yet rebuilt).
 * And one that does not kill: "disk-full:<n>" caps the page writer's database at its current size
 * before the n-th page (SQLite's max_page_count), so that page's transaction fails with SQLite's
 * own SQLITE_FULL, as on a full disk (`reached`).
 */
const spec = (process.env.HF_TRENDS_FAILPOINT ?? "").trim();
const [target, nth] = spec.split(":");
const counts = new Map<string, number>();

/** True exactly the n-th time `name` is reached (for failpoints that do something else than kill). */
export function reached(name: string): boolean {
  if (!spec || name !== target) return false;
  const n = (counts.get(name) ?? 0) + 1;
  counts.set(name, n);
  return n === Number(nth);
}

export function hit(name: string): void {
  if (!spec || name !== target) return;
  const n = (counts.get(name) ?? 0) + 1;
  counts.set(name, n);
  if (n === Number(nth)) process.kill(process.pid, "SIGKILL");
}
