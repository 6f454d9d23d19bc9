/**
 * One framework's page (`/frameworks/<id>`) and GET /api/frameworks/<id>: the overview's charts
 * narrowed to this framework, its top models, its tasks and what it is carried with. The page and
 * the route both call this, so the API returns every chart the page shows.
 */
import type { FrameworkDef } from "../frameworks/config";
import type { ChartData } from "../charts/types";
import { MAX_FRAMEWORKS } from "../url-state";
import type { Ctx } from "../queries/context";
import { makeCtx } from "../queries/context";
import { getDownloadsByCrawl } from "../queries/downloads-by-crawl";
import { coOccurrenceTable, frameworkTasksTable, getCoOccurrence, getFrameworkHeadline, getTopModels } from "../queries/frameworks";
import { getModelShareByPeriod, getModelsByPeriod } from "../queries/models-by-period";
import type { Parts } from "./parts";
import { lensEntry } from "../frameworks/lenses";

/**
 * The page's context: this framework first, then the picked comparison (the URL's frameworks,
 * default PyTorch and TensorFlow), on the models lens. "Other" keeps the overview's meaning (a
 * tracked framework but none of those shown) and stays opt-in, so it never sets the scale.
 * A weight format that is no framework (safetensors, tflite, tfjs, ...) is counted by its tag, and
 * so is its comparison.
 */
export function frameworkCtx(base: Ctx, def: FrameworkDef): Ctx {
  const basis = lensEntry(base.state.basis, def.id) ? base.state.basis : "tags";
  const comparison = base.state.frameworks.filter((f) => f !== def.id && lensEntry(basis, f));
  const frameworks = [def.id, ...comparison].slice(0, MAX_FRAMEWORKS);
  return makeCtx(base.sqlite, { ...base.state, basis, frameworks, lens: "models" });
}

/** The page's charts draw its framework bold and the comparison thinner. */
function emphasised(chart: ChartData, id: string): ChartData {
  return { ...chart, emphasis: id };
}

/** The framework's parts: the page renders each in isolation, the API route evaluates them all. */
export function frameworkParts(ctx: Ctx, def: FrameworkDef) {
  const share = ctx.state.mode === "share";
  return {
    headline: () => getFrameworkHeadline(ctx, def),
    trend: () => emphasised(getModelsByPeriod(ctx, { view: ctx.state.view, share }), def.id),
    share: () => emphasised(getModelShareByPeriod(ctx), def.id),
    downloads: () => emphasised(getDownloadsByCrawl(ctx, { measure: "downloads30d", share }), def.id),
    topByDownloads: () => getTopModels(ctx, def.id, "downloads"),
    topByLikes: () => getTopModels(ctx, def.id, "likes"),
    tasks: () => frameworkTasksTable(ctx, def),
    coOccurrence: () => coOccurrenceTable(def, getCoOccurrence(ctx, def.id)),
  } satisfies Parts;
}

/** What the page says about the framework itself (its definition, not a query). */
export function frameworkInfo(def: FrameworkDef) {
  return { id: def.id, name: def.name, color: def.color, note: def.note, detected: !!def.confirmedByFiles };
}
