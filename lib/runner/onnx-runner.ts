/**
 * The browser side of the runner for ONNX models: ONNX Runtime Web (its wasm build) loaded on
 * demand, the .onnx graph and its side files downloaded from the Hub with the size limit, progress,
 * timeout and Cancel of the tfjs runner (download.ts), then predictions with inputs that fit:
 * a picture (preprocessed as the repo's preprocessor_config.json says), text tokenized by the
 * repo's tokenizer.json (@huggingface/tokenizers), or tensors from the editor.
 *
 * BROWSER ONLY, and imported only through `import()` from /try's client component (runtimes.ts):
 * ONNX Runtime and the tokenizer must be in no other bundle (tests/browser/try.test.ts checks the
 * build output). Its .wasm is served by the app from /ort-wasm/ (lib/runner/wasm-assets.ts), never
 * a CDN. One thread: threads need a cross-origin isolated page (COOP/COEP), which /try is not, so
 * ONNX Runtime would fall back anyway; saying so keeps it from trying.
 *
 * The input kind the crawler inferred is a guess from file names until the graph's signature is
 * read; here the signature is read from the downloaded bytes (lib/frameworks/onnx-graph.ts) and
 * decides (docs/runner.md "Inputs").
 */
import type * as ORT from "onnxruntime-web";
import type { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";
import { onnxImageInput, onnxTextInput, readOnnxSignature, type OnnxSignature } from "../frameworks/onnx-graph";
import { resolveUrl } from "../frameworks/model-json";
import { get, readAll, stopped, userOrTimeout, type Aborts } from "./download";
import { BadInput, Cancelled, NeedsConfirmation, RunnerError } from "./errors";
import {
  concreteShape, cosine, isEmbeddingTask, summarizeOutput, type BackendState, type BrowserRuntime, type LoadedModel, type LoadOptions,
  type OutputSummary, type PredictInput, type PredictResult, type TensorInfo,
} from "./runtime";
import type { BackendChoice } from "./types";
import { formatFull } from "../charts/format";

type Ort = typeof ORT;

/** Where the app serves ONNX Runtime Web's .wasm (copied by scripts/copy-runtime-wasm.ts). */
export const ORT_WASM_PATH = "/ort-wasm/";

let ortPromise: Promise<Ort> | null = null;
let enginePromise: Promise<void> | null = null;

/**
 * A one-node graph (y = Identity(x), float [1]), written by lib/fake-hub/onnx-encode.ts: creating a
 * session from it makes ONNX Runtime fetch, compile and start its wasm, which it otherwise does
 * inside the first real session. Started by start() and awaited by load(), so the 14 MB wasm
 * compiles while the model's files download.
 */
const WARMUP_MODEL = "CAgSEmhmLXRyZW5kcyBmYWtlIGh1YjpIChwKAXgSAXkaCklkZW50aXR5XzAiCElkZW50aXR5EgZ3YXJtdXBaDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgQKABAN";

function startEngine(ort: Ort): Promise<void> {
  return (enginePromise ??= (async () => {
    const bytes = Uint8Array.from(atob(WARMUP_MODEL), (c) => c.charCodeAt(0));
    const s = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
    await s.release();
  })().catch((err: unknown) => {
    enginePromise = null; // a later Run tries again
    throw new RunnerError("backend", `ONNX Runtime's wasm could not start (${err instanceof Error ? err.message : String(err)}); its files are served from ${ORT_WASM_PATH}.`);
  }));
}

/** One import per page: the wasm-only build (no WebGL / WebGPU code). */
export function loadOrt(): Promise<Ort> {
  return (ortPromise ??= import("onnxruntime-web/wasm").then((ort) => {
    ort.env.wasm.wasmPaths = ORT_WASM_PATH;
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = "error";
    return ort as unknown as Ort;
  }));
}

/** The preprocessing a repo's preprocessor_config.json states (transformers' image processors). */
interface ImagePrep {
  rescale: number;
  mean: number[] | null;
  std: number[] | null;
}

export interface OnnxLoaded extends LoadedModel {
  runtime: "onnx";
  session: ORT.InferenceSession;
  ort: Ort;
  signature: OnnxSignature | null;
  tokenizer: HfTokenizer | null;
  prep: ImagePrep | null;
  layout: "nchw" | "nhwc";
}

// ---------------------------------------------------------------------------------------------
// Backend
// ---------------------------------------------------------------------------------------------

/**
 * ONNX Runtime runs here on its wasm execution provider only (the WebGL one is deprecated and the
 * WebGPU build is 30 MB more); another choice is reported as not started, and the page says so.
 */
async function start(choice: BackendChoice): Promise<BackendState> {
  let ort: Ort;
  try {
    ort = await loadOrt();
  } catch (err) {
    throw new RunnerError("backend", `ONNX Runtime could not be loaded in this browser (${(err as Error).message}).`);
  }
  // Not awaited here: the wasm compiles while load() downloads the model; load() awaits it.
  startEngine(ort).catch(() => {});
  return { backend: "wasm", failed: choice === "auto" || choice === "wasm" ? [] : [choice] };
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

function classify(err: unknown, phase: "load" | "predict"): RunnerError {
  const msg = err instanceof Error ? err.message : String(err);
  if (/no available backend|failed to (load|instantiate|compile).*wasm|WebAssembly/i.test(msg)) {
    return new RunnerError("backend", `ONNX Runtime's wasm could not start: ${msg}`);
  }
  if (/not implemented|unsupported|opset|could not find an implementation/i.test(msg)) {
    return new RunnerError("unsupported", `This model uses something ONNX Runtime Web does not support: ${msg}`);
  }
  if (/shape|dimension|rank|got invalid dimensions/i.test(msg) && phase === "predict") {
    return new RunnerError("shape-mismatch", `The input does not fit the model: ${msg}`);
  }
  return new RunnerError(phase === "load" ? "load-failed" : "predict-failed", msg);
}

async function sideJson(url: string, file: string, a: Aborts): Promise<unknown> {
  try {
    const r = await get(url, file, "file", a);
    return JSON.parse(new TextDecoder().decode(await readAll(r, () => {}, a)));
  } catch (err) {
    if (err instanceof Cancelled || (err instanceof RunnerError && err.errorClass === "timeout")) throw err;
    return null; // side files are a help: a model without readable ones still runs with the tensor editor
  }
}

function labelsOf(config: unknown): string[] | null {
  const id2label = (config as { id2label?: Record<string, unknown> } | null)?.id2label;
  if (!id2label || typeof id2label !== "object") return null;
  const out: string[] = [];
  for (const [k, v] of Object.entries(id2label)) {
    const i = Number(k);
    if (Number.isInteger(i) && i >= 0 && i < 100_000 && typeof v === "string") out[i] = v;
  }
  return out.length ? Array.from(out, (v, i) => v ?? `class ${i}`) : null;
}

function numbers(v: unknown, n: number): number[] | null {
  return Array.isArray(v) && v.length === n && v.every((x) => typeof x === "number") ? (v as number[]) : null;
}

/** The image size and preprocessing from preprocessor_config.json (size.{height,width} | shortest_edge | crop_size). */
function prepOf(p: unknown, channels: number): { prep: ImagePrep; size: number | null } {
  const c = (p ?? {}) as Record<string, unknown>;
  const size = c.size as Record<string, number> | number | undefined;
  const crop = c.crop_size as Record<string, number> | number | undefined;
  const side = (s: typeof size) => (typeof s === "number" ? s : s ? s.height ?? s.shortest_edge ?? null : null);
  const rescale = c.do_rescale === false ? 1 : typeof c.rescale_factor === "number" ? c.rescale_factor : 1 / 255;
  const normalize = c.do_normalize !== false;
  return {
    prep: { rescale, mean: normalize ? numbers(c.image_mean, channels) : null, std: normalize ? numbers(c.image_std, channels) : null },
    size: side(crop) ?? side(size),
  };
}

async function load(o: LoadOptions): Promise<OnnxLoaded> {
  const started = performance.now();
  const a: Aborts = { user: o.signal, any: userOrTimeout(o.signal, o.timeoutMs), timeoutMs: o.timeoutMs };
  const progress = o.onProgress ?? (() => {});
  const m = o.model;
  const side = m.onnx ?? { tokenizerPath: null, tokenizerConfigPath: null, configPath: null, preprocessorPath: null };
  // Size check first, from what the crawler measured: nothing is downloaded above the limit unless confirmed.
  if (m.weightBytes !== null && m.weightBytes > o.maxBytes && !o.allowLarge) throw new NeedsConfirmation(m.weightBytes, o.maxBytes);
  const ort = await loadOrt();

  const url = (p: string) => resolveUrl(o.hubUrl, m.repoId, m.revision, p);
  const file = m.modelJsonPath.split("/").pop() ?? m.modelJsonPath;
  progress({ phase: "weights", loaded: 0, total: m.weightBytes, file });
  const res = await get(url(m.modelJsonPath), file, "model", a);
  // The file may have changed since the crawl: Content-Length is the final word before the bytes come.
  const length = Number(res.headers.get("content-length"));
  if (Number.isFinite(length) && length > o.maxBytes && !o.allowLarge) {
    void res.body?.cancel();
    throw new NeedsConfirmation(length, o.maxBytes);
  }
  let loaded = 0;
  const total = Number.isFinite(length) && length > 0 ? length : m.weightBytes;
  const bytes = await readAll(res, (n) => {
    loaded += n;
    progress({ phase: "weights", loaded, total, file });
  }, a);

  progress({ phase: "files", loaded: 0, total: null, file: "the tokenizer and configuration" });
  const [config, preprocessor, tokenizerJson, tokenizerConfig] = await Promise.all([
    side.configPath ? sideJson(url(side.configPath), side.configPath, a) : null,
    side.preprocessorPath ? sideJson(url(side.preprocessorPath), side.preprocessorPath, a) : null,
    side.tokenizerPath ? sideJson(url(side.tokenizerPath), side.tokenizerPath, a) : null,
    side.tokenizerConfigPath ? sideJson(url(side.tokenizerConfigPath), side.tokenizerConfigPath, a) : null,
  ]);
  if (a.any.aborted) throw stopped(a);

  progress({ phase: "building", loaded, total });
  await startEngine(ort);
  if (a.any.aborted) throw stopped(a);
  let signature: OnnxSignature | null = null;
  try {
    signature = readOnnxSignature(bytes);
  } catch {
    signature = null; // ONNX Runtime says what is wrong with the file, below
  }
  let session: ORT.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
  } catch (err) {
    throw classify(err, "load");
  }
  if (a.user.aborted) {
    void session.release();
    throw new Cancelled("cancelled");
  }
  const loadMs = performance.now() - started;

  const infoFor = (names: readonly string[], specs: TensorInfo[] | undefined): TensorInfo[] =>
    names.map((n) => specs?.find((s) => s.name === n) ?? { name: n, shape: null, dtype: "float32" });
  const inputs = infoFor(session.inputNames, signature?.inputs);
  const outputs = infoFor(session.outputNames, signature?.outputs);

  let tokenizer: HfTokenizer | null = null;
  if (tokenizerJson && onnxTextInput(inputs)) {
    try {
      const { Tokenizer } = await import("@huggingface/tokenizers");
      tokenizer = new Tokenizer(tokenizerJson as object, (tokenizerConfig ?? {}) as object);
    } catch {
      tokenizer = null; // a tokenizer this library cannot build: the tensor editor still works
    }
  }
  const img = tokenizer ? null : onnxImageInput(inputs);
  let image: OnnxLoaded["image"] = null;
  let prep: ImagePrep | null = null;
  if (img) {
    const p = prepOf(preprocessor, img.channels);
    prep = preprocessor ? p.prep : null;
    image = { height: img.height ?? p.size ?? 224, width: img.width ?? p.size ?? 224, channels: img.channels, preprocessed: prep !== null };
  }
  return {
    runtime: "onnx", repoId: m.repoId, inputs, outputs, weightBytes: loaded, loadMs, labels: labelsOf(config),
    image, text: tokenizer ? { pair: m.task === "sentence-similarity" } : null, task: m.task,
    session, ort, signature, tokenizer, prep, layout: img?.layout ?? "nchw",
    dispose: () => void session.release(),
  };
}

// ---------------------------------------------------------------------------------------------
// Inputs and predictions
// ---------------------------------------------------------------------------------------------

type Feeds = Record<string, ORT.Tensor>;

function intTensor(ort: Ort, spec: TensorInfo | undefined, values: number[], dims: number[]): ORT.Tensor {
  if (spec?.dtype === "int32") return new ort.Tensor("int32", Int32Array.from(values), dims);
  return new ort.Tensor("int64", BigInt64Array.from(values, (v) => BigInt(Math.round(v))), dims);
}

function imageFeeds(m: OnnxLoaded, input: Extract<PredictInput, { kind: "image" }>): Feeds {
  if (!m.image) throw new BadInput("This model does not take an image.");
  const { height, width, channels } = m.image;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) throw new BadInput("This browser cannot read pictures (no 2D canvas).");
  ctx.drawImage(input.source, 0, 0, width, height);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const out = new Float32Array(channels * height * width);
  const plane = height * width;
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < channels; c++) {
      const raw = channels === 1 ? (rgba[p * 4] + rgba[p * 4 + 1] + rgba[p * 4 + 2]) / 3 : rgba[p * 4 + c];
      let v: number;
      if (m.prep) {
        // The repo's own preprocessing, as its image processor does it in Python.
        v = raw * m.prep.rescale;
        if (m.prep.mean && m.prep.std) v = (v - m.prep.mean[c]) / m.prep.std[c];
      } else {
        v = input.scale === "0..1" ? raw / 255 : input.scale === "-1..1" ? raw / 127.5 - 1 : raw;
      }
      out[m.layout === "nchw" ? c * plane + p : p * channels + c] = v;
    }
  }
  const dims = m.layout === "nchw" ? [1, channels, height, width] : [1, height, width, channels];
  return { [m.inputs[0].name]: new m.ort.Tensor("float32", out, dims) };
}

function textFeeds(m: OnnxLoaded, text: string): { feeds: Feeds; tokens: string[] } {
  if (!m.tokenizer) throw new BadInput("This model has no tokenizer the page can use.");
  const enc = m.tokenizer.encode(text);
  if (enc.ids.length === 0) throw new BadInput("The tokenizer made no token of this text.");
  const n = enc.ids.length;
  const feeds: Feeds = {};
  for (const spec of m.inputs) {
    if (/input_ids/.test(spec.name)) feeds[spec.name] = intTensor(m.ort, spec, enc.ids, [1, n]);
    else if (/attention_mask/.test(spec.name)) feeds[spec.name] = intTensor(m.ort, spec, enc.attention_mask ?? new Array<number>(n).fill(1), [1, n]);
    else if (/token_type_ids/.test(spec.name)) feeds[spec.name] = intTensor(m.ort, spec, enc.token_type_ids ?? new Array<number>(n).fill(0), [1, n]);
    else throw new BadInput(`This text model also takes "${spec.name}", which the page cannot fill from text.`);
  }
  return { feeds, tokens: enc.tokens };
}

function tensorFeeds(m: OnnxLoaded, input: Extract<PredictInput, { kind: "tensors" }>): Feeds {
  if (input.values.length !== m.inputs.length) throw new BadInput(`This model takes ${m.inputs.length} inputs; ${input.values.length} were given.`);
  const feeds: Feeds = {};
  m.inputs.forEach((spec, k) => {
    const shape = concreteShape(spec.shape);
    const need = shape.reduce((x, d) => x * d, 1);
    const vals = input.values[k];
    if (vals.length !== need) {
      throw new BadInput(`Input "${spec.name}" needs ${formatFull(need)} values (shape [${shape.join(", ")}]); ${formatFull(vals.length)} were given.`);
    }
    if (/int/.test(spec.dtype)) feeds[spec.name] = intTensor(m.ort, spec, vals, shape);
    else if (spec.dtype === "bool") feeds[spec.name] = new m.ort.Tensor("bool", Uint8Array.from(vals, (v) => (v ? 1 : 0)), shape);
    else if (spec.dtype === "float64") feeds[spec.name] = new m.ort.Tensor("float64", Float64Array.from(vals), shape);
    else feeds[spec.name] = new m.ort.Tensor("float32", Float32Array.from(vals), shape);
  });
  return feeds;
}

/** One vector per text for embedding models: [1, d] as is, [1, seq, d] mean-pooled over the tokens. */
function embeddingOf(t: ORT.Tensor): number[] {
  const data = Array.from(t.data as ArrayLike<number | bigint>, Number);
  if (t.dims.length === 3) {
    const [, seq, d] = t.dims;
    const out = new Array<number>(d).fill(0);
    for (let s = 0; s < seq; s++) for (let k = 0; k < d; k++) out[k] += data[s * d + k] / seq;
    return out;
  }
  return data;
}

async function runOnce(m: OnnxLoaded, feeds: Feeds): Promise<ORT.InferenceSession.OnnxValueMapType> {
  try {
    return await m.session.run(feeds);
  } catch (err) {
    throw classify(err, "predict");
  }
}

function summarize(m: OnnxLoaded, out: ORT.InferenceSession.OnnxValueMapType): OutputSummary[] {
  return m.session.outputNames.map((name) => {
    const t = out[name] as ORT.Tensor;
    const data = t.type === "string" ? [] : Array.from(t.data as ArrayLike<number | bigint>, Number);
    if (isEmbeddingTask(m.task) && t.dims.length === 3) {
      const v = embeddingOf(t);
      return summarizeOutput(name, [1, v.length], v, m.labels, m.task);
    }
    return summarizeOutput(name, [...t.dims], data, m.labels, m.task);
  });
}

async function predict(lm: LoadedModel, input: PredictInput, warm?: number): Promise<PredictResult> {
  if (lm.runtime !== "onnx") throw new BadInput("This model is not an ONNX model.");
  const m = lm as OnnxLoaded;
  let feedsList: Feeds[];
  let tokens: string[][] | null = null;
  if (input.kind === "image") feedsList = [imageFeeds(m, input)];
  else if (input.kind === "text") {
    const enc = input.texts.map((t) => textFeeds(m, t));
    feedsList = enc.map((e) => e.feeds);
    tokens = enc.map((e) => e.tokens);
  } else feedsList = [tensorFeeds(m, input)];

  const t0 = performance.now();
  const results: ORT.InferenceSession.OnnxValueMapType[] = [];
  for (const f of feedsList) results.push(await runOnce(m, f));
  const firstMs = performance.now() - t0;
  const outputs = summarize(m, results[0]);
  let similarity: number | null = null;
  if (results.length === 2) {
    const first = m.session.outputNames[0];
    similarity = cosine(embeddingOf(results[0][first] as ORT.Tensor), embeddingOf(results[1][first] as ORT.Tensor));
  }
  const warmRuns = warm ?? (firstMs > 1_000 ? 1 : firstMs > 200 ? 3 : 5);
  let warmTotal = 0;
  for (let k = 0; k < warmRuns; k++) {
    const t = performance.now();
    for (const f of feedsList) await runOnce(m, f);
    warmTotal += performance.now() - t;
  }
  return { outputs, firstMs, warmMs: warmRuns > 0 ? warmTotal / warmRuns : null, warmRuns, backend: "wasm", similarity, tokens };
}

/** This runtime as the page drives it (lib/runner/runtime.ts). */
export const runtime: BrowserRuntime = { name: "onnx", title: "ONNX Runtime", start, load, predict };
