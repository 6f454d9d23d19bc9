/**
 * The one parameter schema of the dashboard's pages, its API and `npm run report`: every view state
 * lives in the URL, parsed here and nowhere else. Unknown parameters and bad values are errors that
 * name the parameter (the API answers 400 with them; pages show them).
 *
 * Canonical form (`toSearchParams`): defaults omitted, frameworks in config order, so that two
 * equal views have one URL (npm trends' getCanonical; a copied link restores the same view).
 */
import { BASES, DEFAULT_BASIS, lensFrameworks, type Basis } from "./frameworks/lenses";

export const GRANULARITIES = ["week", "month", "quarter"] as const;
export const LENSES = ["models", "downloads", "exclusive"] as const;
export const MODES = ["absolute", "share"] as const;
export const SCALES = ["linear", "log"] as const;
export const VIEWS = ["new", "cumulative"] as const;

export type Granularity = (typeof GRANULARITIES)[number];
export type Lens = (typeof LENSES)[number];

/** Compared at most; the rest are folded into "Other" (docs/decisions.md "Pages, charts and exports": about 10 series stay readable). */
export const MAX_FRAMEWORKS = 10;
/** The default comparison, valid in both lenses (decisions: frameworks=pytorch,tensorflow). */
export const DEFAULT_FRAMEWORKS = ["pytorch", "tensorflow"] as const;

export interface ViewState {
  /**
   * The lens (lib/frameworks/lenses.ts): `framework` (what a model is for, inferred by the rules)
   * or `tags` (the weight files the Hub's tags describe). `frameworks` holds ids of this lens.
   */
  basis: Basis;
  frameworks: string[];
  /** Inclusive UTC dates, YYYY-MM-DD; null = open. */
  from: string | null;
  to: string | null;
  granularity: Granularity;
  lens: Lens;
  mode: (typeof MODES)[number];
  scale: (typeof SCALES)[number];
  view: (typeof VIEWS)[number];
  task: string | null;
  library: string | null;
  author: string | null;
  /** Search: a prefix of a repo id or an author (the models page and /api/models). */
  q: string | null;
}

export const DEFAULT_VIEW: ViewState = {
  basis: DEFAULT_BASIS,
  frameworks: [...DEFAULT_FRAMEWORKS],
  from: null,
  to: null,
  granularity: "month",
  lens: "models",
  mode: "absolute",
  scale: "linear",
  view: "new",
  task: null,
  library: null,
  author: null,
  q: null,
};

export const PARAMS = ["basis", "frameworks", "from", "to", "granularity", "lens", "mode", "scale", "view", "task", "library", "author", "q"] as const;
type Param = (typeof PARAMS)[number];

export class ParamError extends Error {
  override name = "ParamError";
  constructor(readonly param: string, message: string) {
    super(message);
  }
}

export type ParseResult = { ok: true; value: ViewState } | { ok: false; error: ParamError };

type Input = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(input: Input): [string, string[]][] {
  if (input instanceof URLSearchParams) {
    const map = new Map<string, string[]>();
    for (const [k, v] of input) map.set(k, [...(map.get(k) ?? []), v]);
    return [...map];
  }
  return Object.entries(input)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, Array.isArray(v) ? v : [v as string]]);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Hub task / library / author values: printable, bounded; they are matched exactly, never interpolated. */
const TOKEN_MAX = 200;

function oneOf<V extends readonly string[]>(param: Param, raw: string, allowed: V): V[number] {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ParamError(param, `${param} must be one of ${allowed.join(", ")}; got "${clip(raw)}"`);
  }
  return raw as V[number];
}

function date(param: Param, raw: string): string {
  const m = DATE_RE.exec(raw);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== raw) {
    throw new ParamError(param, `${param} must be a date YYYY-MM-DD (UTC); got "${clip(raw)}"`);
  }
  return raw;
}

function token(param: Param, raw: string): string | null {
  const v = raw.trim();
  if (v === "") return null;
  if (v.length > TOKEN_MAX || /[\u0000-\u001f]/.test(v)) {
    throw new ParamError(param, `${param} must be at most ${TOKEN_MAX} printable characters`);
  }
  return v;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Parses and validates; never throws. */
export function parseViewState(input: Input): ParseResult {
  try {
    const state: ViewState = { ...DEFAULT_VIEW, frameworks: [...DEFAULT_VIEW.frameworks] };
    let frameworkIds: string[] | null = null; // checked once the basis is known (it may come later)
    for (const [key, values] of entries(input)) {
      if (!(PARAMS as readonly string[]).includes(key)) {
        throw new ParamError(key, `unknown parameter "${clip(key)}"; allowed: ${PARAMS.join(", ")}`);
      }
      const param = key as Param;
      if (values.length > 1) throw new ParamError(param, `${param} is given ${values.length} times; give it once`);
      const raw = values[0];
      switch (param) {
        case "basis":
          state.basis = oneOf(param, raw, BASES);
          break;
        case "frameworks":
          frameworkIds = raw.split(",").map((s) => s.trim()).filter(Boolean);
          break;
        case "from":
        case "to":
          state[param] = raw === "" ? null : date(param, raw);
          break;
        case "granularity":
          state.granularity = oneOf(param, raw, GRANULARITIES);
          break;
        case "lens":
          state.lens = oneOf(param, raw, LENSES);
          break;
        case "mode":
          state.mode = oneOf(param, raw, MODES);
          break;
        case "scale":
          state.scale = oneOf(param, raw, SCALES);
          break;
        case "view":
          state.view = oneOf(param, raw, VIEWS);
          break;
        case "task":
        case "library":
        case "author":
        case "q":
          state[param] = token(param, raw);
          break;
      }
    }
    if (frameworkIds !== null) state.frameworks = parseFrameworks(frameworkIds, state.basis);
    if (state.from && state.to && state.from > state.to) throw new ParamError("from", `from (${state.from}) is after to (${state.to})`);
    if (state.mode === "share" && state.scale === "log") {
      throw new ParamError("scale", "scale=log is not available in share mode (shares are 0-100%)");
    }
    if (state.lens === "exclusive" && state.frameworks.length < 2) {
      throw new ParamError("frameworks", "lens=exclusive compares two frameworks: give at least two in frameworks");
    }
    return { ok: true, value: state };
  } catch (err) {
    if (err instanceof ParamError) return { ok: false, error: err };
    throw err;
  }
}

/** `frameworks=` ids checked against the basis's own list, in that list's order. */
function parseFrameworks(ids: string[], basis: Basis): string[] {
  const lens = lensFrameworks(basis);
  for (const id of ids) {
    if (lens.some((f) => f.id === id)) continue;
    if (basis === "framework" && lensFrameworks("tags").some((f) => f.id === id)) {
      throw new ParamError(
        "frameworks",
        `frameworks: "${clip(id)}" is ${id === "safetensors" ? "a weight format, not a framework" : "a Hub weight-file tag, not a framework of the framework lens"}; ` +
          `use basis=tags to count its tag, or one of ${lens.map((f) => f.id).join(", ")}`,
      );
    }
    throw new ParamError("frameworks", `frameworks: unknown framework "${clip(id)}"; known (basis=${basis}): ${lens.map((f) => f.id).join(", ")}`);
  }
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new ParamError("frameworks", "frameworks must name at least one framework");
  if (unique.length > MAX_FRAMEWORKS) throw new ParamError("frameworks", `frameworks: at most ${MAX_FRAMEWORKS} can be compared; the rest show as Other`);
  return lens.map((f) => f.id).filter((id) => unique.includes(id));
}

/** The canonical query string of a view: defaults left out, frameworks in config order. */
export function toSearchParams(state: ViewState): URLSearchParams {
  const out = new URLSearchParams();
  for (const p of PARAMS) {
    const v = state[p];
    const d = DEFAULT_VIEW[p];
    if (p === "frameworks") {
      if ((v as string[]).join(",") !== (d as string[]).join(",")) out.set(p, (v as string[]).join(","));
    } else if (v !== d && v !== null) out.set(p, String(v));
  }
  return out;
}

export function withChanges(state: ViewState, changes: Partial<ViewState>): ViewState {
  const next = { ...state, ...changes };
  // Another lens: keep the frameworks it also has (pytorch, tensorflow, ...), else its defaults.
  if (changes.basis && changes.basis !== state.basis && !changes.frameworks) {
    const ids = new Set(lensFrameworks(next.basis).map((f) => f.id));
    const kept = next.frameworks.filter((id) => ids.has(id));
    next.frameworks = kept.length > 0 && !(next.lens === "exclusive" && kept.length < 2) ? kept : [...DEFAULT_FRAMEWORKS];
  }
  // Share mode has no log scale: switching to share resets it rather than producing an invalid URL.
  if (next.mode === "share" && next.scale === "log") next.scale = "linear";
  return next;
}
