/**
 * Failpoints for crash tests: HF_TRENDS_FAILPOINT=<name>:<n> makes the process SIGKILL itself at
 * that point the n-th time it is reached. A kill from outside can only land between transactions
 * by luck; these put it exactly inside one, which is what proves a page and its checkpoint commit
 * together or not at all. Unset (always, outside tests), `hit` is a no-op.
 *
 * Names: "page-tx" (inside a page's transaction, after half its rows are written),
 *        "after-page" (right after a page's transaction committed).
 */
const spec = (process.env.HF_TRENDS_FAILPOINT ?? "").trim();
const [target, nth] = spec.split(":");
const counts = new Map<string, number>();

export function hit(name: string): void {
  if (!spec || name !== target) return;
  const n = (counts.get(name) ?? 0) + 1;
  counts.set(name, n);
  if (n === Number(nth)) process.kill(process.pid, "SIGKILL");
}
