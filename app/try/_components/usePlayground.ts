"use client";
/**
 * The playground's behaviour: the reducer's state (state.ts) plus the async work a click starts:
 * checking a typed model id with the server, loading the model's runtime on the first Run
 * (import(): TensorFlow.js or ONNX Runtime, whichever the model needs; runtimes.ts), downloading
 * and running the model with the size limit, timeout and Cancel, and posting the run's outcome.
 */
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from "react";
import { BadInput, Cancelled, NeedsConfirmation, RunnerError } from "@/lib/runner/errors";
import type { Progress } from "@/lib/runner/download";
import { parseNumbers, randomValues, valuesNeeded, type LoadedModel, type PredictInput } from "@/lib/runner/runtime";
import { BACKENDS, REPO_ID_RE, type BackendChoice, type CheckResponse, type ResultBody, type RunnableModel, type RunnerConfig } from "@/lib/runner/types";
import { MAX_EDITABLE, sampleSource } from "./InputPanel";
import { loadRuntime, runtimeTitle } from "./runtimes";
import { initialState, reducer, selectedModel, type Phase, type PlaygroundState } from "./state";
import { seedOf } from "./links";

export function urlWith(params: Record<string, string | null>): string {
  const u = new URL(window.location.href);
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === "") u.searchParams.delete(k);
    else u.searchParams.set(k, v);
  }
  return `${u.pathname}?${u.searchParams.toString()}`;
}

async function report(body: ResultBody): Promise<boolean> {
  try {
    const r = await fetch("/api/runner/results", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), keepalive: true,
    });
    return r.status === 201;
  } catch {
    return false;
  }
}

function stepOf(p: Progress): string {
  if (p.phase === "model.json") return `Downloading ${p.file ?? "model.json"}…`;
  if (p.phase === "weights") return `Downloading ${p.file ?? "weights"}…`;
  if (p.phase === "files") return `Downloading ${p.file ?? "the model's files"}…`;
  return "Building the model…";
}

/** Asks the server whether a model is runnable (it may check the Hub): the phase its answer means. */
async function phaseFromServer(repoId: string): Promise<Phase> {
  let res: CheckResponse;
  try {
    const r = await fetch(`/api/runner/check?model=${encodeURIComponent(repoId)}`);
    res = (await r.json()) as CheckResponse;
  } catch (err) {
    res = { ok: false, code: "hub-error", message: `The server could not be asked (${(err as Error).message}).` };
  }
  return res.ok ? { kind: "ready", model: res.model } : { kind: "not-runnable", repoId, code: res.code, message: res.message };
}

export interface PlaygroundProps {
  config: RunnerConfig;
  backend: BackendChoice;
  initialModel: RunnableModel | null;
  initialRepo: string | null;
}

export function usePlayground({ config, backend, initialModel, initialRepo }: PlaygroundProps) {
  const [state, dispatch] = useReducer(reducer, null, () => initialState(initialModel, backend, initialRepo ?? ""));
  const loadedRef = useRef<LoadedModel | null>(null);
  const generatedRef = useRef<number[][]>([]);
  const abortRef = useRef<AbortController | null>(null);
  // The latest state for the async callbacks (they outlive the render that started them).
  const stateRef = useRef<PlaygroundState>(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  });

  // Dispose the model when the page goes away.
  useEffect(() => () => {
    abortRef.current?.abort();
    loadedRef.current?.dispose();
  }, []);

  const select = useCallback((m: RunnableModel | null, repoId: string | null) => {
    window.history.replaceState(null, "", urlWith({ model: repoId }));
    abortRef.current?.abort();
    loadedRef.current?.dispose();
    loadedRef.current = null;
    dispatch({ type: "select", model: m });
  }, []);

  const check = useCallback(async (repoId: string) => {
    select(null, repoId);
    if (!REPO_ID_RE.test(repoId)) {
      dispatch({ type: "phase", phase: { kind: "not-runnable", repoId, code: "bad-id", message: 'A model id looks like "author/name".' } });
      return;
    }
    dispatch({ type: "phase", phase: { kind: "checking", repoId } });
    dispatch({ type: "phase", phase: await phaseFromServer(repoId) });
  }, [select]);

  // A model named in the URL that the database did not know as runnable opens as "checking": ask
  // the server once (it may check the Hub).
  const checkedInitial = useRef(false);
  useEffect(() => {
    if (checkedInitial.current) return;
    checkedInitial.current = true;
    const p = stateRef.current.phase;
    if (p.kind === "checking") void phaseFromServer(p.repoId).then((phase) => dispatch({ type: "phase", phase }));
  }, []);

  /** Fills the tensor editors with seeded random values or zeros; returns the texts. */
  const fillEditors = useCallback((m: LoadedModel, mode: "random" | "zeros"): string[] => {
    const next: string[] = [];
    generatedRef.current = [];
    m.inputs.forEach((inp, k) => {
      const size = valuesNeeded(inp.shape);
      const vals = mode === "zeros" ? new Array<number>(size).fill(0) : randomValues(size, seedOf(m.repoId) + k);
      generatedRef.current[k] = vals;
      next.push(size <= MAX_EDITABLE ? vals.join(", ") : "");
    });
    dispatch({ type: "texts", texts: next });
    return next;
  }, []);

  /** The input for the model from the editors, or a message saying what is wrong with them. */
  const inputFor = useCallback((m: LoadedModel, s: PlaygroundState, texts: string[]): PredictInput | string => {
    if (m.image) {
      let src = s.image;
      if (!src) {
        src = sampleSource("red");
        dispatch({ type: "image", source: src });
      }
      return { kind: "image", source: src.element, scale: s.scale };
    }
    if (m.text) {
      const texts2 = m.text.pair ? [...s.sentences] : [s.sentences[0]];
      if (texts2.some((t) => t.trim() === "")) return "Type some text first.";
      return { kind: "text", texts: texts2 };
    }
    const values: number[][] = [];
    for (let k = 0; k < m.inputs.length; k++) {
      const size = valuesNeeded(m.inputs[k].shape);
      if (size > MAX_EDITABLE) {
        values.push(generatedRef.current[k] ?? randomValues(size, seedOf(m.repoId) + k));
        continue;
      }
      const nums = parseNumbers(texts[k] ?? "");
      if (!nums) return `Input "${m.inputs[k].name}" holds something that is not a number.`;
      values.push(nums);
    }
    return { kind: "tensors", values };
  }, []);

  const run = useCallback(async (m: RunnableModel, allowLarge = false, panel?: HTMLElement | null) => {
    select(m, m.repoId);
    // On a phone the panel is below the list: bring it into view.
    if (window.matchMedia("(max-width: 900px)").matches) panel?.scrollIntoView({ block: "start" });
    const abort = new AbortController();
    abortRef.current = abort;
    const title = runtimeTitle(m.runtime);
    const choice = stateRef.current.backendChoice;
    dispatch({ type: "phase", phase: { kind: "loading", model: m, step: `Loading ${title}…`, progress: null } });
    const record = async (outcome: ResultBody["outcome"], backendName: string, extra: Partial<ResultBody> = {}) => {
      const b = BACKENDS.find((x) => x === backendName);
      if (!b) return;
      dispatch({ type: "recorded", ok: await report({ model: m.repoId, backend: b, outcome, format: m.format, ...extra }) });
    };
    // Before a backend started (the runtime itself failed to load), the run counts under the one asked for.
    const asked = choice === "auto" || m.runtime === "onnx" ? "wasm" : choice; // ONNX Runtime runs on wasm only here
    const t0 = performance.now();
    let backendName = "";
    let runtime;
    try {
      runtime = await loadRuntime(m.runtime);
    } catch (err) {
      dispatch({ type: "phase", phase: { kind: "error", model: m, errorClass: "backend", message: `${title} could not be loaded: ${(err as Error).message}` } });
      await record("backend", asked);
      return;
    }
    let lastProgress = 0;
    const onProgress = (p: Progress) => {
      // At most ~10 repaints a second while bytes stream in; phase changes always show.
      const now = performance.now();
      if (p.phase === "weights" && p.loaded > 0 && p.loaded !== p.total && now - lastProgress < 100) return;
      lastProgress = now;
      dispatch({ type: "phase", phase: { kind: "loading", model: m, progress: p, step: stepOf(p) } });
    };
    try {
      dispatch({ type: "phase", phase: { kind: "loading", model: m, step: "Starting the backend…", progress: null } });
      const bs = await runtime.start(choice);
      backendName = bs.backend;
      dispatch({ type: "backend-state", state: bs });
      const setupMs = performance.now() - t0;
      dispatch({ type: "phase", phase: { kind: "loading", model: m, step: `Downloading ${m.modelJsonPath}…`, progress: null } });
      const loaded = await runtime.load({
        hubUrl: config.hubUrl, model: m, maxBytes: config.maxBytes, allowLarge, timeoutMs: config.timeoutMs, signal: abort.signal, onProgress,
      });
      loadedRef.current = loaded;
      dispatch({ type: "loaded-model", model: loaded });
      const texts = loaded.image || loaded.text ? [] : fillEditors(loaded, "random");
      dispatch({ type: "phase", phase: { kind: "loading", model: m, step: "First prediction…", progress: null } });
      const input = inputFor(loaded, stateRef.current, texts);
      if (typeof input === "string") throw new BadInput(input);
      const r = await runtime.predict(loaded, input);
      dispatch({ type: "first-result", result: r, timings: { setupMs, loadMs: loaded.loadMs, firstMs: r.firstMs, warmMs: r.warmMs, warmRuns: r.warmRuns } });
      await record("ok", r.backend, { loadMs: loaded.loadMs, firstMs: r.firstMs, warmMs: r.warmMs });
    } catch (err) {
      if (err instanceof NeedsConfirmation) {
        dispatch({ type: "phase", phase: { kind: "confirm", model: m, weightBytes: err.weightBytes } });
      } else if (err instanceof Cancelled) {
        dispatch({ type: "phase", phase: { kind: "cancelled", model: m } });
      } else if (err instanceof RunnerError) {
        dispatch({ type: "phase", phase: { kind: "error", model: m, errorClass: err.errorClass, message: err.message } });
        await record(err.errorClass, backendName || asked);
      } else {
        const message = err instanceof Error ? err.message : String(err);
        dispatch({ type: "phase", phase: { kind: "error", model: m, errorClass: "load-failed", message } });
        await record("load-failed", backendName || asked);
      }
    } finally {
      if (abortRef.current === abort) abortRef.current = null;
    }
  }, [config, fillEditors, inputFor, select]);

  const rerun = useCallback(async () => {
    const s = stateRef.current;
    const loaded = s.loaded;
    if (!loaded || s.phase.kind !== "loaded") return;
    const input = inputFor(loaded, s, s.texts);
    if (typeof input === "string") {
      dispatch({ type: "input-problem", message: input });
      return;
    }
    dispatch({ type: "input-problem", message: null });
    dispatch({ type: "predicting", on: true });
    try {
      const runtime = await loadRuntime(loaded.runtime);
      dispatch({ type: "rerun-result", result: await runtime.predict(loaded, input) });
    } catch (err) {
      dispatch({ type: "input-problem", message: err instanceof Error ? err.message : String(err) });
    } finally {
      dispatch({ type: "predicting", on: false });
    }
  }, [inputFor]);

  const changeBackend = useCallback((b: BackendChoice) => {
    dispatch({ type: "backend-choice", choice: b });
    window.history.replaceState(null, "", urlWith({ backend: b === "auto" ? null : b }));
    const s = stateRef.current;
    const sel = selectedModel(s.phase);
    if (sel && (s.phase.kind === "loaded" || s.phase.kind === "error" || s.phase.kind === "cancelled")) {
      select(sel, sel.repoId);
      dispatch({ type: "phase", phase: { kind: "ready", model: sel, note: `Run again to use ${b === "auto" ? "the best backend" : b}.` } });
    }
  }, [select]);

  return {
    state,
    dispatch,
    check,
    run,
    rerun,
    changeBackend,
    cancel: () => abortRef.current?.abort(),
    fill: (mode: "random" | "zeros") => {
      if (stateRef.current.loaded) fillEditors(stateRef.current.loaded, mode);
    },
  };
}
