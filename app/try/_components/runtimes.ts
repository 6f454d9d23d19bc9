"use client";
/**
 * The two browser runtimes, each fetched with import() on the first Run of a model that needs it:
 * TensorFlow.js for model.json models, ONNX Runtime Web (with the tokenizer for text models) for
 * .onnx graphs. Neither is in /try's first load nor in any other page (tests/browser/try.test.ts
 * checks the build output).
 */
import type { BrowserRuntime } from "@/lib/runner/runtime";
import type { Runtime } from "@/lib/runner/types";

const loading: Partial<Record<Runtime, Promise<BrowserRuntime>>> = {};

export function loadRuntime(r: Runtime): Promise<BrowserRuntime> {
  return (loading[r] ??= (r === "onnx" ? import("@/lib/runner/onnx-runner") : import("@/lib/runner/tfjs-runner")).then((m) => m.runtime));
}

export function runtimeTitle(r: Runtime): string {
  return r === "onnx" ? "ONNX Runtime" : "TensorFlow.js";
}
