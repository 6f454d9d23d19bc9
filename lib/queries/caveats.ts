/** Figures the charts' caveats quote: the legacy createdAt floor and the backfill's progress. */
import type { Sqlite } from "../../db/index";
import { formatFull } from "../charts/format";
import { MIN_SHARE_BASE } from "../charts/series";
import { cached } from "./cache";
import type { Basis } from "../frameworks/lenses";

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
        .prepare<[], { n: number | null }>("SELECT sum(models) AS n FROM rollup_cohort_masks WHERE period = 'month' AND created_floor = 1 AND framework_mask < 65536")
        .get()?.n ?? 0;
    return { legacy, dated, undated };
  });
}

/** Caveat lines under the charts (the methodology page defines them in full). */
export const CAVEAT = {
  multi: "A model with several frameworks counts for each: shares add up to more than 100%.",
  downloads: "Downloads are the Hub's rolling 30-day count per repo, attributed to every framework the repo carries.",
  gguf: "GGUF repos count every GGUF file download; other repos count config.json-like files.",
  survivorship: "Deleted repos are gone from every cohort; tags are today's, not those at creation.",
  between: "Downloads between crawls are exact all-time deltas divided by the days between the two crawls (downloads per day), so a change of crawl cadence changes nothing; a model new since the previous crawl counts from 0.",
  threshold: `Shares are left blank (a gap) for periods with fewer than ${MIN_SHARE_BASE} models in all: a handful of models swings a share between 0% and 100%.`,
} as const;

/**
 * What a chart counts, by lens (every chart says it). Across crawls, the framework lens of each crawl
 * is derived from what that crawl stored per library and weight tags, with today's rules
 * (lib/rollups/framework-basis.ts).
 */
export function basisCaveat(basis: Basis, acrossCrawls = false): string {
  if (basis === "tags") return "Counted by weight-file tags: the `pytorch` tag means .bin / .pt files; safetensors is a format, not a framework.";
  return "Counted by framework: what each model is for, inferred from its weight tags and library (rules on the Methodology page); Undetermined = no rule places it." +
    (acrossCrawls ? " Each crawl's figures apply today's rules to what that crawl stored per library and weight tags." : "");
}

export function floorCaveat(b: BackfillStatus): string {
  if (b.legacy === 0) return "No repo on the Hub's 2022-03-02 createdAt floor in this data.";
  if (b.dated === 0) {
    return `${formatFull(b.legacy)} repos created before 2022-03 carry the Hub's floor date (2022-03-02); their true dates were not backfilled, so they are left out of the periods (and counted in the starting stock of cumulative charts).`;
  }
  return `${formatFull(b.dated)} of ${formatFull(b.legacy)} repos created before 2022-03 have their true creation date backfilled from their first commit and sit in their real period; ${formatFull(b.undated)} without one are left out of the periods.`;
}
