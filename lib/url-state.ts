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
/** The comparison a new visitor sees: the two frameworks the question is about (issue "answer in five seconds"). */
export const DEFAULT_FRAMEWORKS = ["pytorch", "tensorflow"] as const;
/**
 * Opt-in series: "other" (a tracked framework but none of those picked), "none" (no framework) and
 * "neither" (the exclusive lens: models with neither of the pair). Off by default so the picked
 * frameworks set the scale; the stats table and the headline always count them.
 */
export const BUCKETS = ["other", "none", "neither"] as const;
export type Bucket = (typeof BUCKETS)[number];
/** Series ids a hide list may name besides framework ids (lib/charts/style.ts seriesStyle). */
const HIDEABLE_EXTRA = /^(other|none|total|both|neither|only:[a-z0-9.\-]+)$/;

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
  /** Opt-in bucket series drawn on the charts (never changes the table or the headline). */
  buckets: Bucket[];
  /** Series ids hidden by a legend click, kept in the URL so a reload or a link keeps them hidden. */
  hide: string[];
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
  buckets: [],
  hide: [],
};

export const PARAMS = ["basis", "frameworks", "from", "to", "granularity", "lens", "mode", "scale", "view", "task", "library", "author", "q", "buckets", "hide"] as const;
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

/** Parameters whose value is a comma list (canonical form: sorted, joined by commas). */
const LIST_PARAMS = new Set<string>(["frameworks", "buckets", "hide"]);

/** Any framework id of either lens (a hide list may name one of either; the chart ignores the rest). */
const ANY_FRAMEWORK_IDS = new Set([...lensFrameworks("framework"), ...lensFrameworks("tags")].map((f) => f.id));
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

/** Applies one parameter's raw value to `state`; throws ParamError naming it when it is bad. */
function applyParam(state: ViewState, key: string, values: string[]): void {
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
      // Checked by applyFrameworks once the basis is known (it may come later in the query).
      break;
    case "buckets": {
      const ids = [...new Set(raw.split(",").map((s) => s.trim()).filter(Boolean))];
      for (const id of ids) {
        if (!(BUCKETS as readonly string[]).includes(id)) throw new ParamError(param, `buckets: unknown bucket "${clip(id)}"; known: ${BUCKETS.join(", ")}`);
      }
      state.buckets = BUCKETS.filter((b) => ids.includes(b));
      break;
    }
    case "hide": {
      const ids = [...new Set(raw.split(",").map((s) => s.trim()).filter(Boolean))];
      for (const id of ids) {
        if (!ANY_FRAMEWORK_IDS.has(id) && !HIDEABLE_EXTRA.test(id)) throw new ParamError(param, `hide: unknown series "${clip(id)}"`);
      }
      state.hide = ids.sort();
      break;
    }
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

/** `frameworks=` ids checked against the basis's own list, in that list's order. */
function applyFrameworks(state: ViewState, values: string[]): void {
  if (values.length > 1) throw new ParamError("frameworks", `frameworks is given ${values.length} times; give it once`);
  const ids = values[0].split(",").map((s) => s.trim()).filter(Boolean);
  const lens = lensFrameworks(state.basis);
  for (const id of ids) {
    if (lens.some((f) => f.id === id)) continue;
    if (state.basis === "framework" && lensFrameworks("tags").some((f) => f.id === id)) {
      throw new ParamError(
        "frameworks",
        `frameworks: "${clip(id)}" is ${id === "safetensors" ? "a weight format, not a framework" : "a Hub weight-file tag, not a framework of the framework lens"}; ` +
          `use basis=tags to count its tag, or one of ${lens.map((f) => f.id).join(", ")}`,
      );
    }
    throw new ParamError("frameworks", `frameworks: unknown framework "${clip(id)}"; known (basis=${state.basis}): ${lens.map((f) => f.id).join(", ")}`);
  }
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new ParamError("frameworks", "frameworks must name at least one framework");
  if (unique.length > MAX_FRAMEWORKS) throw new ParamError("frameworks", `frameworks: at most ${MAX_FRAMEWORKS} can be compared; the rest show as Other`);
  state.frameworks = lens.map((f) => f.id).filter((id) => unique.includes(id));
}

/** Checks across parameters; `fix` (the lenient parse) resets the offending one instead of throwing. */
function crossCheck(state: ViewState, fix: ((err: ParamError) => void) | null): void {
  const fail = (err: ParamError, reset: () => void) => {
    if (!fix) throw err;
    fix(err);
    reset();
  };
  if (state.from && state.to && state.from > state.to) fail(new ParamError("from", `from (${state.from}) is after to (${state.to})`), () => (state.from = null));
  if (state.mode === "share" && state.scale === "log") {
    fail(new ParamError("scale", "scale=log is not available in share mode (shares are 0-100%)"), () => (state.scale = "linear"));
  }
  if (state.lens === "exclusive" && state.frameworks.length < 2) {
    fail(new ParamError("frameworks", "lens=exclusive compares two frameworks: give at least two in frameworks"), () => (state.lens = DEFAULT_VIEW.lens));
  }
}

function freshDefault(): ViewState {
  return { ...DEFAULT_VIEW, frameworks: [...DEFAULT_VIEW.frameworks], buckets: [], hide: [] };
}

/**
 * Applies every parameter to `state`, frameworks last (they are checked against the basis, which
 * may come later in the query); `run` runs each step (the strict parse lets a ParamError through,
 * the lenient one records it and goes on).
 */
function applyAll(state: ViewState, input: Input, run: (apply: () => void) => void): void {
  const all = entries(input);
  for (const [key, values] of all) if (key !== "frameworks") run(() => applyParam(state, key, values));
  const frameworks = all.find(([key]) => key === "frameworks");
  if (frameworks) run(() => applyFrameworks(state, frameworks[1]));
}

/** Parses and validates; never throws. The API and the report refuse the whole request on an error. */
export function parseViewState(input: Input): ParseResult {
  try {
    const state = freshDefault();
    applyAll(state, input, (apply) => apply());
    crossCheck(state, null);
    return { ok: true, value: state };
  } catch (err) {
    if (err instanceof ParamError) return { ok: false, error: err };
    throw err;
  }
}

/**
 * The pages' parse: every valid parameter is kept, each bad one is left at its default and reported,
 * so a page shows the valid state with a banner naming what it ignored instead of an error page.
 */
export function parseViewStateLenient(input: Input): { value: ViewState; errors: ParamError[] } {
  const state = freshDefault();
  const errors: ParamError[] = [];
  applyAll(state, input, (apply) => {
    try {
      apply();
    } catch (err) {
      if (err instanceof ParamError) errors.push(err);
      else throw err;
    }
  });
  crossCheck(state, (e) => errors.push(e));
  return { value: state, errors };
}

/** The canonical query string of a view: defaults left out, frameworks in config order. */
export function toSearchParams(state: ViewState): URLSearchParams {
  const out = new URLSearchParams();
  for (const p of PARAMS) {
    const v = state[p];
    const d = DEFAULT_VIEW[p];
    if (LIST_PARAMS.has(p)) {
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
  // Canonical order, as the parser gives it: one URL per view.
  next.buckets = BUCKETS.filter((b) => next.buckets.includes(b));
  next.hide = [...next.hide].sort();
  return next;
}
