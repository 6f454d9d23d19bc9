/** /try's reducer (app/try/_components/state.ts): what each action does to the playground's state. */
import { describe, expect, test } from "vitest";
import { initialState, reducer, selectedModel } from "../../app/try/_components/state";
import type { PredictResult } from "../../lib/runner/runtime";
import type { RunnableModel } from "../../lib/runner/types";

const model: RunnableModel = {
  repoId: "a/b", runtime: "onnx", inputKind: "text", onnx: null, revision: "main", modelJsonPath: "model.onnx", format: "onnx",
  weightBytes: 10, shards: 1, task: "text-classification", downloads30d: 0, likes: 0, inputs: null, labelsPath: null,
};
const result = (warmMs: number): PredictResult => ({ outputs: [], firstMs: 5, warmMs, warmRuns: 5, backend: "wasm" });

describe("playground reducer", () => {
  test("a run's life: loading, first result (loaded, timings), a rerun (new warm time, same first), a new selection clears it all", () => {
    let s = initialState(null, "auto", "");
    expect(s.phase).toEqual({ kind: "idle" });
    s = reducer(s, { type: "select", model });
    expect(selectedModel(s.phase)).toBe(model);
    s = reducer(s, { type: "phase", phase: { kind: "loading", model, step: "…", progress: null } });
    s = reducer(s, { type: "first-result", result: result(1), timings: { setupMs: 1, loadMs: 2, firstMs: 5, warmMs: 1, warmRuns: 5 } });
    expect(s.phase).toEqual({ kind: "loaded", model });
    s = reducer(s, { type: "input-problem", message: "bad" });
    s = reducer(s, { type: "rerun-result", result: result(3) });
    expect(s.timings).toEqual({ setupMs: 1, loadMs: 2, firstMs: 5, warmMs: 3, warmRuns: 5 });
    expect(s.inputProblem).toBeNull();
    s = reducer(s, { type: "recorded", ok: true });
    s = reducer(s, { type: "select", model: { ...model, repoId: "c/d" } });
    expect(s).toMatchObject({ result: null, timings: null, recorded: null, loaded: null, phase: { kind: "ready" } });
  });

  test("the editors: tensor texts by index, the two sentences, and a select that keeps a checking phase", () => {
    let s = initialState(model, "wasm", "a/b");
    expect(s.phase).toEqual({ kind: "ready", model });
    s = reducer(s, { type: "texts", texts: ["1", "2"] });
    s = reducer(s, { type: "text", k: 1, text: "3" });
    expect(s.texts).toEqual(["1", "3"]);
    s = reducer(s, { type: "sentence", k: 1, text: "second" });
    expect(s.sentences[1]).toBe("second");
    s = reducer(s, { type: "phase", phase: { kind: "checking", repoId: "x/y" } });
    s = reducer(s, { type: "select", model: null });
    expect(s.phase).toEqual({ kind: "checking", repoId: "x/y" });
  });
});
