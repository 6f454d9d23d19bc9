/** Names and fixed colours of every series id a chart can hold (a framework keeps its colour everywhere). */
import { FRAMEWORKS, NONE_BUCKET, OTHER_BUCKET } from "../frameworks/config";

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

const BY_ID = new Map(FRAMEWORKS.map((f) => [f.id, f]));

export function frameworkName(id: string): string {
  return BY_ID.get(id)?.name ?? id;
}

/** Series ids: a framework id, "other", "none", "total", "only:<id>", "both", "neither". */
export function seriesStyle(id: string, pair?: readonly [string, string]): { label: string; color: string } {
  const f = BY_ID.get(id);
  if (f) return { label: f.name, color: f.color };
  if (id === OTHER_BUCKET.id) return { label: "Other frameworks", color: OTHER_BUCKET.color };
  if (id === NONE_BUCKET.id) return { label: NONE_BUCKET.name, color: NONE_BUCKET.color };
  if (id === "total") return { label: "All models", color: TOTAL_COLOR };
  if (id.startsWith("only:")) {
    const fw = BY_ID.get(id.slice(5));
    return { label: `${fw?.name ?? id.slice(5)} only`, color: fw?.color ?? OTHER_BUCKET.color };
  }
  if (id === "both") return { label: pair ? `Both ${frameworkName(pair[0])} and ${frameworkName(pair[1])}` : "Both", color: BOTH_COLOR };
  if (id === "neither") return { label: pair ? `Neither (no ${frameworkName(pair[0])}, no ${frameworkName(pair[1])})` : "Neither", color: NONE_BUCKET.color };
  return { label: id, color: OTHER_BUCKET.color };
}
