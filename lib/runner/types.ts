/**
 * What the server and the page say to each other about the runner. Pure types and constants: the
 * client component imports this file, so nothing here may pull in server code.
 */
import type { InputSpec, TfjsFormat } from "../frameworks/model-json";

export type { InputSpec, TfjsFormat } from "../frameworks/model-json";

/** The browser runtimes: TensorFlow.js (model.json + shards) and ONNX Runtime Web (.onnx graphs). */
export const RUNTIMES = ["tfjs", "onnx"] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** A model's format as recorded: the TF.js formats, or "onnx". */
export type ModelFormat = TfjsFormat | "onnx";
export const MODEL_FORMATS = ["layers-model", "graph-model", "unknown", "onnx"] as const satisfies readonly ModelFormat[];

/** What a model takes, so the page offers an input that fits (docs/runner.md "Inputs"). */
export type InputKind = "image" | "text" | "tensor";

/** The side files of an ONNX repo the browser reads beside the graph. */
export interface OnnxSideFiles {
  /** tokenizer.json (text models). */
  tokenizerPath: string | null;
  /** tokenizer_config.json, when present. */
  tokenizerConfigPath: string | null;
  /** config.json (id2label). */
  configPath: string | null;
  /** preprocessor_config.json (image size, mean, std). */
  preprocessorPath: string | null;
}

/** A model the page may run: everything needed to load it from the Hub without asking the server again. */
export interface RunnableModel {
  repoId: string;
  runtime: Runtime;
  /** The commit to load ("main" when the Hub did not say). */
  revision: string;
  /** Repo path of the model file: model.json (TF.js) or the .onnx graph (ONNX). */
  modelJsonPath: string;
  format: ModelFormat;
  /** What the model takes (image, text, tensor); null = known after loading. */
  inputKind: InputKind | null;
  /** ONNX only (null for TF.js). */
  onnx: OnnxSideFiles | null;
  /** Weight bytes per the manifest (quantized dtypes counted as stored); null = unknown. */
  weightBytes: number | null;
  shards: number;
  task: string | null;
  downloads30d: number | null;
  likes: number | null;
  inputs: InputSpec[] | null;
  /** A file that may hold class names, or null. */
  labelsPath: string | null;
}

/** Server settings the page needs, read at request time. */
export interface RunnerConfig {
  /** HF_ENDPOINT: where model files are downloaded from (`{hubUrl}/{repo}/resolve/{rev}/...`). */
  hubUrl: string;
  /** RUNNER_MAX_MB in bytes: larger models need the visitor's confirmation. */
  maxBytes: number;
  /** RUNNER_TIMEOUT_MS. */
  timeoutMs: number;
}

export type CheckFailure = "bad-id" | "not-found" | "gated" | "not-tfjs" | "unreadable" | "hub-error" | "rate-limited";

export type CheckResponse =
  | { ok: true; model: RunnableModel; source: "database" | "hub" }
  | { ok: false; code: CheckFailure; message: string };

export const BACKENDS = ["wasm", "webgl", "cpu", "webgpu"] as const;
export type Backend = (typeof BACKENDS)[number];
/** What the page asks for: a backend, or "auto" (wasm, else webgl, else cpu). */
export type BackendChoice = Backend | "auto";

/**
 * Why a run failed, as recorded and counted. User actions (cancel, declining a large download, a
 * malformed input) are not model failures and are never recorded.
 */
export const ERROR_CLASSES = [
  "not-tfjs", // model.json is not a TF.js model (or the .onnx file is not an ONNX graph)
  "missing-shard", // a weight file answered 404
  "cors", // the host did not let the page read the download (no CORS headers), or the network failed
  "http-error", // model.json or a shard answered another HTTP error (401/403 gated, 5xx)
  "timeout", // download + load took longer than RUNNER_TIMEOUT_MS
  "shape-mismatch", // weights do not fit the topology, or the shards hold fewer bytes than declared
  "unsupported", // an op or layer this tfjs version does not know
  "backend", // no backend of the runtime could start (or the runtime itself did not load)
  "load-failed", // any other load error
  "predict-failed", // the model loaded but prediction threw
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

export const OUTCOMES = ["ok", ...ERROR_CLASSES] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The body the page POSTs to /api/runner/results after a run. */
export interface ResultBody {
  model: string;
  backend: Backend;
  outcome: Outcome;
  /** Only used when the server does not know the model (typed in, not crawled). */
  format?: ModelFormat;
  loadMs?: number | null;
  firstMs?: number | null;
  warmMs?: number | null;
}

/** A Hub repo id: "author/name" (or a legacy id without namespace). */
export const REPO_ID_RE = /^[A-Za-z0-9][\w.-]{0,95}(\/[A-Za-z0-9][\w.-]{0,95})?$/;

/** The sample's seed in the URL: 1-16 letters and digits. */
export const SEED_RE = /^[a-z0-9]{1,16}$/;
