import { describe, expect, test } from "vitest";
import { bitOf, classifyTags } from "../../lib/frameworks/classify";
import { attribute, attributeSql, explainAttribution, RULES, RULES_VERSION } from "../../lib/frameworks/rules";
import { FRAMEWORK_LENS, lensFrameworks } from "../../lib/frameworks/lenses";
import { parseViewState } from "../../lib/url-state";
import Database from "better-sqlite3";

/** What the framework lens says for a repo's tags and library_name: framework ids and the rule of each. */
function fw(tags: string[], library: string | null) {
  const a = attribute(classifyTags([...tags, ...(library ? [library] : [])], library).mask, library);
  return a.rules;
}

// One case per rule: each rule is the one that places its case, so a mutated or removed rule fails here.
const CASES: [string, string[], string | null, Record<string, string>][] = [
  ["transformers, pytorch tag (2021)", ["pytorch", "bert"], "transformers", { pytorch: "tag-pytorch" }],
  ["transformers, tf + safetensors: both", ["tf", "safetensors"], "transformers", { pytorch: "lib-pytorch-safetensors", tensorflow: "tag-tf" }],
  ["tf-keras library", [], "tf-keras", { tensorflow: "tag-tf-keras" }],
  ["tflite tag, no library", ["tflite"], null, { tensorflow: "tag-tflite" }],
  ["jax/flax tags", ["flax"], null, { jax: "tag-jax" }],
  ["keras 3", ["keras"], "keras", { keras: "tag-keras" }],
  ["mlx tag stops safetensors counting as PyTorch", ["mlx", "safetensors"], "transformers", { mlx: "tag-mlx" }],
  ["gguf only, library transformers: not PyTorch", ["gguf"], "transformers", { gguf: "tag-gguf" }],
  ["onnx tag", ["onnx"], null, { onnx: "tag-onnx" }],
  ["transformers.js", ["onnx"], "transformers.js", { onnx: "tag-onnx" }],
  ["transformers.js tag alone", ["transformers.js"], null, { onnx: "tag-transformers-js" }],
  ["coreml", ["coreml"], null, { coreml: "tag-coreml" }],
  ["openvino", ["openvino"], null, { openvino: "tag-openvino" }],
  ["paddle", ["paddle"], null, { paddlepaddle: "tag-paddle" }],
  ["candle", ["candle"], null, { rust: "tag-rust" }],
  ["2026 transformers, safetensors only", ["safetensors"], "transformers", { pytorch: "lib-pytorch-safetensors" }],
  ["peft adapter, no weights tag", [], "peft", { pytorch: "lib-pytorch-untagged" }],
  ["mlx-lm with safetensors", ["safetensors"], "mlx-lm", { mlx: "lib-mlx" }],
  ["keras-hub", [], "keras-hub", { keras: "lib-keras" }],
  ["tensorflow library", [], "tensorflow", { tensorflow: "tag-tf" }],
  ["llama.cpp, no tag", [], "llama.cpp", { gguf: "lib-gguf" }],
  ["onnxruntime library, safetensors", ["safetensors"], "onnxruntime", { onnx: "lib-onnx" }],
  ["jax library", [], "jax", { jax: "tag-jax" }],
  ["paddlenlp", [], "paddlenlp", { paddlepaddle: "tag-paddle" }],
  ["safetensors of an unknown library: undetermined", ["safetensors"], "some-new-lib", {}],
  ["no tag, no library: undetermined", [], null, {}],
  ["transformers with onnx only: ONNX, not PyTorch", ["onnx"], "transformers", { onnx: "tag-onnx" }],
  ["diffusers with gguf and safetensors: both", ["gguf", "safetensors"], "diffusers", { pytorch: "lib-pytorch-safetensors", gguf: "tag-gguf" }],
];

describe("framework rules", () => {
  test.each(CASES)("%s", (_name, tags, library, want) => {
    expect(fw(tags, library)).toEqual(want);
  });

  test("every rule id is unique and every rule places at least one case above or below", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    const placed = new Set(CASES.flatMap((c) => Object.values(c[3])));
    // Library rules whose library also sets a tag bit are shadowed by the tag rule; they still
    // apply to the other libraries of their list.
    for (const r of RULES) {
      if (placed.has(r.id) || r.id === "tag-tfjs") continue;
      expect(["lib-tf-keras", "lib-jax", "lib-paddle"]).toContain(r.id);
    }
    expect(attribute(bitOf("tfjs"), null).rules).toEqual({ tensorflow: "tag-tfjs" }); // set by the files pass only
    expect(fw([], "tensorflowtts")).toEqual({ tensorflow: "lib-tf-keras" });
    expect(fw([], "t5x")).toEqual({ jax: "lib-jax" });
    expect(fw([], "paddleocr")).toEqual({ paddlepaddle: "tag-paddle" });
  });

  test("the SQL form equals the JS form on every tag mask x library the rules distinguish", () => {
    const db = new Database(":memory:");
    const libs = [null, "transformers", "mlx", "mlx-lm", "keras", "gguf", "onnx", "diffusers", "unknown", "TRANSFORMERS"];
    const stmt = db.prepare(`SELECT ${attributeSql("@m", "@l")} AS m`);
    for (let mask = 0; mask < 65_536; mask += 37) {
      for (const lib of libs) expect((stmt.get({ m: mask, l: lib }) as { m: number }).m, `${mask} ${lib}`).toBe(attribute(mask, lib).mask);
    }
    db.close();
  });

  test("the model page's why names the library and its weights", () => {
    const mask = classifyTags(["transformers", "safetensors"], "transformers").mask;
    expect(explainAttribution(mask, "transformers")).toEqual([
      { framework: "pytorch", rule: "lib-pytorch-safetensors", because: "library transformers (built on PyTorch) with safetensors weights" },
    ]);
  });

  test("the framework lens has no format ids; versions are stable strings", () => {
    expect(FRAMEWORK_LENS.map((f) => f.id)).toEqual(["pytorch", "tensorflow", "jax", "keras", "mlx", "gguf", "onnx", "coreml", "openvino", "paddlepaddle", "rust"]);
    expect(lensFrameworks("framework").some((f) => f.id === "safetensors")).toBe(false);
    expect(RULES_VERSION).toMatch(/^\d+-[0-9a-f]{8}$/);
  });
});

describe("basis in the URL", () => {
  test("framework is the default; tags relabels; safetensors is a 400 naming frameworks in the framework lens", () => {
    const d = parseViewState({});
    expect(d.ok && d.value.basis).toBe("framework");
    const bad = parseViewState({ basis: "framework", frameworks: "pytorch,safetensors" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.param).toBe("frameworks");
      expect(bad.error.message).toMatch(/safetensors.*weight format, not a framework/);
    }
    const ok = parseViewState({ frameworks: "safetensors,pytorch", basis: "tags" });
    expect(ok.ok && ok.value.frameworks).toEqual(["pytorch", "safetensors"]);
    const badBasis = parseViewState({ basis: "files" });
    expect(!badBasis.ok && badBasis.error.param).toBe("basis");
  });
});
