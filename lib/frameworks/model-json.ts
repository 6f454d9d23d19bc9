/**
 * What a TF.js model.json says, read without TensorFlow.js: is it TF.js at all, LayersModel or
 * GraphModel, how many weight bytes its manifest declares, its shards, its input signature, and
 * where a repo keeps class labels. Pure and dependency-free: the crawler's files pass
 * (lib/crawl/files-pass.ts), the server's on-demand check and the browser runner all use it, so
 * what the crawler confirmed is what the page checks again before downloading.
 *
 * Formats (docs/hub-api.md §2.3): `format` "layers-model" / "graph-model" when present; older converter
 * output has no `format`, so the topology decides: `node` array = GraphDef (graph model);
 * `model_config` (Keras converter) or `class_name` (saved from tfjs) = layers model.
 *
 * Sizes: a manifest entry stores product(shape) values of `quantization.dtype` when quantized
 * (uint8 = 1 byte, uint16/float16 = 2), else of `dtype` (float32/int32 = 4). That is the byte count
 * of the shards, which is what the browser downloads.
 */

export type TfjsFormat = "layers-model" | "graph-model" | "unknown";

export interface InputSpec {
  name: string;
  /** null or -1 = any size (the batch dimension, usually); null shape = unknown rank. */
  shape: (number | null)[] | null;
  dtype: string;
}

export interface ModelJsonInspection {
  isTfjs: boolean;
  format?: TfjsFormat;
  /** Sum over the manifest of product(shape) x bytes per value; absent when a dtype has no fixed size (string). */
  weightBytes?: number;
  /** Shard paths of the manifest in manifest order, as written (relative to the model.json's folder). */
  shardPaths: string[];
  /** The input signature when model.json tells it (null when it does not). */
  inputs?: InputSpec[] | null;
  reason?: string;
}

/** Bytes per stored value. `quantization.dtype` wins over `dtype` when present. */
const DTYPE_BYTES: Record<string, number> = {
  float32: 4, int32: 4, bool: 1, complex64: 8,
  uint8: 1, int8: 1, uint16: 2, int16: 2, float16: 2,
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function inspectModelJson(json: unknown): ModelJsonInspection {
  if (!isObject(json)) return { isTfjs: false, shardPaths: [], reason: "not a JSON object" };
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) {
    return { isTfjs: false, shardPaths: [], reason: "no weightsManifest" };
  }
  const shardPaths: string[] = [];
  let bytes: number | undefined = 0;
  for (const group of manifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights) ||
        !group.paths.every((p) => typeof p === "string")) {
      return { isTfjs: false, shardPaths: [], reason: "weightsManifest entry without paths and weights" };
    }
    shardPaths.push(...(group.paths as string[]));
    for (const w of group.weights) {
      if (!isObject(w) || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
        return { isTfjs: false, shardPaths: [], reason: "weight entry without a shape" };
      }
      const q = isObject(w.quantization) && typeof w.quantization.dtype === "string" ? w.quantization.dtype : undefined;
      const dtype = q ?? (typeof w.dtype === "string" ? w.dtype : undefined);
      const per = dtype !== undefined ? DTYPE_BYTES[dtype] : undefined;
      if (per === undefined || bytes === undefined) {
        bytes = undefined; // a string tensor (variable length) or an unknown dtype: size unknown
        continue;
      }
      bytes += (w.shape as number[]).reduce((a, d) => a * d, 1) * per;
    }
  }
  const topology = json.modelTopology;
  const declared = json.format === "layers-model" || json.format === "graph-model" ? json.format : undefined;
  const marked = isObject(topology) || declared !== undefined || typeof json.convertedBy === "string";
  if (!marked) return { isTfjs: false, shardPaths, reason: "no modelTopology, format or convertedBy" };
  // Older converter output has no `format`: tell the two from the topology.
  let format: TfjsFormat = declared ?? "unknown";
  if (!declared && isObject(topology)) {
    if (Array.isArray(topology.node)) format = "graph-model";
    else if (isObject(topology.model_config) || typeof topology.class_name === "string") format = "layers-model";
  }
  return {
    isTfjs: true, format, shardPaths, inputs: inputSignature(json, format),
    ...(bytes !== undefined ? { weightBytes: bytes } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Input signature (best effort: the loaded model's own `inputs` are the final word)
// ---------------------------------------------------------------------------------------------

const TF_DTYPES: Record<string, string> = {
  DT_FLOAT: "float32", DT_INT32: "int32", DT_INT64: "int32", DT_BOOL: "bool", DT_STRING: "string",
  DT_HALF: "float32", DT_DOUBLE: "float32", DT_UINT8: "int32", DT_INT8: "int32", DT_INT16: "int32",
};

function dims(v: unknown): (number | null)[] | null {
  if (!Array.isArray(v)) return null;
  const out: (number | null)[] = [];
  for (const d of v) {
    if (d === null || d === -1) out.push(null);
    else if (Number.isInteger(d) && (d as number) >= 0) out.push(d as number);
    else return null;
  }
  return out;
}

/** `{dim: [{size: "-1"}, {size: "4"}]}` (TensorShapeProto as JSON) -> [null, 4]. */
function protoDims(shape: unknown): (number | null)[] | null {
  if (!isObject(shape)) return null;
  if (shape.unknownRank === true) return null;
  if (shape.dim === undefined) return [];
  if (!Array.isArray(shape.dim)) return null;
  const out: (number | null)[] = [];
  for (const d of shape.dim) {
    const n = isObject(d) ? Number(d.size ?? 0) : NaN;
    if (!Number.isFinite(n) || !Number.isInteger(n)) return null;
    out.push(n < 0 ? null : n);
  }
  return out;
}

function safeName(v: unknown, fallback: string): string {
  return typeof v === "string" && v.length > 0 && v.length <= 200 ? v : fallback;
}

function layersInputs(topology: Record<string, unknown>): InputSpec[] | null {
  const model = isObject(topology.model_config) ? topology.model_config : topology;
  const config = isObject(model.config) ? model.config : null;
  if (!config) return null;
  const layers = Array.isArray(config.layers) ? config.layers : Array.isArray(model.config) ? (model.config as unknown[]) : null;
  if (!layers) return null;
  const inputLayers = layers.filter((l): l is Record<string, unknown> => isObject(l) && l.class_name === "InputLayer");
  const shapeOf = (c: Record<string, unknown>) => dims(c.batch_input_shape ?? c.batch_shape ?? c.batchInputShape);
  if (inputLayers.length > 0) {
    return inputLayers.map((l, k) => {
      const c = isObject(l.config) ? l.config : {};
      return { name: safeName(c.name ?? l.name, `input_${k}`), shape: shapeOf(c), dtype: typeof c.dtype === "string" ? c.dtype : "float32" };
    });
  }
  // Sequential saved from tfjs: the first layer carries the batch input shape.
  const first = layers.find(isObject);
  const c = first && isObject(first.config) ? first.config : null;
  if (!c) return null;
  const shape = shapeOf(c);
  if (!shape) return null;
  return [{ name: safeName(c.name, "input"), shape, dtype: typeof c.dtype === "string" ? c.dtype : "float32" }];
}

function graphInputs(json: Record<string, unknown>, topology: Record<string, unknown>): InputSpec[] | null {
  const sig = isObject(json.signature) && isObject(json.signature.inputs) ? json.signature.inputs : null;
  if (sig) {
    const out: InputSpec[] = [];
    for (const [key, v] of Object.entries(sig)) {
      if (!isObject(v)) continue;
      out.push({
        name: safeName(v.name, key).replace(/:0$/, ""),
        shape: protoDims(v.tensorShape),
        dtype: TF_DTYPES[String(v.dtype)] ?? "float32",
      });
    }
    if (out.length > 0) return out;
  }
  if (!Array.isArray(topology.node)) return null;
  const out: InputSpec[] = [];
  for (const n of topology.node) {
    if (!isObject(n) || n.op !== "Placeholder") continue;
    const attr = isObject(n.attr) ? n.attr : {};
    const shape = isObject(attr.shape) ? protoDims(attr.shape.shape) : null;
    const dt = isObject(attr.dtype) ? String(attr.dtype.type) : "DT_FLOAT";
    out.push({ name: safeName(n.name, `input_${out.length}`), shape, dtype: TF_DTYPES[dt] ?? "float32" });
  }
  return out.length > 0 ? out : null;
}

function inputSignature(json: Record<string, unknown>, format: TfjsFormat): InputSpec[] | null {
  const topology = json.modelTopology;
  if (!isObject(topology)) return null;
  try {
    if (format === "graph-model") return graphInputs(json, topology);
    if (format === "layers-model") return layersInputs(topology);
  } catch {
    return null;
  }
  return null;
}

/** "Image model": one input of shape [batch, H, W, 1|3|4] (NHWC, as tfjs image models are). */
export function imageInputSize(inputs: readonly InputSpec[] | null | undefined): { height: number | null; width: number | null; channels: number } | null {
  if (!inputs || inputs.length !== 1) return null;
  const s = inputs[0].shape;
  if (!s || s.length !== 4) return null;
  const c = s[3];
  if (c !== 1 && c !== 3 && c !== 4) return null;
  return { height: s[1], width: s[2], channels: c };
}

// ---------------------------------------------------------------------------------------------
// Shards, labels, sizes
// ---------------------------------------------------------------------------------------------

/** A manifest path relative to its model.json's folder, as a repo path; undefined for URLs and escapes. */
export function shardRepoPath(dir: string, p: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith("/")) return undefined;
  const parts = (dir + p).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

/** Repo path -> URL path (each segment encoded). */
export function encodeRepoPath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** `{hub}/{repo}/resolve/{rev}/{path}`: where the Hub serves a file of a model repo. */
export function resolveUrl(hub: string, repoId: string, revision: string, path: string): string {
  return `${hub.replace(/\/+$/, "")}/${repoId.split("/").map(encodeURIComponent).join("/")}/resolve/${encodeURIComponent(revision)}/${encodeRepoPath(path)}`;
}

/**
 * Files that may hold class names, best first: Teachable Machine's metadata.json ({labels}),
 * labels.json / classes.json (an array, or {id2label}), labels.txt / classes.txt / class_names.txt
 * (one per line), config.json's id2label. Looked for beside model.json, then at the repo root.
 */
const LABEL_FILES = ["metadata.json", "labels.json", "labels.txt", "classes.json", "classes.txt", "class_names.txt", "config.json"];

export function findLabelsPath(paths: readonly string[], modelJsonPath: string): string | null {
  const dir = modelJsonPath.slice(0, modelJsonPath.length - "model.json".length);
  const have = new Set(paths);
  for (const d of dir ? [dir, ""] : [""]) {
    for (const f of LABEL_FILES) if (have.has(d + f)) return d + f;
  }
  return null;
}

const MAX_LABELS = 100_000;
const MAX_LABEL_LENGTH = 200;

function cleanLabels(xs: unknown[]): string[] | null {
  const out: string[] = [];
  for (const x of xs.slice(0, MAX_LABELS)) {
    if (typeof x !== "string" && typeof x !== "number") return null;
    const s = String(x).trim().slice(0, MAX_LABEL_LENGTH);
    out.push(s);
  }
  return out.length > 0 ? out : null;
}

function fromId2Label(m: Record<string, unknown>): string[] | null {
  const entries = Object.entries(m).filter(([k]) => /^\d+$/.test(k)).map(([k, v]) => [Number(k), v] as const);
  if (entries.length === 0 || entries.length > MAX_LABELS) return null;
  const n = Math.max(...entries.map(([k]) => k)) + 1;
  if (n > MAX_LABELS) return null;
  const out: unknown[] = Array.from({ length: n }, (_, k) => `class ${k}`);
  for (const [k, v] of entries) out[k] = v;
  return cleanLabels(out);
}

/**
 * Class names from a labels file's text, or null when it holds none. The result is plain strings,
 * shown as text only (never as HTML).
 */
export function parseLabels(path: string, text: string): string[] | null {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (base.endsWith(".txt")) {
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
    return cleanLabels(lines);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (Array.isArray(json)) return cleanLabels(json);
  if (!isObject(json)) return null;
  for (const key of ["labels", "classNames", "class_names", "classes"]) {
    const v = json[key];
    if (Array.isArray(v)) return cleanLabels(v);
  }
  if (isObject(json.id2label)) return fromId2Label(json.id2label);
  return null;
}

/** 1 MB = 1,000,000 bytes (as the Hub shows sizes). */
export const MB = 1_000_000;

