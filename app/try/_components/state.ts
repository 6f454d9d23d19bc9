/**
 * /try's playground state as one reducer (pure): what the right panel shows (the phase), the
 * inputs the visitor edits, the last result and its timings. Every transition is an action here,
 * so a reader finds in one place what each click does; usePlayground.ts runs the async work.
 */
import type { BackendState, LoadedModel, PixelScale, PredictResult } from "@/lib/runner/runtime";
import type { Progress } from "@/lib/runner/download";
import { REPO_ID_RE, type BackendChoice, type ErrorClass, type RunnableModel } from "@/lib/runner/types";
import type { ImageSource } from "./InputPanel";

export type Phase =
  | { kind: "idle" }
  | { kind: "checking"; repoId: string }
  | { kind: "not-runnable"; repoId: string; code: string; message: string }
  | { kind: "ready"; model: RunnableModel; note?: string }
  | { kind: "confirm"; model: RunnableModel; weightBytes: number }
  | { kind: "loading"; model: RunnableModel; step: string; progress: Progress | null }
  | { kind: "loaded"; model: RunnableModel }
  | { kind: "error"; model: RunnableModel; errorClass: ErrorClass; message: string }
  | { kind: "cancelled"; model: RunnableModel };

export interface Timings {
  setupMs: number;
  loadMs: number;
  firstMs: number;
  warmMs: number | null;
  warmRuns: number;
}

export interface PlaygroundState {
  phase: Phase;
  backendChoice: BackendChoice;
  backendState: BackendState | null;
  /** The model id typed in the "any model" box. */
  typed: string;
  /** The tensor editors' texts, one per input. */
  texts: string[];
  /** Text models: the text (and the second one for sentence-similarity). */
  sentences: [string, string];
  inputProblem: string | null;
  image: ImageSource | null;
  scale: PixelScale;
  result: PredictResult | null;
  timings: Timings | null;
  recorded: "yes" | "no" | null;
  predicting: boolean;
  /** The model in the page, once loaded (its runtime's handle; disposed on the next select). */
  loaded: LoadedModel | null;
}

export const DEFAULT_SENTENCES: [string, string] = ["this movie is good", "this film is great"];

/**
 * The phase a page opens in: the model of the URL when the database knows it as runnable; a model id
 * it does not know starts as "checking" (usePlayground asks the server), or "not-runnable" when it
 * cannot be an id.
 */
function initialPhase(initialModel: RunnableModel | null, typed: string): Phase {
  if (initialModel) return { kind: "ready", model: initialModel };
  if (!typed) return { kind: "idle" };
  if (!REPO_ID_RE.test(typed)) return { kind: "not-runnable", repoId: typed, code: "bad-id", message: 'A model id looks like "author/name".' };
  return { kind: "checking", repoId: typed };
}

export function initialState(initialModel: RunnableModel | null, backendChoice: BackendChoice, typed: string): PlaygroundState {
  return {
    phase: initialPhase(initialModel, typed),
    backendChoice, backendState: null, typed, texts: [], sentences: DEFAULT_SENTENCES, inputProblem: null, image: null, scale: "0..1",
    result: null, timings: null, recorded: null, predicting: false, loaded: null,
  };
}

export type Action =
  /** A model chosen (or none, while a typed id is checked): the last run's traces are cleared. */
  | { type: "select"; model: RunnableModel | null }
  | { type: "phase"; phase: Phase }
  | { type: "backend-choice"; choice: BackendChoice }
  | { type: "backend-state"; state: BackendState }
  | { type: "typed"; text: string }
  | { type: "texts"; texts: string[] }
  | { type: "text"; k: number; text: string }
  | { type: "sentence"; k: 0 | 1; text: string }
  | { type: "input-problem"; message: string | null }
  | { type: "image"; source: ImageSource }
  | { type: "scale"; scale: PixelScale }
  | { type: "first-result"; result: PredictResult; timings: Timings }
  | { type: "rerun-result"; result: PredictResult }
  | { type: "recorded"; ok: boolean }
  | { type: "predicting"; on: boolean }
  | { type: "loaded-model"; model: LoadedModel };

export function reducer(s: PlaygroundState, a: Action): PlaygroundState {
  switch (a.type) {
    case "select":
      return {
        ...s, result: null, timings: null, recorded: null, inputProblem: null, backendState: null, loaded: null,
        phase: a.model ? { kind: "ready", model: a.model } : s.phase,
      };
    case "phase":
      return { ...s, phase: a.phase };
    case "backend-choice":
      return { ...s, backendChoice: a.choice };
    case "backend-state":
      return { ...s, backendState: a.state };
    case "typed":
      return { ...s, typed: a.text };
    case "texts":
      return { ...s, texts: a.texts };
    case "text":
      return { ...s, texts: s.texts.map((x, j) => (j === a.k ? a.text : x)) };
    case "sentence":
      return { ...s, sentences: a.k === 0 ? [a.text, s.sentences[1]] : [s.sentences[0], a.text] };
    case "input-problem":
      return { ...s, inputProblem: a.message };
    case "image":
      return { ...s, image: a.source };
    case "scale":
      return { ...s, scale: a.scale };
    case "first-result":
      return { ...s, result: a.result, timings: a.timings, phase: s.phase.kind === "loading" ? { kind: "loaded", model: s.phase.model } : s.phase };
    case "rerun-result":
      return { ...s, result: a.result, inputProblem: null, timings: s.timings ? { ...s.timings, warmMs: a.result.warmMs, warmRuns: a.result.warmRuns } : s.timings };
    case "recorded":
      return { ...s, recorded: a.ok ? "yes" : "no" };
    case "predicting":
      return { ...s, predicting: a.on };
    case "loaded-model":
      return { ...s, loaded: a.model };
  }
}

/** The model shown on the right, if any. */
export function selectedModel(p: Phase): RunnableModel | null {
  return p.kind === "idle" || p.kind === "checking" || p.kind === "not-runnable" ? null : p.model;
}
