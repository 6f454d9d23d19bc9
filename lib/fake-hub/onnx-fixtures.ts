/**
 * ONNX repos for the in-browser runner's tests, demo and benchmark, mounted into the fake Hub
 * beside the TF.js ones (runner-fixtures.ts): graphs written by onnx-encode.ts with weights chosen
 * so the outputs can be derived by hand, the side files real repos carry (config.json with
 * id2label, preprocessor_config.json, tokenizer.json), and broken and oversize variants.
 *
 *   onnx-image    pixel_values [1, 3, 8, 8] -> logits = 2 * mean colour (normalized) + [0, 0.1, 0.2]
 *                 a red picture: mean (1, -1, -1) -> logits [2, -1.9, -1.8], top label "red"
 *   onnx-text     input_ids -> logits = mean of 2-d token embeddings ("good"/"great" (0, 3),
 *                 "bad"/"terrible" (3, 0), others (0, 0)); "this movie is good" -> [0, 0.75] POSITIVE
 *   onnx-embed    the same graph as a sentence-similarity model: "this movie is good" vs "this film is bad"
 *                 -> embeddings (0, 0.75) and (0.75, 0), cosine 0
 *   onnx-tabular  a regression on 3 numbers (y = x . w), tensor editor, never "class N"
 *   onnx-broken   a .onnx file that is not protobuf (load-failed)
 *   onnx-oversize the image graph with 1.2 MB of unused weights (asks first under a 1 MB limit)
 */
import { encodeOnnxModel, ONNX_FLOAT, ONNX_INT64, type OnnxGraph } from "./onnx-encode";
import type { MountedFile, MountedRepo } from "./types";

export const ONNX_FIXTURE_AUTHOR = "onnx-fixtures";

export interface OnnxFixture {
  name: string;
  repo: MountedRepo;
  task: string | null;
  inputKind: "image" | "text" | "tensor";
  /** The .onnx file's size: what /try shows and the size limit applies to. */
  weightBytes: number;
  expected?: {
    input: { image: "red" | "green" | "blue" } | { texts: string[] } | { values: number[][] };
    /** The first output, flattened. */
    output: number[];
    topLabel?: string;
    /** The tokens the tokenizer makes of the first text. */
    tokens?: string[];
    similarity?: number;
  };
  error?: string;
}

const VOCAB = ["[PAD]", "[UNK]", "this", "movie", "film", "is", "good", "great", "bad", "terrible", "a", "not"];
const EMBED: Record<string, [number, number]> = { good: [0, 3], great: [0, 3], bad: [3, 0], terrible: [3, 0] };

/** A BERT-style WordPiece tokenizer.json over VOCAB (lower-cased, split on whitespace and punctuation). */
export function tinyTokenizerJson(): object {
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [
      { id: 0, content: "[PAD]", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
      { id: 1, content: "[UNK]", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    ],
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: null,
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100,
      vocab: Object.fromEntries(VOCAB.map((w, k) => [w, k])),
    },
  };
}

function textGraph(output: string): OnnxGraph {
  return {
    name: "tiny_text",
    nodes: [
      { op: "Gather", inputs: ["embeddings", "input_ids"], outputs: ["token_vectors"], attrs: [{ name: "axis", int: 0 }] },
      { op: "ReduceMean", inputs: ["token_vectors"], outputs: [output], attrs: [{ name: "axes", ints: [1] }, { name: "keepdims", int: 0 }] },
    ],
    initializers: [{ name: "embeddings", dims: [VOCAB.length, 2], values: VOCAB.flatMap((w) => EMBED[w] ?? [0, 0]) }],
    inputs: [
      { name: "input_ids", elemType: ONNX_INT64, dims: ["batch", "sequence"] },
      { name: "attention_mask", elemType: ONNX_INT64, dims: ["batch", "sequence"] },
    ],
    outputs: [{ name: output, elemType: ONNX_FLOAT, dims: ["batch", 2] }],
  };
}

function imageGraph(extraBytes = 0): OnnxGraph {
  const initializers = [
    { name: "W", dims: [3, 3], values: [2, 0, 0, 0, 2, 0, 0, 0, 2] },
    { name: "B", dims: [3], values: [0, 0.1, 0.2] },
  ];
  // Weights no node uses: the oversize variant's bulk (what a big real model's file size is made of).
  if (extraBytes > 0) initializers.push({ name: "unused_bulk", dims: [extraBytes / 4], values: new Array<number>(extraBytes / 4).fill(0.5) });
  return {
    name: "tiny_image",
    nodes: [
      { op: "GlobalAveragePool", inputs: ["pixel_values"], outputs: ["pooled"] },
      { op: "Flatten", inputs: ["pooled"], outputs: ["flat"], attrs: [{ name: "axis", int: 1 }] },
      { op: "MatMul", inputs: ["flat", "W"], outputs: ["scores"] },
      { op: "Add", inputs: ["scores", "B"], outputs: ["logits"] },
    ],
    initializers,
    inputs: [{ name: "pixel_values", elemType: ONNX_FLOAT, dims: ["batch", 3, 8, 8] }],
    outputs: [{ name: "logits", elemType: ONNX_FLOAT, dims: ["batch", 3] }],
  };
}

function tabularGraph(): OnnxGraph {
  return {
    name: "tiny_regression",
    nodes: [{ op: "MatMul", inputs: ["features", "w"], outputs: ["prediction"] }],
    initializers: [{ name: "w", dims: [3, 1], values: [1, 2, 3] }],
    inputs: [{ name: "features", elemType: ONNX_FLOAT, dims: [1, 3] }],
    outputs: [{ name: "prediction", elemType: ONNX_FLOAT, dims: [1, 1] }],
  };
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2));
const card = (title: string, tags: string[]) => Buffer.from(`---\ntags:\n${tags.map((t) => `- ${t}`).join("\n")}\n---\n\n# ${title}\n`);

function repo(name: string, task: string | null, files: MountedFile[], extra: Partial<MountedRepo> = {}): MountedRepo {
  const tags = ["onnx", ...(extra.tags ?? [])];
  return {
    id: `${ONNX_FIXTURE_AUTHOR}/${name}`, ...(task ? { pipeline_tag: task } : {}), library_name: "transformers.js", ...extra, tags,
    files: [{ path: "README.md", bytes: card(name, tags) }, ...files],
  };
}

const IMAGE_SIDE: MountedFile[] = [
  { path: "config.json", bytes: json({ model_type: "tiny-image", id2label: { 0: "red", 1: "green", 2: "blue" } }) },
  { path: "preprocessor_config.json", bytes: json({ do_resize: true, size: { height: 8, width: 8 }, do_rescale: true, rescale_factor: 1 / 255, do_normalize: true, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] }) },
];

function textSide(labels: Record<number, string> | null): MountedFile[] {
  return [
    { path: "tokenizer.json", bytes: json(tinyTokenizerJson()) },
    { path: "tokenizer_config.json", bytes: json({ do_lower_case: true, model_max_length: 128, unk_token: "[UNK]", pad_token: "[PAD]" }) },
    { path: "config.json", bytes: json({ model_type: "tiny-text", ...(labels ? { id2label: labels } : {}) }) },
  ];
}

export function buildOnnxFixtures(): OnnxFixture[] {
  const image = encodeOnnxModel(imageGraph());
  const text = encodeOnnxModel(textGraph("logits"));
  const embed = encodeOnnxModel(textGraph("sentence_embedding"));
  const tabular = encodeOnnxModel(tabularGraph());
  const oversize = encodeOnnxModel(imageGraph(1_200_000));
  const broken = Buffer.from("this is not an ONNX protobuf, whatever its name says\n".repeat(4));
  return [
    {
      name: "onnx-image", task: "image-classification", inputKind: "image", weightBytes: image.length,
      repo: repo("onnx-image", "image-classification", [{ path: "onnx/model.onnx", bytes: image }, ...IMAGE_SIDE]),
      expected: { input: { image: "red" }, output: [2, -1.9, -1.8], topLabel: "red" },
    },
    {
      name: "onnx-text", task: "text-classification", inputKind: "text", weightBytes: text.length,
      repo: repo("onnx-text", "text-classification", [{ path: "onnx/model.onnx", bytes: text }, ...textSide({ 0: "NEGATIVE", 1: "POSITIVE" })]),
      expected: { input: { texts: ["This movie is GOOD"] }, output: [0, 0.75], topLabel: "POSITIVE", tokens: ["this", "movie", "is", "good"] },
    },
    {
      name: "onnx-embed", task: "sentence-similarity", inputKind: "text", weightBytes: embed.length,
      repo: repo("onnx-embed", "sentence-similarity", [{ path: "onnx/model.onnx", bytes: embed }, ...textSide(null)]),
      expected: { input: { texts: ["this movie is good", "this film is bad"] }, output: [0, 0.75], similarity: 0 },
    },
    {
      name: "onnx-tabular", task: "tabular-regression", inputKind: "tensor", weightBytes: tabular.length,
      repo: repo("onnx-tabular", "tabular-regression", [{ path: "model.onnx", bytes: tabular }], { library_name: "onnx" }),
      expected: { input: { values: [[1, 1, 1]] }, output: [6] },
    },
    {
      name: "onnx-broken", task: "image-classification", inputKind: "tensor", weightBytes: broken.length,
      repo: repo("onnx-broken", "image-classification", [{ path: "model.onnx", bytes: broken }], { library_name: "onnx" }),
      error: "load-failed",
    },
    {
      name: "onnx-oversize", task: "image-classification", inputKind: "image", weightBytes: oversize.length,
      repo: repo("onnx-oversize", "image-classification", [{ path: "onnx/model.onnx", bytes: oversize }, ...IMAGE_SIDE]),
      expected: { input: { image: "red" }, output: [2, -1.9, -1.8], topLabel: "red" },
    },
  ];
}

/**
 * A MobileNet v1-sized ONNX model for the benchmark (beside the TF.js one of runner-fixtures.ts):
 * 4.25M float32 parameters (17 MB), a [1, 3, 224, 224] picture in, 1,000 classes out, through four
 * strided 3x3 convolutions, global pooling and two dense layers. Seeded random weights: only its
 * size and shape matter.
 */
export function buildOnnxMobilenetSized(): { repo: MountedRepo; weightBytes: number } {
  let x = 0x9e3779b9;
  const rand = (n: number, scale: number) => {
    const out = new Array<number>(n);
    for (let k = 0; k < n; k++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[k] = (((x >>> 0) / 4294967296) * 2 - 1) * scale;
    }
    return out;
  };
  const convs = [[3, 32], [32, 64], [64, 128], [128, 256]];
  const nodes: OnnxGraph["nodes"] = [];
  const initializers: OnnxGraph["initializers"] = [];
  let prev = "pixel_values";
  convs.forEach(([cin, cout], k) => {
    initializers.push({ name: `conv${k}.w`, dims: [cout, cin, 3, 3], values: rand(cout * cin * 9, 0.1) }, { name: `conv${k}.b`, dims: [cout], values: rand(cout, 0.01) });
    nodes.push(
      { op: "Conv", inputs: [prev, `conv${k}.w`, `conv${k}.b`], outputs: [`conv${k}`], attrs: [{ name: "kernel_shape", ints: [3, 3] }, { name: "strides", ints: [2, 2] }, { name: "pads", ints: [1, 1, 1, 1] }] },
      { op: "Relu", inputs: [`conv${k}`], outputs: [`relu${k}`] },
    );
    prev = `relu${k}`;
  });
  initializers.push(
    { name: "fc1.w", dims: [256, 3072], values: rand(256 * 3072, 0.05) }, { name: "fc1.b", dims: [3072], values: rand(3072, 0.01) },
    { name: "fc2.w", dims: [3072, 1000], values: rand(3072 * 1000, 0.02) }, { name: "fc2.b", dims: [1000], values: rand(1000, 0.01) },
  );
  nodes.push(
    { op: "GlobalAveragePool", inputs: [prev], outputs: ["pooled"] },
    { op: "Flatten", inputs: ["pooled"], outputs: ["flat"], attrs: [{ name: "axis", int: 1 }] },
    { op: "Gemm", inputs: ["flat", "fc1.w", "fc1.b"], outputs: ["fc1"] },
    { op: "Relu", inputs: ["fc1"], outputs: ["fc1r"] },
    { op: "Gemm", inputs: ["fc1r", "fc2.w", "fc2.b"], outputs: ["logits"] },
  );
  const bytes = encodeOnnxModel({
    name: "mobilenet_sized", nodes, initializers,
    inputs: [{ name: "pixel_values", elemType: ONNX_FLOAT, dims: [1, 3, 224, 224] }],
    outputs: [{ name: "logits", elemType: ONNX_FLOAT, dims: [1, 1000] }],
  });
  const labels = Object.fromEntries(Array.from({ length: 1000 }, (_, k) => [k, `class ${k}`]));
  return {
    repo: repo("mobilenet-sized-onnx", "image-classification", [
      { path: "onnx/model.onnx", bytes },
      { path: "config.json", bytes: json({ model_type: "mobilenet-sized", id2label: labels }) },
      { path: "preprocessor_config.json", bytes: json({ size: { height: 224, width: 224 }, rescale_factor: 1 / 255, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] }) },
    ]),
    weightBytes: bytes.length,
  };
}
