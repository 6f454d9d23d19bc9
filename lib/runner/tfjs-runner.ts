/**
 * The browser side of the runner: TensorFlow.js loaded on demand, a backend started and checked,
 * a Hub model downloaded with progress, size limit, timeout and cancel, then predictions.
 *
 * BROWSER ONLY, and imported only through `import()` from /try's client component: tfjs
 * (~1.2 MB of JS) must be in no other bundle (tests/browser/try.test.ts checks the build output).
 *
 * Why the download is done here rather than by tf.loadLayersModel(url): to check the size before
 * any weight byte is fetched, to report progress in bytes, to tell a missing shard (404) from a
 * host that blocks the page (CORS) from a timeout from a cancel, and to abort all of it. The bytes
 * are then handed to tfjs through tf.io.fromMemory, which builds the model exactly as loading from
 * a URL would (the manifest's weights, in order, over the shards concatenated).
 *
 * Backends: setBackend() resolves to false instead of throwing when a backend
 * cannot start (e.g. the .wasm files are not served), and tfjs then quietly runs on another one.
 * So every setBackend is followed by a check of tf.getBackend(), and the page shows the backend
 * actually used.
 */
import type * as TF from "@tensorflow/tfjs";
import { imageInputSize, inspectModelJson, parseLabels, resolveUrl, type InputSpec, type TfjsFormat } from "../frameworks/model-json";
import type { Backend, BackendChoice, ErrorClass, RunnableModel } from "./types";
import { formatFull } from "../charts/format";

export type { BackendChoice } from "./types";

type Tf = typeof TF;
type AnyModel = TF.LayersModel | TF.GraphModel;

/** Where the app serves tfjs-backend-wasm's .wasm files (copied by scripts/copy-tfjs-wasm.ts). */
export const WASM_PATH = "/tfjs-wasm/";

let tfPromise: Promise<Tf> | null = null;

/** One import per page (React StrictMode runs effects twice in dev: the promise is shared). */
export function loadTf(): Promise<Tf> {
  return (tfPromise ??= (async () => {
    const tf = await import("@tensorflow/tfjs");
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(WASM_PATH);
    return tf;
  })());
}

/** A failure of a run, with the class recorded in the results and a message for people (shown as text). */
export class RunnerError extends Error {
  override name = "RunnerError";
  constructor(readonly errorClass: ErrorClass, message: string) {
    super(message);
  }
}

/** The visitor stopped the run (not recorded). */
export class Cancelled extends Error {
  override name = "Cancelled";
}

/** The weights are larger than the limit and the visitor has not confirmed (not recorded). */
export class NeedsConfirmation extends Error {
  override name = "NeedsConfirmation";
  constructor(readonly weightBytes: number, readonly maxBytes: number) {
    super(`the weights are ${weightBytes} bytes, above the ${maxBytes}-byte limit`);
  }
}

// ---------------------------------------------------------------------------------------------
// Backends
// ---------------------------------------------------------------------------------------------

/** Fastest first on a machine without a GPU (measured: wasm beats SwiftShader's webgl). */
const AUTO_ORDER: Backend[] = ["wasm", "webgl", "cpu"];

export interface BackendState {
  /** tf.getBackend() after the switch: what actually runs. */
  backend: string;
  /** Backends tried that could not start, in order. */
  failed: string[];
}

export async function startBackend(tf: Tf, choice: BackendChoice): Promise<BackendState> {
  const order = choice === "auto" ? AUTO_ORDER : [choice, ...AUTO_ORDER.filter((b) => b !== choice)];
  const failed: string[] = [];
  for (const name of order) {
    if (tf.getBackend() === name) return { backend: name, failed };
    let ok = false;
    try {
      ok = await tf.setBackend(name);
      await tf.ready();
    } catch {
      ok = false;
    }
    // setBackend can "succeed" while tfjs keeps another backend: trust only getBackend().
    if (ok && tf.getBackend() === name) return { backend: name, failed };
    failed.push(name);
  }
  throw new RunnerError("backend", `No TensorFlow.js backend could start in this browser (tried ${failed.join(", ")}).`);
}

// ---------------------------------------------------------------------------------------------
// Downloads
// ---------------------------------------------------------------------------------------------

export interface Progress {
  phase: "model.json" | "weights" | "building";
  loaded: number;
  /** Bytes expected in this phase, when known. */
  total: number | null;
  /** The file being downloaded. */
  file?: string;
}

interface Aborts {
  /** The visitor's cancel. */
  user: AbortSignal;
  /** user or timeout. */
  any: AbortSignal;
  timeoutMs: number;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function stopped(a: Aborts): Error {
  if (a.user.aborted) return new Cancelled("cancelled");
  return new RunnerError("timeout", `Loading took longer than ${Math.round(a.timeoutMs / 1000)} s and was stopped (the server's RUNNER_TIMEOUT_MS).`);
}

/** fetch with every failure turned into a RunnerError that says which file and why. */
async function get(url: string, file: string, kind: "model.json" | "shard" | "labels", a: Aborts): Promise<Response> {
  let res: Response;
  try {
    // No credentials and no referrer: the Hub must not see who is browsing which dashboard page.
    res = await fetch(url, { signal: a.any, credentials: "omit", referrerPolicy: "no-referrer", mode: "cors" });
  } catch (err) {
    if (a.any.aborted) throw stopped(a);
    throw new RunnerError(
      "cors",
      `The browser could not download ${file} from ${hostOf(url)}: the host does not let other sites read its files (no CORS headers), or the network failed (${(err as Error).message}).`,
    );
  }
  if (!res.ok) {
    if (res.status === 404 && kind === "shard") {
      throw new RunnerError("missing-shard", `A weight file is missing on the Hub: ${file} answered HTTP 404, although model.json lists it.`);
    }
    const why = res.status === 401 || res.status === 403 ? " (the repo may be gated or private)" : res.status === 404 ? " (not found)" : "";
    throw new RunnerError("http-error", `${file} could not be downloaded: HTTP ${res.status}${why}.`);
  }
  return res;
}

async function readAll(res: Response, onChunk: (n: number) => void, a: Aborts): Promise<Uint8Array> {
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onChunk(buf.length);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      n += value.length;
      onChunk(value.length);
    }
  } catch (err) {
    if (a.any.aborted) throw stopped(a);
    throw new RunnerError("cors", `The download was interrupted (${(err as Error).message}).`);
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

export interface TensorInfo {
  name: string;
  shape: (number | null)[] | null;
  dtype: string;
}

export interface LoadedModel {
  repoId: string;
  model: AnyModel;
  format: Exclude<TfjsFormat, "unknown">;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Bytes downloaded for the weights. */
  weightBytes: number;
  /** model.json + weights + building the model, ms. */
  loadMs: number;
  labels: string[] | null;
  /** The image input's size when the model takes one image (NHWC). */
  image: { height: number; width: number; channels: number } | null;
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

function classifyTfError(err: unknown, phase: "load" | "predict"): RunnerError {
  const msg = err instanceof Error ? err.message : String(err);
  if (/shape mismatch|should have \d+ values|provided shape|incompatible shape|expected .* to have shape|size .* must match/i.test(msg)) {
    return new RunnerError("shape-mismatch", `The weights do not fit the model: ${msg}`);
  }
  if (/unknown (layer|op|activation|initializer|regularizer|constraint)|not (yet )?supported|unsupported|is not implemented/i.test(msg)) {
    return new RunnerError("unsupported", `This model uses something TensorFlow.js does not support: ${msg}`);
  }
  return new RunnerError(phase === "load" ? "load-failed" : "predict-failed", msg);
}

function infoOf(t: { name: string; shape?: number[] | (number | null)[]; dtype?: string }): TensorInfo {
  const shape = Array.isArray(t.shape) ? t.shape.map((d) => (d === null || d === undefined || d < 0 ? null : d)) : null;
  return { name: t.name.replace(/:0$/, ""), shape, dtype: t.dtype ?? "float32" };
}

/** The visitor's signal or the timeout, whichever comes first (AbortSignal.any where the browser has it). */
function userOrTimeout(user: AbortSignal, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  if (typeof AbortSignal.any === "function") return AbortSignal.any([user, timeout]);
  const c = new AbortController();
  const stop = () => c.abort();
  user.addEventListener("abort", stop, { once: true });
  timeout.addEventListener("abort", stop, { once: true });
  return c.signal;
}

export async function loadModel(tf: Tf, o: LoadOptions): Promise<LoadedModel> {
  const started = performance.now();
  const a: Aborts = { user: o.signal, any: userOrTimeout(o.signal, o.timeoutMs), timeoutMs: o.timeoutMs };
  const progress = o.onProgress ?? (() => {});
  const { repoId, revision, modelJsonPath } = o.model;
  const modelJsonUrl = resolveUrl(o.hubUrl, repoId, revision, modelJsonPath);

  // Size check first, from what the crawler measured: nothing is downloaded above the limit unless confirmed.
  if (o.model.weightBytes !== null && o.model.weightBytes > o.maxBytes && !o.allowLarge) throw new NeedsConfirmation(o.model.weightBytes, o.maxBytes);

  progress({ phase: "model.json", loaded: 0, total: null, file: modelJsonPath });
  const res = await get(modelJsonUrl, modelJsonPath, "model.json", a);
  const text = new TextDecoder().decode(await readAll(res, () => {}, a));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RunnerError("not-tfjs", `${modelJsonPath} is not JSON, so it is not a TensorFlow.js model.`);
  }
  const ins = inspectModelJson(json);
  if (!ins.isTfjs) throw new RunnerError("not-tfjs", `${modelJsonPath} is not a TensorFlow.js model (${ins.reason ?? "unrecognised"}).`);
  const mj = json as Record<string, unknown> & { weightsManifest: { paths: string[]; weights: TF.io.WeightsManifestEntry[] }[] };
  // The files may have changed since the crawl: the manifest is the final word on the size.
  const expected = ins.weightBytes ?? null;
  if (expected !== null && expected > o.maxBytes && !o.allowLarge) throw new NeedsConfirmation(expected, o.maxBytes);

  // Weights: every shard in manifest order, one at a time, counting bytes. Only files of this repo
  // at this revision: a manifest path that leaves it (an absolute URL, "../..") is refused.
  const repoBase = resolveUrl(o.hubUrl, repoId, revision, "");
  const buffers: Uint8Array[] = [];
  let loaded = 0;
  for (const group of mj.weightsManifest) {
    for (const p of group.paths) {
      const url = new URL(p, modelJsonUrl).toString();
      if (!url.startsWith(repoBase)) throw new RunnerError("not-tfjs", `${modelJsonPath} lists a weight file outside the repo (${p}); it is not loaded.`);
      const file = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? p);
      progress({ phase: "weights", loaded, total: expected, file });
      const r = await get(url, file, "shard", a);
      buffers.push(await readAll(r, (n) => {
        loaded += n;
        progress({ phase: "weights", loaded, total: expected, file });
      }, a));
    }
  }
  if (expected !== null && loaded !== expected) {
    throw new RunnerError("shape-mismatch", `The weight files hold ${formatFull(loaded)} bytes but model.json declares ${formatFull(expected)}.`);
  }
  const weightData = new Uint8Array(loaded);
  let off = 0;
  for (const b of buffers) {
    weightData.set(b, off);
    off += b.length;
  }
  if (a.any.aborted) throw stopped(a);

  progress({ phase: "building", loaded, total: expected });
  const format: Exclude<TfjsFormat, "unknown"> = ins.format === "graph-model" ? "graph-model" : "layers-model";
  const artifacts: TF.io.ModelArtifacts = {
    modelTopology: mj.modelTopology as object,
    weightSpecs: mj.weightsManifest.flatMap((g) => g.weights),
    weightData: weightData.buffer,
    format: typeof mj.format === "string" ? mj.format : format,
    generatedBy: typeof mj.generatedBy === "string" ? mj.generatedBy : undefined,
    convertedBy: typeof mj.convertedBy === "string" ? mj.convertedBy : undefined,
    ...(mj.signature ? { signature: mj.signature as object } : {}),
    ...(mj.userDefinedMetadata ? { userDefinedMetadata: mj.userDefinedMetadata as TF.io.ModelArtifacts["userDefinedMetadata"] } : {}),
    ...(mj.modelInitializer ? { modelInitializer: mj.modelInitializer as object } : {}),
    ...(mj.trainingConfig ? { trainingConfig: mj.trainingConfig as TF.io.TrainingConfig } : {}),
  };
  let model: AnyModel;
  try {
    model = format === "graph-model" ? await tf.loadGraphModel(tf.io.fromMemory(artifacts)) : await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (err) {
    throw classifyTfError(err, "load");
  }
  if (a.user.aborted) {
    model.dispose();
    throw new Cancelled("cancelled");
  }
  const loadMs = performance.now() - started;

  const inputs = (model.inputs as { name: string; shape?: number[]; dtype?: string }[]).map(infoOf);
  const outputs = (model.outputs as { name: string; shape?: number[]; dtype?: string }[]).map(infoOf);
  const img = imageInputSize(inputs as InputSpec[]);
  let labels: string[] | null = null;
  if (o.model.labelsPath) {
    try {
      const lr = await get(resolveUrl(o.hubUrl, repoId, revision, o.model.labelsPath), o.model.labelsPath, "labels", a);
      labels = parseLabels(o.model.labelsPath, await lr.text());
    } catch {
      labels = null; // labels are a nicety: a model without them still runs
    }
  }
  return {
    repoId, model, format, inputs, outputs, weightBytes: loaded, loadMs, labels,
    image: img ? { height: img.height ?? 224, width: img.width ?? 224, channels: img.channels } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Inputs and predictions
// ---------------------------------------------------------------------------------------------

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
  | { kind: "image"; source: HTMLImageElement | HTMLCanvasElement | ImageBitmap; scale: PixelScale };

export interface OutputSummary {
  name: string;
  shape: number[];
  /** The first values, flattened. */
  values: number[];
  size: number;
  /** For a vector of class scores: the best classes, with labels when the repo has them. */
  top: { index: number; label: string | null; value: number }[] | null;
}

export interface PredictResult {
  outputs: OutputSummary[];
  /** The first prediction (includes reading the result back), ms. */
  firstMs: number;
  /** Mean of `warmRuns` more predictions, ms. */
  warmMs: number | null;
  warmRuns: number;
  backend: string;
}

export class BadInput extends Error {
  override name = "BadInput";
}

function buildInputs(tf: Tf, m: LoadedModel, input: PredictInput): TF.Tensor[] {
  if (input.kind === "image") {
    if (!m.image) throw new BadInput("This model does not take an image.");
    const { height, width, channels } = m.image;
    return [tf.tidy(() => {
      const px = tf.browser.fromPixels(input.source, channels === 1 ? 1 : channels === 4 ? 4 : 3);
      const resized = tf.image.resizeBilinear(px, [height, width]).toFloat();
      const scaled = input.scale === "0..1" ? resized.div(255) : input.scale === "-1..1" ? resized.div(127.5).sub(1) : resized;
      return scaled.expandDims(0);
    })];
  }
  if (input.values.length !== m.inputs.length) throw new BadInput(`This model takes ${m.inputs.length} inputs; ${input.values.length} were given.`);
  return m.inputs.map((spec, k) => {
    const shape = concreteShape(spec.shape);
    const need = shape.reduce((a, d) => a * d, 1);
    const vals = input.values[k];
    if (vals.length !== need) {
      throw new BadInput(`Input "${spec.name}" needs ${formatFull(need)} values (shape [${shape.join(", ")}]); ${formatFull(vals.length)} were given.`);
    }
    const dtype = spec.dtype === "int32" || spec.dtype === "bool" ? spec.dtype : "float32";
    return tf.tensor(dtype === "float32" ? vals : vals.map(Math.round), shape, dtype);
  });
}

function run(m: LoadedModel, xs: TF.Tensor[]): Promise<TF.Tensor[]> | TF.Tensor[] {
  const arg: TF.Tensor | TF.Tensor[] | TF.NamedTensorMap =
    m.format === "graph-model" && xs.length > 1 ? Object.fromEntries(m.inputs.map((s, k) => [s.name, xs[k]])) : xs.length === 1 ? xs[0] : xs;
  const flat = (y: TF.Tensor | TF.Tensor[] | TF.NamedTensorMap): TF.Tensor[] => (Array.isArray(y) ? y : "dataId" in y ? [y as TF.Tensor] : Object.values(y as TF.NamedTensorMap));
  if (m.format === "graph-model") {
    const g = m.model as TF.GraphModel;
    try {
      return flat(g.predict(arg));
    } catch (err) {
      // Control flow or dynamic shapes: only executeAsync can run them.
      if (/executeAsync|dynamic op/i.test((err as Error).message)) return g.executeAsync(arg).then(flat);
      throw err;
    }
  }
  return flat((m.model as TF.LayersModel).predict(arg as TF.Tensor | TF.Tensor[]));
}

const SHOWN_VALUES = 16;

async function summarize(m: LoadedModel, ys: TF.Tensor[]): Promise<OutputSummary[]> {
  const out: OutputSummary[] = [];
  for (let k = 0; k < ys.length; k++) {
    const y = ys[k];
    const data = Array.from(await y.data() as ArrayLike<number>);
    const classes = y.shape.length === 2 && y.shape[0] === 1 ? y.shape[1] : y.shape.length === 1 ? y.shape[0] : 0;
    let top: OutputSummary["top"] = null;
    if (classes >= 2 && classes <= 100_000) {
      top = data
        .map((value, index) => ({ index, value }))
        .sort((p, q) => q.value - p.value)
        .slice(0, 5)
        .map((t) => ({ ...t, label: m.labels && t.index < m.labels.length ? m.labels[t.index] : null }));
    }
    out.push({ name: m.outputs[k]?.name ?? `output ${k}`, shape: y.shape, values: data.slice(0, SHOWN_VALUES), size: data.length, top });
  }
  return out;
}

/**
 * Runs the model once (timed, with the read-back), then `warmRuns` more times (timed, averaged;
 * by default 5, or fewer when one prediction takes long, so a slow backend is not kept busy).
 */
export async function predict(tf: Tf, m: LoadedModel, input: PredictInput, warm?: number): Promise<PredictResult> {
  const xs = buildInputs(tf, m, input);
  try {
    let ys: TF.Tensor[];
    const t0 = performance.now();
    try {
      ys = await run(m, xs);
      await Promise.all(ys.map((y) => y.data()));
    } catch (err) {
      if (err instanceof BadInput) throw err;
      throw classifyTfError(err, "predict");
    }
    const firstMs = performance.now() - t0;
    const outputs = await summarize(m, ys);
    tf.dispose(ys);
    const warmRuns = warm ?? (firstMs > 1_000 ? 1 : firstMs > 200 ? 3 : 5);
    let warmTotal = 0;
    for (let k = 0; k < warmRuns; k++) {
      const t = performance.now();
      const w = await run(m, xs);
      await Promise.all(w.map((y) => y.data()));
      warmTotal += performance.now() - t;
      tf.dispose(w);
    }
    return { outputs, firstMs, warmMs: warmRuns > 0 ? warmTotal / warmRuns : null, warmRuns, backend: tf.getBackend() };
  } finally {
    tf.dispose(xs);
  }
}
