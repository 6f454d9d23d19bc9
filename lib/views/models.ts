/**
 * The models page (`/models`) and GET /api/models: with a search (`q`), models and authors whose id
 * starts with it; without one, the most downloaded models. The page and the route both call this.
 */
import type { Ctx } from "../queries/context";
import { getTopModels } from "../queries/frameworks";
import { searchAuthors, searchModels } from "../queries/models";
import type { Parts } from "./parts";

/** Models shown without a search. */
const TOP_SHOWN = 30;

export function modelSearchParts(ctx: Ctx, q: string) {
  return {
    models: () => searchModels(ctx.sqlite, q, 30, ctx.state.basis),
    authors: () => searchAuthors(ctx.sqlite, q),
  } satisfies Parts;
}

export function topModelsParts(ctx: Ctx) {
  return { top: () => getTopModels(ctx, "all", "downloads", TOP_SHOWN) } satisfies Parts;
}
