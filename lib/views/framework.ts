/**
 * One framework's page (`/frameworks/<id>`) and GET /api/frameworks/<id>: the overview's charts
 * narrowed to this framework, its top models, its tasks and what it is carried with. The page and
 * the route both call this, so the API returns every chart the page shows.
 */
import type { FrameworkDef } from "../frameworks/config";
import type { Ctx } from "../queries/context";
import { makeCtx } from "../queries/context";
import { getDownloadsByCrawl } from "../queries/downloads-by-crawl";
import { coOccurrenceTable, frameworkTasksTable, getCoOccurrence, getFrameworkHeadline, getTopModels } from "../queries/frameworks";
import { getModelShareByPeriod, getModelsByPeriod } from "../queries/models-by-period";
import type { Parts } from "./parts";
import { lensEntry } from "../frameworks/lenses";

/**
 * The page's context: the request's view with this framework as the only one, on the models lens.
 * A weight format that is no framework (safetensors, tflite, tfjs, ...) is counted by its tag.
 */
export function frameworkCtx(base: Ctx, def: FrameworkDef): Ctx {
  const basis = lensEntry(base.state.basis, def.id) ? base.state.basis : "tags";
  return makeCtx(base.sqlite, { ...base.state, basis, frameworks: [def.id], lens: "models" });
}

/** The framework's parts: the page renders each in isolation, the API route evaluates them all. */
export function frameworkParts(ctx: Ctx, def: FrameworkDef) {
  const share = ctx.state.mode === "share";
  return {
    headline: () => getFrameworkHeadline(ctx, def),
    trend: () => getModelsByPeriod(ctx, { view: ctx.state.view, share }),
    share: () => getModelShareByPeriod(ctx),
    downloads: () => getDownloadsByCrawl(ctx, { measure: "downloads30d", share }),
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
