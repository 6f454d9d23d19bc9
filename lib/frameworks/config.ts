/**
 * The frameworks and weight formats hf-trends tracks: the one reviewable list.
 *
 * Rules of this file (they protect stored data, see docs/decisions.md):
 * - `bit` is the framework's position in `models.framework_mask`. A bit is never reused or
 *   renumbered: a retired framework keeps its bit, commented out. New frameworks take the next bit.
 * - Changing `tags`, `libraryNames` or `filePatterns` changes what future crawls store; run
 *   `npm run db:reclassify` to reclassify the stored models and rebuild the rollups.
 * - `color` is fixed per framework and used everywhere (charts, chips, table dots), in light and dark
 *   themes. The palette is Okabe-Ito / Tableau 10 based so that the pairs people compare most
 *   (PyTorch vs TensorFlow vs JAX) never look alike: TensorFlow is blue here although its brand is
 *   orange, because PyTorch (also orange-red by brand) owns the warm hue.
 *
 * Matching is exact and case-insensitive on Hub tags and `library_name` values (the Hub lowercases
 * library tags). File patterns apply only where a model's file list is known (the tfjs second pass,
 * single-model lookups); full crawls do not expand siblings for the whole Hub.
 */
export interface FrameworkDef {
  /** Stable id used in URLs, APIs and exports. Never renamed. */
  id: string;
  /** Position in the framework bitmask (0..52, kept inside a JS safe integer). Never reused. */
  bit: number;
  name: string;
  /** Hex colour, the same in every theme. */
  color: string;
  /** Hub tags that identify the framework (exact match, case-insensitive). */
  tags: string[];
  /** `library_name` values that identify it. */
  libraryNames: string[];
  /** File name patterns (matched against the repo-relative path) that identify it, where files are known. */
  filePatterns: RegExp[];
  /**
   * When true, tags and library_name only make a model a *candidate*; the bit is set only once the
   * repo's files confirm it (tfjs: a model.json with weight shards beside it). Counts are then
   * labelled "detected".
   */
  confirmedByFiles?: boolean;
  /** One line for the methodology page and chart footnotes. */
  note: string;
}

export const FRAMEWORKS: readonly FrameworkDef[] = [
  {
    id: "pytorch", bit: 0, name: "PyTorch", color: "#D55E00",
    tags: ["pytorch"], libraryNames: ["pytorch"],
    filePatterns: [/(^|\/)pytorch_model[^/]*\.bin$/, /\.pth?$/],
    note: "Tag `pytorch`, set by the Hub when a pytorch_model.bin (or similar) is uploaded.",
  },
  {
    id: "tensorflow", bit: 1, name: "TensorFlow", color: "#0072B2",
    tags: ["tf", "tensorflow"], libraryNames: ["tensorflow", "tf"],
    filePatterns: [/(^|\/)tf_model[^/]*\.h5$/, /(^|\/)saved_model\.pbt?x?t?$/],
    note: "Tag `tf` (TensorFlow / Keras 2 .h5 weights, SavedModel).",
  },
  {
    id: "jax", bit: 2, name: "JAX / Flax", color: "#009E73",
    tags: ["jax", "flax"], libraryNames: ["jax", "flax"],
    filePatterns: [/(^|\/)flax_model[^/]*\.msgpack$/],
    note: "Tags `jax` or `flax` (flax_model.msgpack weights).",
  },
  {
    id: "keras", bit: 3, name: "Keras", color: "#CC79A7",
    tags: ["keras"], libraryNames: ["keras"],
    filePatterns: [/\.keras$/],
    note: "Tag or library `keras` (Keras 3, .keras files).",
  },
  {
    id: "tf-keras", bit: 4, name: "tf-keras", color: "#882255",
    tags: ["tf-keras"], libraryNames: ["tf-keras"],
    filePatterns: [],
    note: "Tag or library `tf-keras` (legacy Keras 2 on TensorFlow, saved_model.pb).",
  },
  {
    id: "onnx", bit: 5, name: "ONNX", color: "#56B4E9",
    tags: ["onnx"], libraryNames: ["onnx"],
    filePatterns: [/\.onnx$/],
    note: "Tag or library `onnx` (.onnx files).",
  },
  {
    id: "safetensors", bit: 6, name: "safetensors", color: "#E69F00",
    tags: ["safetensors"], libraryNames: [],
    filePatterns: [/\.safetensors$/],
    note: "Tag `safetensors` (a weight format used by PyTorch, JAX and others; common from 2022).",
  },
  {
    id: "gguf", bit: 7, name: "GGUF", color: "#4E79A7",
    tags: ["gguf"], libraryNames: ["gguf"],
    filePatterns: [/\.gguf$/],
    note: "Tag `gguf` (llama.cpp format; the Hub counts every GGUF file download).",
  },
  {
    id: "mlx", bit: 8, name: "MLX", color: "#9467BD",
    tags: ["mlx"], libraryNames: ["mlx"],
    filePatterns: [],
    note: "Tag or library `mlx` (from the model card; the Hub does not detect MLX from files).",
  },
  {
    id: "tflite", bit: 9, name: "TFLite", color: "#17BECF",
    tags: ["tflite"], libraryNames: ["tflite"],
    filePatterns: [/\.tflite$/],
    note: "Tag or library `tflite` (.tflite files).",
  },
  {
    id: "tfjs", bit: 10, name: "TensorFlow.js", color: "#F0E442",
    tags: ["tfjs", "tf.js", "tensorflowjs", "tensorflow.js"], libraryNames: ["tfjs", "tensorflowjs"],
    filePatterns: [/(^|\/)model\.json$/],
    confirmedByFiles: true,
    note:
      "Detected: the Hub has no automatic tfjs tag, so tagged candidates are confirmed by their files " +
      "(a model.json with weight shards beside it).",
  },
  {
    id: "transformers.js", bit: 11, name: "Transformers.js", color: "#B07AA1",
    tags: ["transformers.js"], libraryNames: ["transformers.js"],
    filePatterns: [],
    note: "Tag or library `transformers.js` (ONNX weights for the browser; not TensorFlow.js).",
  },
  {
    id: "openvino", bit: 12, name: "OpenVINO", color: "#6A3D9A",
    tags: ["openvino"], libraryNames: ["openvino"],
    filePatterns: [/(^|\/)openvino_model\.(xml|bin)$/],
    note: "Tag or library `openvino`.",
  },
  {
    id: "coreml", bit: 13, name: "Core ML", color: "#8C564B",
    tags: ["coreml"], libraryNames: ["coreml"],
    filePatterns: [/\.mlmodel$/, /\.mlpackage(\/|$)/],
    note: "Tag or library `coreml` (.mlmodel / .mlpackage).",
  },
  {
    id: "paddlepaddle", bit: 14, name: "PaddlePaddle", color: "#2CA02C",
    tags: ["paddlepaddle", "paddle"], libraryNames: ["paddlepaddle", "paddlenlp", "paddleocr"],
    filePatterns: [/\.pdparams$/, /\.pdmodel$/],
    note: "Tags `paddlepaddle` / `paddle`, libraries paddlepaddle, paddlenlp, paddleocr.",
  },
  {
    id: "rust", bit: 15, name: "Rust / Candle", color: "#BCBD22",
    tags: ["rust", "candle"], libraryNames: ["candle"],
    filePatterns: [/(^|\/)rust_model\.ot$/],
    note: "Tags `rust` (rust_model.ot, rust-bert) or `candle`.",
  },
];

/** The explicit bucket of models that carry no tracked framework at all (mask 0). */
export const NONE_BUCKET = { id: "none", name: "No framework tag", color: "#9E9E9E" } as const;
/** Models carrying at least one tracked framework, but none of those a chart shows. */
export const OTHER_BUCKET = { id: "other", name: "Other", color: "#BDBDBD" } as const;
