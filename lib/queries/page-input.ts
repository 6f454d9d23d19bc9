/** What every page and API route starts with: the parsed view state and a database context. */
import { parseViewState, parseViewStateLenient, type ParamError, type ParseResult } from "../url-state";
import { DatabaseUnavailable, getReadDb } from "./db";
import { makeCtx, type Ctx } from "./context";

export type SearchRecord = Record<string, string | string[] | undefined>;

export type PageInput =
  | { kind: "bad-query"; result: Extract<ParseResult, { ok: false }> }
  | { kind: "unavailable"; message: string }
  | { kind: "ok"; ctx: Ctx; errors: ParamError[] };

/**
 * `strict` (the API): a bad parameter refuses the request (400). `lenient` (the pages): bad
 * parameters are left at their defaults and listed in `errors`, so the page renders the valid state
 * with a banner naming them instead of an error page.
 */
export function pageInput(params: SearchRecord | URLSearchParams, mode: "strict" | "lenient" = "lenient"): PageInput {
  let state;
  let errors: ParamError[] = [];
  if (mode === "strict") {
    const parsed = parseViewState(params);
    if (!parsed.ok) return { kind: "bad-query", result: parsed };
    state = parsed.value;
  } else {
    ({ value: state, errors } = parseViewStateLenient(params));
  }
  try {
    return { kind: "ok", ctx: makeCtx(getReadDb(), state), errors };
  } catch (err) {
    if (err instanceof DatabaseUnavailable) return { kind: "unavailable", message: err.message };
    throw err;
  }
}
