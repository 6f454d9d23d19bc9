import { describe, expect, test } from "vitest";
import { FRAMEWORKS, NONE_BUCKET, OTHER_BUCKET } from "../../lib/frameworks/config";
import { bitOf, classifyFiles, classifyTags, frameworksOfMask, hasTfjsWeights, maskOf, tfjsModelDirs } from "../../lib/frameworks/classify";

// Tag lists as the Hub returns them (shapes from real /api/models responses, see docs/hub-api.md §1.3, §2.1).
const BERT_BASE_UNCASED = ["transformers", "pytorch", "tf", "jax", "rust", "coreml", "onnx", "safetensors", "bert", "fill-mask", "exbert", "en", "dataset:wikipedia", "arxiv:1810.04805", "license:apache-2.0", "endpoints_compatible", "deploy:azure", "region:us"];
const DISTILGPT2_2022 = ["pytorch", "tf", "jax", "tflite", "rust", "gpt2", "text-generation", "en", "dataset:openwebtext", "transformers", "exbert", "license:apache-2.0"];
const KIMI_K2 = ["transformers", "safetensors", "kimi_k2", "text-generation", "conversational", "custom_code", "license:other", "autotrain_compatible", "endpoints_compatible", "compressed-tensors", "region:us"];
const GGUF_QWEN = ["gguf", "mtp"];
const MISTRAL_VLLM = ["vllm", "safetensors", "mistral", "text-generation", "transformers", "en", "fr", "license:apache-2.0", "text-generation-inference", "region:us"];

describe("framework config", () => {
  test("ids and bits are unique, bits fit the 32-bit ops classify uses", () => {
    expect(new Set(FRAMEWORKS.map((f) => f.id)).size).toBe(FRAMEWORKS.length);
    expect(new Set(FRAMEWORKS.map((f) => f.bit)).size).toBe(FRAMEWORKS.length);
    for (const f of FRAMEWORKS) {
      expect(f.bit).toBeGreaterThanOrEqual(0);
      expect(f.bit).toBeLessThan(31);
    }
  });

  test("colours are fixed hex, distinct, and PyTorch / TensorFlow are not both orange", () => {
    const colours = [...FRAMEWORKS.map((f) => f.color), NONE_BUCKET.color, OTHER_BUCKET.color];
    for (const c of colours) expect(c).toMatch(/^#[0-9A-F]{6}$/i);
    expect(new Set(colours.map((c) => c.toLowerCase())).size).toBe(colours.length);
    const hue = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
      const max = Math.max(r, g, b), min = Math.min(r, g, b), d = max - min;
      if (d === 0) return 0;
      const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
      return (h * 60 + 360) % 360;
    };
    const pt = hue(FRAMEWORKS.find((f) => f.id === "pytorch")!.color);
    const tf = hue(FRAMEWORKS.find((f) => f.id === "tensorflow")!.color);
    expect(Math.abs(pt - tf)).toBeGreaterThan(90);
  });

  test("covers the frameworks the product promises", () => {
    const ids = FRAMEWORKS.map((f) => f.id);
    for (const id of ["pytorch", "tensorflow", "jax", "keras", "tf-keras", "onnx", "safetensors", "gguf", "mlx", "tflite", "tfjs", "transformers.js", "openvino", "coreml", "paddlepaddle", "rust"]) {
      expect(ids).toContain(id);
    }
  });
});

describe("classifyTags on real tag lists", () => {
  test.each([
    ["bert-base-uncased", BERT_BASE_UNCASED, "transformers", ["pytorch", "tensorflow", "jax", "onnx", "safetensors", "coreml", "rust"]],
    ["distilgpt2 (2022)", DISTILGPT2_2022, "transformers", ["pytorch", "tensorflow", "jax", "tflite", "rust"]],
    ["Kimi-K2", KIMI_K2, "transformers", ["safetensors"]],
    ["a GGUF repo", GGUF_QWEN, "gguf", ["gguf"]],
    ["Mistral (vllm)", MISTRAL_VLLM, "vllm", ["safetensors"]],
    ["MLX from library_name only", ["text-generation"], "mlx", ["mlx"]],
    ["keras", ["keras", "image-classification"], "keras", ["keras"]],
    ["tf-keras", ["tf-keras"], "tf-keras", ["tf-keras"]],
    ["flax tag", ["flax"], undefined, ["jax"]],
    ["paddle", ["paddlepaddle"], "paddlenlp", ["paddlepaddle"]],
    ["openvino", ["openvino"], "openvino", ["openvino"]],
    ["transformers.js is not tfjs", ["transformers.js", "onnx"], "transformers.js", ["onnx", "transformers.js"]],
    ["no framework at all", ["license:mit", "en"], undefined, []],
    ["case-insensitive", ["PyTorch", "GGUF"], "MLX", ["pytorch", "gguf", "mlx"]],
  ])("%s", (_name, tags, library, expected) => {
    expect(frameworksOfMask(classifyTags(tags, library).mask).sort()).toEqual([...expected].sort());
  });

  test("tfjs tags only make a candidate: the bit needs files", () => {
    for (const [tags, lib] of [[["tfjs"], undefined], [["tf.js"], undefined], [["tensorflowjs"], undefined], [[], "tfjs"]] as const) {
      const r = classifyTags([...tags], lib);
      expect(r.mask & bitOf("tfjs")).toBe(0);
      expect(r.candidates).toBe(bitOf("tfjs"));
    }
  });

  test("the none bucket is mask 0", () => {
    expect(classifyTags([], undefined)).toEqual({ mask: 0, candidates: 0 });
    expect(classifyTags(undefined, null)).toEqual({ mask: 0, candidates: 0 });
  });

  test("maskOf / frameworksOfMask round-trip", () => {
    const ids = ["pytorch", "gguf", "tfjs"];
    expect(frameworksOfMask(maskOf(ids))).toEqual(ids);
    expect(() => bitOf("nope")).toThrow(/unknown framework/);
  });
});

describe("file evidence", () => {
  test("bert's files give its frameworks", () => {
    const files = [".gitattributes", "config.json", "coreml/fill-mask/float32_model.mlpackage/Data/com.apple.CoreML/model.mlmodel", "flax_model.msgpack", "model.onnx", "model.safetensors", "pytorch_model.bin", "rust_model.ot", "tf_model.h5", "vocab.txt"];
    expect(frameworksOfMask(classifyFiles(files)).sort()).toEqual(["coreml", "jax", "onnx", "pytorch", "rust", "safetensors", "tensorflow"].sort());
  });

  test.each([
    ["converter output at the root", ["model.json", "group1-shard1of2.bin", "group1-shard2of2.bin"], [""]],
    ["in a sub-folder", ["README.md", "keras_model_web_model/model.json", "keras_model_web_model/group1-shard1of1.bin"], ["keras_model_web_model/"]],
    ["HF demo shard names without .bin", ["model.json", "group1-shard1of1"], [""]],
    ["hand-made weights.bin", ["model.json", "weights.bin"], [""]],
    ["a lone model.json is not tfjs", ["model.json", "README.md"], []],
    ["shards in another folder do not count", ["a/model.json", "b/group1-shard1of1.bin"], []],
    ["pytorch_model.bin beside a config-like model.json is not tfjs", ["model.json", "pytorch_model.bin"], []],
    ["transformers.js onnx layout", ["onnx/model.onnx", "config.json", "tokenizer.json"], []],
  ])("tfjs: %s", (_n, files, dirs) => {
    expect(tfjsModelDirs(files)).toEqual(dirs);
    expect(hasTfjsWeights(files)).toBe(dirs.length > 0);
  });
});
