/** What every page and API route starts with: the parsed view state and a database context. */
import { parseViewState, type ParseResult } from "../url-state";
import { DatabaseUnavailable, getReadDb } from "./db";
import { makeCtx, type Ctx } from "./context";

export type SearchRecord = Record<string, string | string[] | undefined>;

export type PageInput =
  | { kind: "bad-query"; result: Extract<ParseResult, { ok: false }> }
  | { kind: "unavailable"; message: string }
  | { kind: "ok"; ctx: Ctx };

export function pageInput(params: SearchRecord | URLSearchParams): PageInput {
  const parsed = parseViewState(params);
  if (!parsed.ok) return { kind: "bad-query", result: parsed };
  try {
    return { kind: "ok", ctx: makeCtx(getReadDb(), parsed.value) };
  } catch (err) {
    if (err instanceof DatabaseUnavailable) return { kind: "unavailable", message: err.message };
    throw err;
  }
}
