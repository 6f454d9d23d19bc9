/**
 * The fake Hub's two framework truths per repo (kept out of the API; tests read them through
 * `truth()`): the framework the generator MEANT when it made the repo, and the framework(s) its
 * tags and library_name ALLOW one to tell (docs/methodology.md). Written from the generator's side,
 * independently of lib/frameworks/rules.ts, so that tests hold the product's inference to it.
 *
 * Intended: a repo of a PyTorch library is a PyTorch repo whatever its tags; a repo with TF / JAX /
 * ONNX / ... weight files is also meant for those; a custom-code repo with no library is meant for
 * PyTorch (most are) although nothing in its listing says so.
 * Attributed: what the listing shows: every weight-file tag of a framework, the library when it is
 * built on one framework (a PyTorch library's safetensors count as PyTorch unless the repo carries
 * the `mlx` tag; a library never overrides other frameworks' weight tags), else nothing (Undetermined).
 * TF.js repos are TensorFlow only once the files pass confirms them: the truth assumes no files pass.
 */

/** Weight-format tag -> the framework it belongs to (safetensors: none, it is a format). */
const TAG_FRAMEWORK: Record<string, string> = {
  pytorch: "pytorch", tf: "tensorflow", tflite: "tensorflow", "tf-keras": "tensorflow", jax: "jax", rust: "rust",
  coreml: "coreml", onnx: "onnx", gguf: "gguf", keras: "keras", openvino: "openvino", mlx: "mlx", "transformers.js": "onnx",
};

/** Libraries the generator uses, and the framework each is built on (absent: unknown to anyone). */
const LIBRARY_FRAMEWORK: Record<string, string> = {
  transformers: "pytorch", "sentence-transformers": "pytorch", diffusers: "pytorch", peft: "pytorch", timm: "pytorch",
  "stable-baselines3": "pytorch", "sample-factory": "pytorch", fastai: "pytorch", open_clip: "pytorch", speechbrain: "pytorch",
  nemo: "pytorch", mlx: "mlx", "mlx-lm": "mlx", keras: "keras", "tf-keras": "tensorflow", gguf: "gguf",
  "transformers.js": "onnx", "ml-agents": "onnx",
};

/** Kinds and the framework the generator means by them. */
const KIND_FRAMEWORK: Record<string, string | null> = {
  transformers: "pytorch", "sentence-transformers": "pytorch", diffusers: "pytorch", peft: "pytorch", timm: "pytorch",
  gguf: "gguf", mlx: "mlx", onnx: "onnx", "transformers.js": "onnx", tfjs: "tensorflow",
  empty: null, "lone-model-json": null, mounted: null,
};

/** The order frameworks are listed in (the product's framework lens). */
export const TRUTH_FRAMEWORKS = ["pytorch", "tensorflow", "jax", "keras", "mlx", "gguf", "onnx", "coreml", "openvino", "paddlepaddle", "rust"];

const order = (s: Set<string>) => TRUTH_FRAMEWORKS.filter((f) => s.has(f));

export interface FrameworkTruth {
  /** What the generator meant ([] = nothing: an empty repo). */
  intended: string[];
  /** What its tags and library allow ([] = Undetermined). */
  attributed: string[];
}

export function frameworkTruth(kind: string, library: string | undefined, tags: readonly string[]): FrameworkTruth {
  const weightTags = tags.filter((t) => t in TAG_FRAMEWORK || t === "safetensors");
  const libFw = library !== undefined ? LIBRARY_FRAMEWORK[library] : undefined;
  const fromTags = new Set(weightTags.filter((t) => t in TAG_FRAMEWORK).map((t) => TAG_FRAMEWORK[t]));
  // A library's tag (keras, gguf, mlx, ...) is a weight tag too; it counts as the library, not as other frameworks'.
  const othersOnly = [...fromTags].some((f) => f !== libFw) && !fromTags.has(libFw ?? "");
  const attributed = new Set(fromTags);
  if (libFw === "pytorch") {
    const safetensors = weightTags.includes("safetensors") && !tags.includes("mlx");
    if (safetensors || weightTags.length === 0) attributed.add("pytorch");
  } else if (libFw && !othersOnly) attributed.add(libFw);

  const intended = new Set(fromTags);
  const meant = kind in KIND_FRAMEWORK ? KIND_FRAMEWORK[kind] : (libFw ?? (kind === "keras" ? "keras" : "pytorch"));
  if (meant) intended.add(meant);
  if (kind === "tfjs") intended.delete("onnx");
  return { intended: order(intended), attributed: order(attributed) };
}
