/** Runs one chart's query so that a failure becomes that chart's error state, not the page's. */
export type Safe<T> = { data: T; error: null } | { data: null; error: string };

export function safely<T>(name: string, fn: () => T): Safe<T> {
  try {
    return { data: fn(), error: null };
  } catch (err) {
    console.error(`query ${name} failed:`, err);
    return { data: null, error: "the query failed on the server (see its log); reload to retry" };
  }
}
