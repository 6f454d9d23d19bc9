/**
 * The series of a chart and the SQL columns behind them. Series: the selected frameworks (a model
 * counts for each framework it carries, so shares add up to more than 100%), "other" (models with a
 * tracked framework but none of those selected) and "none" (models with no framework at all).
 * Shares are of all models (or downloads) matching the filters, "none" included. The exclusive view
 * splits the models of a pair of frameworks into four groups instead (only A, only B, both, neither).
 */
import { lensFrameworks, type Basis } from "../frameworks/lenses";
import { bitOf } from "../frameworks/classify";
import type { Value } from "../charts/series";
import { seriesStyle } from "../charts/style";
import type { SeriesData } from "../charts/types";
import type { ViewState } from "../url-state";
import type { Ctx } from "./context";
import { addSum, seriesCols, type SeriesCol, type Sums } from "./sources";

/** Series ids for the selected frameworks plus the two buckets. */
export function seriesIds(frameworks: readonly string[]): string[] {
  return [...frameworks, "other", "none"];
}

export function selectedBits(frameworks: readonly string[]) {
  return frameworks.map((id) => ({ id, bit: bitOf(id) }));
}

/** The SQL-aggregated columns of a view: its frameworks, other, none, total, and its exclusive pair. */
export function colsOf(frameworks: readonly string[], pair: [string, string]): SeriesCol[] {
  return seriesCols(selectedBits(frameworks), [bitOf(pair[0]), bitOf(pair[1])]);
}

/** "series": the frameworks, other, none and total; "exclusive": the pair's four groups and total. */
export type ColKind = "series" | "exclusive";

export function viewCols(ctx: Ctx, frameworks: readonly string[] = ctx.state.frameworks, kind: ColKind = "series"): SeriesCol[] {
  const all = colsOf(frameworks, exclusivePair(ctx.state));
  return all.filter((c) => (kind === "exclusive" ? c.id.startsWith("x:") || c.id === "total" : !c.id.startsWith("x:")));
}

export const ZERO = { models: 0, downloads30d: 0 };
export function get(s: Sums | undefined, id: string) {
  return s?.get(id) ?? ZERO;
}

export function series(ids: readonly string[], values: Map<string, Value[]>, basis: Basis, pair?: [string, string]): SeriesData[] {
  return ids.map((id) => ({ id, ...seriesStyle(id, pair, basis), values: values.get(id)! }));
}

export function addAll(into: Sums, from: Sums): void {
  for (const [id, v] of from) addSum(into, id, v.models, v.downloads30d);
}

export function exclusivePair(state: ViewState): [string, string] {
  return [state.frameworks[0], state.frameworks[1] ?? lensFrameworks(state.basis).find((f) => f.id !== state.frameworks[0])!.id];
}

export const EXCLUSIVE_IDS = (pair: [string, string]) => [`only:${pair[0]}`, `only:${pair[1]}`, "both", "neither"];

/** The exclusive groups' column ids (lib/queries/sources.ts seriesCols), in EXCLUSIVE_IDS order. */
export const X_IDS = ["x:a", "x:b", "x:both", "x:neither"];
