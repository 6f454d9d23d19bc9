/**
 * The framework a model is FOR: one ordered, reviewable table of rules (docs/methodology.md).
 *
 * The Hub's framework tags describe weight files (`pytorch` = a pytorch_model.bin / .pt). Since
 * 2023 most PyTorch libraries save *.safetensors, which gets the `safetensors` tag and no `pytorch`
 * tag; transformers removed TensorFlow and JAX in v5, diffusers deprecated Flax. So a safetensors
 * checkpoint saved by a PyTorch library is a PyTorch checkpoint, and the tags alone undercount
 * PyTorch by an order of magnitude.
 *
 * Rules read a model's tag mask (lib/frameworks/config.ts: the format tags, with the bits its
 * library_name adds) and its library_name, nothing else: so the framework lens of any figure
 * keyed by (tag mask, library) can be derived from it, past crawls' rollups included.
 *
 * A model counts for every framework some rule gives it; the first rule (in table order) that
 * gives a framework is the one the model page names. No rule = Undetermined.
 *
 * Changing this file changes RULES_VERSION: databases are reclassified on the next start or
 * migrate (lib/crawl/reclassify.ts ensureClassified) and by `npm run db:reclassify`.
 */
import { FRAMEWORKS } from "./config";
import { FRAMEWORK_LENS } from "./lenses";

const tagBit = (id: string) => 2 ** FRAMEWORKS.find((f) => f.id === id)!.bit;
const fwBit = (id: string) => FRAMEWORK_LENS.find((f) => f.id === id)!.bit;

/** Every bit of the tag lens is a weight-format tag; safetensors is the neutral one. */
const ALL_FORMATS = FRAMEWORKS.reduce((m, f) => m | (2 ** f.bit), 0);
const SAFETENSORS = tagBit("safetensors");
const MLX = tagBit("mlx");

export type Rule =
  /** A format tag attributes its framework. */
  | { id: string; framework: string; kind: "format"; tags: string[]; reason: string }
  /**
   * A library built on one framework attributes it. `pytorch-safetensors`: the library's
   * safetensors count as PyTorch unless the mlx tag is there. `pytorch-untagged` / `untagged`: the
   * repo has no format tag at all (for non-PyTorch libraries, safetensors is allowed: MLX, Keras 3
   * save it too). A library never overrides the format tags of other frameworks.
   */
  | { id: string; framework: string; kind: "pytorch-safetensors" | "pytorch-untagged" | "untagged"; libraries: string[]; reason: string };

/** Libraries whose checkpoints are PyTorch (transformers v5 is PyTorch-only; diffusers deprecated Flax). */
export const PYTORCH_LIBRARIES = [
  "transformers", "diffusers", "peft", "sentence-transformers", "timm", "lerobot", "open_clip", "pyannote-audio",
  "speechbrain", "nemo", "setfit", "span-marker", "gliner", "flair", "ultralytics", "stable-baselines3", "vllm",
  "sglang", "pylate", "colpali",
  // Additions a real 2026 listing needs (each a PyTorch codebase):
  "diffusion-single-file", "nanochat", "fastai", "espnet", "adapter-transformers", "allennlp", "fairseq", "asteroid",
  "stanza", "sample-factory", "pytorch", "torch", "bertopic", "unsloth", "f5-tts", "chronos-forecasting",
];

export const RULES: readonly Rule[] = [
  { id: "tag-pytorch", framework: "pytorch", kind: "format", tags: ["pytorch"], reason: "`pytorch` tag: the repo has .bin / .pt PyTorch weights" },
  { id: "tag-tf", framework: "tensorflow", kind: "format", tags: ["tensorflow"], reason: "`tf` / `tensorflow` tag: TensorFlow .h5 or SavedModel weights" },
  { id: "tag-tf-keras", framework: "tensorflow", kind: "format", tags: ["tf-keras"], reason: "`tf-keras` tag or library: Keras 2 on TensorFlow" },
  { id: "tag-tflite", framework: "tensorflow", kind: "format", tags: ["tflite"], reason: "`tflite` tag: a TensorFlow Lite model" },
  { id: "tag-tfjs", framework: "tensorflow", kind: "format", tags: ["tfjs"], reason: "TF.js model confirmed by its files (model.json with weight shards)" },
  { id: "tag-jax", framework: "jax", kind: "format", tags: ["jax"], reason: "`jax` / `flax` tag: Flax weights" },
  { id: "tag-keras", framework: "keras", kind: "format", tags: ["keras"], reason: "`keras` tag or library: Keras 3" },
  { id: "tag-mlx", framework: "mlx", kind: "format", tags: ["mlx"], reason: "`mlx` tag or library: Apple MLX weights" },
  { id: "tag-gguf", framework: "gguf", kind: "format", tags: ["gguf"], reason: "`gguf` tag: GGUF files for llama.cpp and friends" },
  { id: "tag-onnx", framework: "onnx", kind: "format", tags: ["onnx"], reason: "`onnx` tag or library: .onnx files" },
  { id: "tag-transformers-js", framework: "onnx", kind: "format", tags: ["transformers.js"], reason: "`transformers.js` tag or library: ONNX weights for the browser" },
  { id: "tag-coreml", framework: "coreml", kind: "format", tags: ["coreml"], reason: "`coreml` tag or library: Core ML files" },
  { id: "tag-openvino", framework: "openvino", kind: "format", tags: ["openvino"], reason: "`openvino` tag or library: OpenVINO IR files" },
  { id: "tag-paddle", framework: "paddlepaddle", kind: "format", tags: ["paddlepaddle"], reason: "`paddlepaddle` / `paddle` tag, or a Paddle library" },
  { id: "tag-rust", framework: "rust", kind: "format", tags: ["rust"], reason: "`rust` / `candle` tag: rust_model.ot or Candle weights" },
  {
    id: "lib-pytorch-safetensors", framework: "pytorch", kind: "pytorch-safetensors", libraries: PYTORCH_LIBRARIES,
    reason: "a PyTorch library (transformers, diffusers, peft, ...) with safetensors weights and no `mlx` tag",
  },
  {
    id: "lib-pytorch-untagged", framework: "pytorch", kind: "pytorch-untagged", libraries: PYTORCH_LIBRARIES,
    reason: "a PyTorch library with no weight-format tag (adapters, custom code, weights the Hub did not tag)",
  },
  { id: "lib-mlx", framework: "mlx", kind: "untagged", libraries: ["mlx", "mlx-lm", "mlx-vlm", "mlx-audio", "mlx-image"], reason: "an MLX library (its safetensors are MLX weights)" },
  { id: "lib-keras", framework: "keras", kind: "untagged", libraries: ["keras", "keras-hub", "keras-nlp"], reason: "a Keras 3 library" },
  { id: "lib-tf-keras", framework: "tensorflow", kind: "untagged", libraries: ["tf-keras", "tensorflow", "tf", "tflite", "tensorflowtts"], reason: "a TensorFlow library (TensorFlowTTS; the others also set a tag)" },
  { id: "lib-gguf", framework: "gguf", kind: "untagged", libraries: ["llama.cpp", "gguf", "llama-cpp-python", "ollama"], reason: "a GGUF runtime library (llama.cpp and friends)" },
  { id: "lib-onnx", framework: "onnx", kind: "untagged", libraries: ["transformers.js", "onnx", "onnxruntime", "ml-agents", "unity-sentis"], reason: "an ONNX runtime library (transformers.js, onnxruntime; Unity ML-Agents exports ONNX)" },
  { id: "lib-jax", framework: "jax", kind: "untagged", libraries: ["jax", "flax", "t5x", "maxtext"], reason: "a JAX library (t5x, MaxText; jax and flax also set a tag)" },
  { id: "lib-paddle", framework: "paddlepaddle", kind: "untagged", libraries: ["paddlepaddle", "paddlenlp", "paddleocr"], reason: "a PaddlePaddle library" },
];

/** Bumped by hand for a change of meaning the table's text does not show (e.g. in attribute()). */
const ENGINE_VERSION = 3; // 2: author cohort rollups hold the framework lens; 3: and the per-crawl author rows

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Changes whenever a rule, a library list or a bit changes: stored rollups are then rebuilt. */
export const RULES_VERSION = `${ENGINE_VERSION}-${hash(JSON.stringify([RULES, FRAMEWORK_LENS.map((f) => [f.id, f.bit]), FRAMEWORKS.map((f) => [f.id, f.bit])]))}`;

interface CompiledRule {
  rule: Rule;
  bit: number;
  tagBits: number;
  libs: Set<string>;
}

function compile(rules: readonly Rule[]): CompiledRule[] {
  return rules.map((rule) => ({
    rule,
    bit: fwBit(rule.framework),
    tagBits: rule.kind === "format" ? rule.tags.reduce((m, t) => m | tagBit(t), 0) : 0,
    libs: new Set(rule.kind === "format" ? [] : rule.libraries.map((l) => l.toLowerCase())),
  }));
}

const COMPILED = compile(RULES);

function matches(c: CompiledRule, tagMask: number, lib: string): boolean {
  const r = c.rule;
  if (r.kind === "format") return (tagMask & c.tagBits) !== 0;
  if (!c.libs.has(lib)) return false;
  const formats = tagMask & ALL_FORMATS;
  if (r.kind === "pytorch-safetensors") return (formats & SAFETENSORS) !== 0 && (formats & MLX) === 0;
  if (r.kind === "pytorch-untagged") return formats === 0;
  return (formats & ~SAFETENSORS) === 0;
}

export interface Attribution {
  /** Framework-lens mask (lib/frameworks/lenses.ts bits); 0 = Undetermined. */
  mask: number;
  /** Per framework id given, the id of the first rule that gave it. */
  rules: Record<string, string>;
}

function run(compiled: readonly CompiledRule[], tagMask: number, lib: string): Attribution {
  const a: Attribution = { mask: 0, rules: {} };
  for (const c of compiled) {
    if ((a.mask & c.bit) !== 0 || !matches(c, tagMask, lib)) continue;
    a.mask |= c.bit;
    a.rules[c.rule.framework] = c.rule.id;
  }
  return a;
}

/** An attribution function for another rule table (tests mutate the table with it). */
export function attributorOf(rules: readonly Rule[]): (tagMask: number, libraryName: string | null | undefined) => Attribution {
  const compiled = compile(rules);
  return (tagMask, libraryName) => run(compiled, tagMask, (libraryName ?? "").toLowerCase());
}

const memo = new Map<string, Attribution>();

/** The frameworks a model is for, from its tag mask and library_name (memoized: few distinct pairs). */
export function attribute(tagMask: number, libraryName: string | null | undefined): Attribution {
  const lib = (libraryName ?? "").toLowerCase();
  const k = `${tagMask}|${lib}`;
  let a = memo.get(k);
  if (a) return a;
  a = run(COMPILED, tagMask, lib);
  if (memo.size > 100_000) memo.clear();
  memo.set(k, a);
  return a;
}

export function attributeMask(tagMask: number, libraryName: string | null | undefined): number {
  return attribute(tagMask, libraryName).mask;
}

/** Every rule that matches (not only the first per framework): the methodology page's counts. */
export function matchingRules(tagMask: number, libraryName: string | null | undefined): string[] {
  const lib = (libraryName ?? "").toLowerCase();
  return COMPILED.filter((c) => matches(c, tagMask, lib)).map((c) => c.rule.id);
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

const sqlList = (libs: Set<string>) => [...libs].map((l) => `'${l.replace(/'/g, "''")}'`).join(", ");

/**
 * attributeMask() as one SQL expression over a models row (`mask`, `lib` are column expressions):
 * the paths that read models through an index (the author filter) use it. Rule values are
 * constants of this file, safe to inline.
 */
export function attributeSql(mask: string, lib: string): string {
  const l = `lower(COALESCE(${lib}, ''))`;
  const byFw = new Map<number, string[]>();
  for (const c of COMPILED) {
    const r = c.rule;
    let cond: string;
    if (r.kind === "format") cond = `(${mask} & ${c.tagBits}) != 0`;
    else {
      const fm = `(${mask} & ${ALL_FORMATS})`;
      const rest =
        r.kind === "pytorch-safetensors" ? `(${fm} & ${SAFETENSORS}) != 0 AND (${fm} & ${MLX}) = 0`
          : r.kind === "pytorch-untagged" ? `${fm} = 0`
            : `(${fm} & ${ALL_FORMATS & ~SAFETENSORS}) = 0`;
      cond = `${l} IN (${sqlList(c.libs)}) AND ${rest}`;
    }
    byFw.set(c.bit, [...(byFw.get(c.bit) ?? []), `(${cond})`]);
  }
  return `(${[...byFw].map(([bit, conds]) => `(CASE WHEN ${conds.join(" OR ")} THEN ${bit} ELSE 0 END)`).join(" | ")})`;
}

export interface Why {
  framework: string;
  rule: string;
  /** "library transformers with safetensors weights", "the `gguf` tag". */
  because: string;
}

/** Why a model counts for each framework (the model page): the first rule per framework, in words. */
export function explainAttribution(tagMask: number, libraryName: string | null | undefined): Why[] {
  const a = attribute(tagMask, libraryName);
  return FRAMEWORK_LENS.filter((f) => a.rules[f.id]).map((f) => {
    const r = ruleById(a.rules[f.id])!;
    const lib = `library ${libraryName ?? ""}`;
    const because =
      r.kind === "format" ? r.reason
        : r.kind === "pytorch-safetensors" ? `${lib} (built on PyTorch) with safetensors weights`
          : r.kind === "pytorch-untagged" ? `${lib} (built on PyTorch), no weight-format tag`
            : `${lib}: ${r.reason}`;
    return { framework: f.id, rule: r.id, because };
  });
}
