/**
 * Names and fixed colours of every series id a chart can hold (a framework keeps its colour
 * everywhere). Names depend on the lens (lib/frameworks/lenses.ts): in the tag lens, `pytorch` is
 * "`pytorch` tag: .bin / .pt weights" and mask 0 is "No framework tag"; in the framework lens it is
 * "PyTorch" and mask 0 is "Undetermined".
 */
import { FRAMEWORKS, OTHER_BUCKET, NONE_BUCKET } from "../frameworks/config";
import { lensEntry, lensFrameworks, noneLabel, type Basis } from "../frameworks/lenses";

export const BOTH_COLOR = "#332288";
export const TOTAL_COLOR = "#555555";

/**
 * Light-theme colour -> its dark-theme variant (same hue, lighter), for colours under 3:1 against
 * the dark card. Series carry their light colour; the chart swaps it on the dark theme.
 */
export const DARK_VARIANTS: ReadonlyMap<string, string> = new Map([
  ...FRAMEWORKS.filter((f) => f.colorDark).map((f) => [f.color, f.colorDark!] as [string, string]),
  [NONE_BUCKET.color, NONE_BUCKET.colorDark],
  [OTHER_BUCKET.color, OTHER_BUCKET.colorDark],
  [BOTH_COLOR, "#8877DD"],
  [TOTAL_COLOR, "#AAAAAA"],
]);

/** A series colour for the theme in use. */
export function themeColor(color: string, dark: boolean): string {
  return dark ? (DARK_VARIANTS.get(color) ?? color) : color;
}

function entry(id: string, basis: Basis) {
  // An id of the other lens (a tag-lens id read in the framework lens) keeps its tag name.
  return lensEntry(basis, id) ?? lensFrameworks("tags").find((f) => f.id === id);
}

export function frameworkName(id: string, basis: Basis = "framework"): string {
  return entry(id, basis)?.name ?? id;
}

/** Series ids: a framework id, "other", "none", "total", "only:<id>", "both", "neither". */
export function seriesStyle(id: string, pair?: readonly [string, string], basis: Basis = "framework"): { label: string; color: string } {
  const f = entry(id, basis);
  const name = (x: string) => frameworkName(x, basis);
  if (f) return { label: f.name, color: f.color };
  if (id === OTHER_BUCKET.id) return { label: basis === "framework" ? "Other frameworks" : "Other weight tags", color: OTHER_BUCKET.color };
  if (id === NONE_BUCKET.id) return { label: noneLabel(basis), color: NONE_BUCKET.color };
  if (id === "total") return { label: "All models", color: TOTAL_COLOR };
  if (id.startsWith("only:")) {
    const fw = entry(id.slice(5), basis);
    return { label: `${fw?.name ?? id.slice(5)} only`, color: fw?.color ?? OTHER_BUCKET.color };
  }
  if (id === "both") return { label: pair ? `Both ${name(pair[0])} and ${name(pair[1])}` : "Both", color: BOTH_COLOR };
  if (id === "neither") return { label: pair ? `Neither (no ${name(pair[0])}, no ${name(pair[1])})` : "Neither", color: NONE_BUCKET.color };
  return { label: id, color: OTHER_BUCKET.color };
}
