/**
 * Live counts of the framework rules (lib/frameworks/rules.ts) for the methodology page and
 * `npm run report`: per rule, the models it places (the first rule giving a framework) and the
 * models it matches at all, and the share each lens leaves undetermined. Read from the monthly
 * per-library cohort rollup of the tag lens (rules read the tag mask and library only), never
 * from models: models alive now, every creation date.
 */
import { attribute, matchingRules, RULES } from "../frameworks/rules";
import { FRAMEWORK_BASIS_BIT } from "../frameworks/lenses";
import { cached } from "./cache";
import type { Ctx } from "./context";

export interface RuleCount {
  id: string;
  framework: string;
  reason: string;
  /** Models this rule places (it is the first rule giving them its framework). */
  places: number;
  /** Models it matches (another rule may place them first). */
  matches: number;
}

export interface RuleCounts {
  total: number;
  rules: RuleCount[];
  /** Models with no framework in the framework lens / no weight-format tag in the tag lens. */
  undetermined: { framework: number; tags: number };
}

export function getRuleCounts(ctx: Ctx): RuleCounts {
  return cached(ctx.status.version, "ruleCounts", () => {
    const rows = ctx.sqlite
      .prepare(
        `SELECT library, framework_mask AS mask, sum(models) AS n FROM rollup_cohort_library_masks
         WHERE period = 'month' AND framework_mask < ${FRAMEWORK_BASIS_BIT} GROUP BY 1, 2`,
      )
      .raw()
      .all() as [string, number, number][];
    const places = new Map<string, number>();
    const matches = new Map<string, number>();
    let total = 0, undFw = 0, undTags = 0;
    for (const [library, mask, n] of rows) {
      total += n;
      if (mask === 0) undTags += n;
      const a = attribute(mask, library || null);
      if (a.mask === 0) undFw += n;
      for (const id of Object.values(a.rules)) places.set(id, (places.get(id) ?? 0) + n);
      for (const id of matchingRules(mask, library || null)) matches.set(id, (matches.get(id) ?? 0) + n);
    }
    return {
      total,
      rules: RULES.map((r) => ({ id: r.id, framework: r.framework, reason: r.reason, places: places.get(r.id) ?? 0, matches: matches.get(r.id) ?? 0 })),
      undetermined: { framework: undFw, tags: undTags },
    };
  });
}
