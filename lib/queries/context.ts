/**
 * The context every chart builder takes: the database, the view (lib/url-state.ts), the data status,
 * and a per-request memo in front of the query cache (lib/queries/cache.ts), keyed by the view.
 */
import type { Sqlite } from "../../db/index";
import type { ViewState } from "../url-state";
import { toSearchParams } from "../url-state";
import { cached } from "./cache";
import { getDataStatus, type DataStatus } from "./status";

export interface Ctx {
  sqlite: Sqlite;
  state: ViewState;
  status: DataStatus;
  /**
   * Results computed for this context (one request): the charts of a page share their rows (the
   * stats table and the cohort charts read the same cohort rows) even when the query cache is off.
   */
  local: Map<string, unknown>;
}

export function makeCtx(sqlite: Sqlite, state: ViewState): Ctx {
  return { sqlite, state, status: getDataStatus(sqlite), local: new Map() };
}

export function key(ctx: Ctx, name: string, extra = ""): string {
  // Hidden series are drawn-or-not in the browser; the data do not depend on them.
  return `${name}?${toSearchParams({ ...ctx.state, hide: [] }).toString()}#${extra}`;
}

export function memo<T>(ctx: Ctx, name: string, compute: () => T, extra = ""): T {
  const k = key(ctx, name, extra);
  if (ctx.local.has(k)) return ctx.local.get(k) as T;
  const v = cached(ctx.status.version, k, compute);
  ctx.local.set(k, v);
  return v;
}
