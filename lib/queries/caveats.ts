/** Figures the charts' caveats quote: the legacy createdAt floor and the backfill's progress. */
import type { Sqlite } from "../../db/index";
import { cached } from "./cache";

export interface BackfillStatus {
  /** Repos on the 2022-03-02 floor (every stored one, gone or not). */
  legacy: number;
  /** Of those, how many have a backfilled true creation date. */
  dated: number;
  /** Alive repos still without a true date: left out of the cohort periods. */
  undated: number;
}

export function getBackfillStatus(sqlite: Sqlite, version: string): BackfillStatus {
  return cached(version, "backfillStatus", () => {
    // The partial index models_legacy holds exactly the floor rows (~1% of models).
    const rows = sqlite
      .prepare<[], { source: string | null; n: number }>(
        "SELECT true_created_source AS source, count(*) AS n FROM models WHERE created_at_is_floor = 1 GROUP BY 1",
      )
      .all();
    const legacy = rows.reduce((a, r) => a + r.n, 0);
    const dated = rows.filter((r) => r.source === "initial-commit" || r.source === "oldest-commit").reduce((a, r) => a + r.n, 0);
    const undated =
      sqlite
        .prepare<[], { n: number | null }>("SELECT sum(models) AS n FROM rollup_cohort_masks WHERE period = 'month' AND created_floor = 1")
        .get()?.n ?? 0;
    return { legacy, dated, undated };
  });
}
