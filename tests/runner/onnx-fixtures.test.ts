/**
 * The ONNX fixtures (lib/fake-hub/onnx-fixtures.ts) are real ONNX models: ONNX Runtime Web (its
 * Node build, the same wasm engine the browser runs) loads each and computes the output the
 * fixture states, the graph signature reader (lib/frameworks/onnx-graph.ts) finds their inputs,
 * and the tokenizer.json tokenizes with @huggingface/tokenizers as the page does.
 */
import { describe, expect, test } from "vitest";
import * as ort from "onnxruntime-web";
import { Tokenizer } from "@huggingface/tokenizers";
import { buildOnnxFixtures, type OnnxFixture } from "../../lib/fake-hub/onnx-fixtures";
import { onnxInputKind, pickOnnxFiles, readOnnxSignature } from "../../lib/frameworks/onnx-graph";

const fixtures = buildOnnxFixtures();
const byName = Object.fromEntries(fixtures.map((f) => [f.name, f])) as Record<string, OnnxFixture>;
const file = (f: OnnxFixture, p: string): Buffer => f.repo.files.find((x) => x.path === p)!.bytes!;
const sizes = (f: OnnxFixture) => f.repo.files.map((x) => ({ path: x.path, size: x.bytes?.length ?? null }));

ort.env.wasm.numThreads = 1;

async function session(f: OnnxFixture) {
  const picked = pickOnnxFiles(sizes(f))!;
  return ort.InferenceSession.create(new Uint8Array(file(f, picked.onnxPath)));
}

describe("ONNX fixtures", () => {
  test("the signature reader finds each graph's inputs past its weights, and the input kind follows", () => {
    for (const f of fixtures) {
      const picked = pickOnnxFiles(sizes(f))!;
      expect(picked.onnxPath).toMatch(/\.onnx$/);
      if (f.error) {
        expect(() => readOnnxSignature(file(f, picked.onnxPath))).toThrow();
        expect(onnxInputKind(picked, "unreadable")).toBe(f.inputKind);
        continue;
      }
      const sig = readOnnxSignature(file(f, picked.onnxPath));
      expect(onnxInputKind(picked, sig)).toBe(f.inputKind);
      // Without the signature, an image processor's config alone does not make a model "image".
      if (f.inputKind === "image") expect(onnxInputKind(picked, null)).toBeNull();
    }
    const sig = readOnnxSignature(file(byName["onnx-image"], "onnx/model.onnx"));
    expect(sig.inputs).toEqual([{ name: "pixel_values", dtype: "float32", shape: [null, 3, 8, 8] }]);
    expect(sig.outputs).toEqual([{ name: "logits", dtype: "float32", shape: [null, 3] }]);
    const text = readOnnxSignature(file(byName["onnx-text"], "onnx/model.onnx"));
    expect(text.inputs.map((i) => `${i.name}:${i.dtype}`)).toEqual(["input_ids:int64", "attention_mask:int64"]);
    // The oversize graph's 1.2 MB of weights come before its inputs and are skipped, not decoded.
    expect(readOnnxSignature(file(byName["onnx-oversize"], "onnx/model.onnx")).inputs[0].name).toBe("pixel_values");
  });

  test("the image classifier: a red picture, normalized as its preprocessor says, gives [2, -1.9, -1.8]", async () => {
    const s = await session(byName["onnx-image"]);
    const px = new Float32Array(3 * 64);
    px.fill(1, 0, 64); // red channel (255 / 255 - 0.5) / 0.5 = 1
    px.fill(-1, 64); // green and blue (0 - 0.5) / 0.5 = -1
    const out = await s.run({ pixel_values: new ort.Tensor("float32", px, [1, 3, 8, 8]) });
    expect(Array.from(out.logits.data as Float32Array)).toEqual(byName["onnx-image"].expected!.output.map((v) => Math.fround(v)));
  });

  test("the text classifier: the repo's tokenizer.json splits typed text into known ids; the graph averages their vectors", async () => {
    const f = byName["onnx-text"];
    const tok = new Tokenizer(JSON.parse(file(f, "tokenizer.json").toString()), JSON.parse(file(f, "tokenizer_config.json").toString()));
    const exp = f.expected!;
    const enc = tok.encode((exp.input as { texts: string[] }).texts[0]);
    expect(enc.tokens).toEqual(exp.tokens);
    const ids = BigInt64Array.from(enc.ids.map((i) => BigInt(i)));
    const s = await session(f);
    const out = await s.run({
      input_ids: new ort.Tensor("int64", ids, [1, ids.length]),
      attention_mask: new ort.Tensor("int64", BigInt64Array.from(ids, () => 1n), [1, ids.length]),
    });
    expect(Array.from(out.logits.data as Float32Array)).toEqual(exp.output);
  });

  test("the regression graph computes x . [1, 2, 3]; the broken file is refused by ONNX Runtime", async () => {
    const s = await session(byName["onnx-tabular"]);
    const out = await s.run({ features: new ort.Tensor("float32", new Float32Array([1, 1, 1]), [1, 3]) });
    expect(Array.from(out.prediction.data as Float32Array)).toEqual([6]);
    await expect(session(byName["onnx-broken"])).rejects.toThrow();
  });
});
