/**
 * The two lenses (`basis`) every figure can be read through (docs/methodology.md):
 * - `framework` (the default): the framework a model is FOR, inferred by the ordered rules of
 *   lib/frameworks/rules.ts from its format tags and library_name;
 * - `tags`: the weight files the Hub's tags describe (lib/frameworks/config.ts), as stored.
 *
 * Both lenses share one bit space: a framework-lens mask uses the bit of the config entry with the
 * same id (pytorch is bit 0 in both), and never sets the bits of pure formats (safetensors, tf-keras,
 * tflite, tfjs, transformers.js), so every mask helper (SQL series columns, exclusive groups) works
 * for both. In the rollup tables the two lenses are one more key dimension: bit 16 of a rollup
 * row's framework_mask (FRAMEWORK_BASIS_BIT) is set on framework-lens rows.
 */
import { FRAMEWORKS, NONE_BUCKET } from "./config";

export const BASES = ["framework", "tags"] as const;
export type Basis = (typeof BASES)[number];
export const DEFAULT_BASIS: Basis = "framework";

/** Set on a rollup row's framework_mask when the row counts the framework lens (masks use bits 0-15). */
export const FRAMEWORK_BASIS_BIT = 65_536;
export const LENS_MASK_BITS = 65_535;

export interface LensFramework {
  id: string;
  bit: number;
  name: string;
  color: string;
  note: string;
}

const cfg = (id: string) => FRAMEWORKS.find((f) => f.id === id)!;

/** The framework lens's ids, in the order pages list them. */
export const FRAMEWORK_LENS: readonly LensFramework[] = [
  { id: "pytorch", name: "PyTorch", note: "PyTorch weights (.bin / .pt), or a PyTorch library's safetensors or untagged checkpoints." },
  { id: "tensorflow", name: "TensorFlow", note: "The TensorFlow family: tf / tensorflow tags, tf-keras, TFLite, confirmed TF.js." },
  { id: "jax", name: "JAX / Flax", note: "jax / flax tags (flax_model.msgpack)." },
  { id: "keras", name: "Keras", note: "Keras 3 (multi-backend): the keras tag or library, keras-hub." },
  { id: "mlx", name: "MLX", note: "Apple MLX: the mlx tag or an MLX library (mlx-lm, mlx-vlm, mlx-audio)." },
  { id: "gguf", name: "GGUF", note: "llama.cpp and friends: the gguf tag, llama.cpp or gguf library." },
  { id: "onnx", name: "ONNX", note: "ONNX files, transformers.js, onnxruntime." },
  { id: "coreml", name: "Core ML", note: "The coreml tag or library." },
  { id: "openvino", name: "OpenVINO", note: "The openvino tag or library." },
  { id: "paddlepaddle", name: "PaddlePaddle", note: "paddlepaddle / paddle tags, PaddleNLP, PaddleOCR." },
  { id: "rust", name: "Rust / Candle", note: "rust / candle tags (rust_model.ot, Candle)." },
].map((f) => ({ ...f, bit: 2 ** cfg(f.id).bit, color: cfg(f.id).color }));

/** Tag-lens names that say what the tag is (nobody should read the `pytorch` tag as the framework). */
const TAG_NAMES: Record<string, string> = {
  pytorch: "`pytorch` tag: .bin / .pt weights",
  safetensors: "safetensors: format, not a framework",
};

export interface LensEntry {
  id: string;
  bit: number;
  name: string;
  color: string;
  note: string;
  /** Counts need the repo's files (tfjs): labelled "detected". */
  detected: boolean;
}

const TAG_LENS: readonly LensEntry[] = FRAMEWORKS.map((f) => ({
  id: f.id, bit: 2 ** f.bit, name: TAG_NAMES[f.id] ?? f.name, color: f.color, note: f.note, detected: !!f.confirmedByFiles,
}));
const FW_LENS: readonly LensEntry[] = FRAMEWORK_LENS.map((f) => ({ ...f, detected: false }));

/** A lens's frameworks (ids valid in `frameworks=` under that basis). */
export function lensFrameworks(basis: Basis): readonly LensEntry[] {
  return basis === "framework" ? FW_LENS : TAG_LENS;
}

export function lensEntry(basis: Basis, id: string): LensEntry | undefined {
  return lensFrameworks(basis).find((f) => f.id === id);
}

export function lensBit(basis: Basis, id: string): number {
  const f = lensEntry(basis, id);
  if (!f) throw new Error(`unknown ${basis} id "${id}"`);
  return f.bit;
}

/** The mask-0 bucket's label: what "nothing" means in each lens. */
export function noneLabel(basis: Basis): string {
  return basis === "framework" ? "Undetermined" : NONE_BUCKET.name;
}

/** A lens's name, for headings and footnotes. */
export function basisLabel(basis: Basis): string {
  return basis === "framework" ? "Framework (inferred: what the model is for)" : "Weight files (Hub tags)";
}

/** SQL condition selecting one lens's rows of a rollup table (`col` is its framework_mask column). */
export function basisWhere(basis: Basis, col = "framework_mask"): string {
  return basis === "framework" ? `${col} >= ${FRAMEWORK_BASIS_BIT}` : `${col} < ${FRAMEWORK_BASIS_BIT}`;
}

/** rollup_top_models.framework of a lens's id ("all" and the tag lens's ids are stored bare). */
export function topModelsKey(basis: Basis, id: string): string {
  return basis === "framework" && id !== "all" ? `framework:${id}` : id;
}
