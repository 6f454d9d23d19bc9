/**
 * What both browser runtimes (TensorFlow.js in lib/runner/tfjs-runner.ts, ONNX Runtime Web in
 * lib/runner/onnx-runner.ts) share with the page: the loaded model's description, the inputs,
 * the result, and the pure helpers of the tensor editor and of the output's reading by task.
 * Pure: no runtime import, so /try's first load ships none (docs/runner.md).
 */
import type { BackendChoice, RunnableModel, Runtime } from "./types";
import type { Progress } from "./download";

export interface TensorInfo {
  name: string;
  shape: (number | null)[] | null;
  dtype: string;
}

export interface BackendState {
  /** The backend that actually runs (tf.getBackend(), or ONNX Runtime's execution provider). */
  backend: string;
  /** Backends tried that could not start, in order. */
  failed: string[];
}

/** A loaded model, whatever its runtime. */
export interface LoadedModel {
  runtime: Runtime;
  repoId: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Bytes downloaded for the weights. */
  weightBytes: number;
  /** Download + build, ms. */
  loadMs: number;
  labels: string[] | null;
  /**
   * The image input's size when the model takes one image; `preprocessed`: the repo states how its
   * pixels are normalized (preprocessor_config.json), so the page's pixel-scale choice does not apply.
   */
  image: { height: number; width: number; channels: number; preprocessed?: boolean } | null;
  /** Text models: the task decides the output's reading and whether two texts are asked for. */
  text: { pair: boolean } | null;
  /** The model's task (from the Hub), for reading the output. */
  task: string | null;
  dispose(): void;
}

export interface LoadOptions {
  hubUrl: string;
  model: RunnableModel;
  maxBytes: number;
  /** The visitor confirmed a download above maxBytes. */
  allowLarge: boolean;
  timeoutMs: number;
  signal: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** One runtime as the page drives it (each runtime module exports `runtime`). */
export interface BrowserRuntime {
  name: Runtime;
  /** For people: "TensorFlow.js", "ONNX Runtime". */
  title: string;
  start(choice: BackendChoice): Promise<BackendState>;
  load(o: LoadOptions): Promise<LoadedModel>;
  predict(m: LoadedModel, input: PredictInput, warm?: number): Promise<PredictResult>;
}

/** The concrete shape used for an input: unknown dimensions become 1 (the batch, usually). */
export function concreteShape(shape: (number | null)[] | null): number[] {
  if (!shape) return [1];
  return shape.map((d) => (d === null || d < 0 ? 1 : d));
}

export function valuesNeeded(shape: (number | null)[] | null): number {
  return concreteShape(shape).reduce((a, d) => a * d, 1);
}

/** Numbers from an editor's text: separated by commas, spaces, brackets or new lines. */
export function parseNumbers(text: string): number[] | null {
  const parts = text.split(/[\s,;[\]]+/).filter((s) => s.length > 0);
  const out = parts.map(Number);
  return out.every((x) => Number.isFinite(x)) ? out : null;
}

/** Deterministic pseudo-random values in [0, 1) for the editor's "Random" (same model -> same values). */
export function randomValues(n: number, seed: number): number[] {
  const out: number[] = [];
  let x = seed >>> 0 || 1;
  for (let k = 0; k < n; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push(Math.round(((x >>> 0) / 4294967296) * 1000) / 1000);
  }
  return out;
}

export type PixelScale = "0..1" | "-1..1" | "0..255";

export type PredictInput =
  | { kind: "tensors"; values: number[][] }
  | { kind: "image"; source: HTMLImageElement | HTMLCanvasElement | ImageBitmap; scale: PixelScale }
  /** Text models (ONNX with a tokenizer): one text, or two for sentence-similarity. */
  | { kind: "text"; texts: string[] };

export interface OutputSummary {
  name: string;
  shape: number[];
  /** The first values, flattened. */
  values: number[];
  size: number;
  /** For a vector of class scores: the best classes, with labels when the repo has them. */
  top: { index: number; label: string | null; value: number }[] | null;
  /** For an embedding (feature-extraction, sentence-similarity): its dimension and L2 norm. */
  embedding?: { dim: number; norm: number } | null;
}

export interface PredictResult {
  outputs: OutputSummary[];
  /** The first prediction (includes reading the result back), ms. */
  firstMs: number;
  /** Mean of `warmRuns` more predictions, ms. */
  warmMs: number | null;
  warmRuns: number;
  backend: string;
  /** sentence-similarity: the cosine similarity of the two texts' embeddings. */
  similarity?: number | null;
  /** Text models: the tokens the tokenizer made of each text (what the model was fed). */
  tokens?: string[][] | null;
}



/** Tasks whose output is a value, not class scores: never shown as "class N". */
export function isRegressionTask(task: string | null | undefined): boolean {
  return !!task && /regression|depth-estimation|time-series-forecasting/.test(task);
}

/** Tasks whose output is an embedding: shown as its dimension and norm. */
export function isEmbeddingTask(task: string | null | undefined): boolean {
  return task === "feature-extraction" || task === "sentence-similarity";
}

const SHOWN_VALUES = 16;

/**
 * One output, read for the model's task: the best classes (with labels) for a vector of scores,
 * the dimension and norm for an embedding, and nothing but the values for a regression.
 */
export function summarizeOutput(name: string, shape: number[], data: ArrayLike<number>, labels: string[] | null, task: string | null): OutputSummary {
  const values = Array.from(data, Number);
  const classes = shape.length === 2 && shape[0] === 1 ? shape[1] : shape.length === 1 ? shape[0] : 0;
  let top: OutputSummary["top"] = null;
  let embedding: OutputSummary["embedding"] = null;
  if (isEmbeddingTask(task)) {
    embedding = { dim: classes || values.length, norm: Math.sqrt(values.reduce((a, v) => a + v * v, 0)) };
  } else if (!isRegressionTask(task) && classes >= 2 && classes <= 100_000) {
    top = values
      .map((value, index) => ({ index, value }))
      .sort((p, q) => q.value - p.value)
      .slice(0, 5)
      .map((t) => ({ ...t, label: labels && t.index < labels.length ? labels[t.index] : null }));
  }
  return { name, shape, values: values.slice(0, SHOWN_VALUES), size: values.length, top, embedding };
}

/** Cosine similarity of two vectors (0 when either is all zeros). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    dot += a[k] * b[k];
    na += a[k] * a[k];
    nb += b[k] * b[k];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
