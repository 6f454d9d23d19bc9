/** What the runner reads from a model.json without tfjs: format, sizes, input signature, labels. */
import { formatBytes } from "../../lib/charts/format";
import { describe, expect, test } from "vitest";
import {
  findLabelsPath, imageInputSize, inspectModelJson, parseLabels, resolveUrl, shardRepoPath,
} from "../../lib/frameworks/model-json";

describe("input signature from model.json", () => {
  test("LayersModel saved by tfjs (first layer's batch_input_shape), Keras converter output (InputLayer), GraphModel signature and placeholders", () => {
    const manifest = [{ paths: ["w.bin"], weights: [{ name: "k", shape: [4, 2], dtype: "float32" }] }];
    const tfjsSaved = {
      format: "layers-model",
      modelTopology: { class_name: "Sequential", config: { name: "s", layers: [{ class_name: "Dense", config: { name: "hidden", batch_input_shape: [null, 4], dtype: "float32" } }] } },
      weightsManifest: manifest,
    };
    expect(inspectModelJson(tfjsSaved).inputs).toEqual([{ name: "hidden", shape: [null, 4], dtype: "float32" }]);

    const keras = {
      format: "layers-model",
      modelTopology: {
        keras_version: "2.11.0",
        model_config: { class_name: "Functional", config: { layers: [
          { class_name: "InputLayer", config: { name: "image", batch_input_shape: [null, 224, 224, 3], dtype: "float32" } },
          { class_name: "InputLayer", config: { name: "mask", batch_shape: [null, 10], dtype: "int32" } },
        ] } },
      },
      weightsManifest: manifest,
    };
    const ki = inspectModelJson(keras).inputs!;
    expect(ki).toEqual([{ name: "image", shape: [null, 224, 224, 3], dtype: "float32" }, { name: "mask", shape: [null, 10], dtype: "int32" }]);
    expect(imageInputSize(ki.slice(0, 1))).toEqual({ height: 224, width: 224, channels: 3 });
    expect(imageInputSize(ki)).toBeNull();

    const dims = (...d: number[]) => ({ dim: d.map((size) => ({ size: String(size) })) });
    const graphSig = {
      format: "graph-model",
      modelTopology: { node: [] },
      signature: { inputs: { "x:0": { name: "x:0", dtype: "DT_FLOAT", tensorShape: dims(-1, 8, 8, 3) } } },
      weightsManifest: manifest,
    };
    expect(inspectModelJson(graphSig).inputs).toEqual([{ name: "x", shape: [null, 8, 8, 3], dtype: "float32" }]);
    const graphPlaceholder = {
      modelTopology: { node: [{ name: "ids", op: "Placeholder", attr: { dtype: { type: "DT_INT32" }, shape: { shape: dims(-1, 128) } } }, { name: "c", op: "Const" }] },
      weightsManifest: manifest,
    };
    expect(inspectModelJson(graphPlaceholder)).toMatchObject({ format: "graph-model", inputs: [{ name: "ids", shape: [null, 128], dtype: "int32" }] });
    // Nothing to read: unknown, not an error.
    expect(inspectModelJson({ format: "layers-model", modelTopology: { class_name: "Sequential", config: {} }, weightsManifest: manifest }).inputs).toBeNull();
  });
});

describe("labels", () => {
  test("the labels file is looked for beside model.json, then at the root, best kind first", () => {
    expect(findLabelsPath(["web_model/model.json", "web_model/metadata.json", "labels.txt"], "web_model/model.json")).toBe("web_model/metadata.json");
    expect(findLabelsPath(["web_model/model.json", "labels.txt", "config.json"], "web_model/model.json")).toBe("labels.txt");
    expect(findLabelsPath(["model.json", "group1-shard1of1.bin"], "model.json")).toBeNull();
  });

  test.each([
    ["metadata.json", JSON.stringify({ tfjsVersion: "1.3.1", labels: ["cat", "dog"] }), ["cat", "dog"]],
    ["labels.json", JSON.stringify(["a", "b", 3]), ["a", "b", "3"]],
    ["config.json", JSON.stringify({ id2label: { "1": "one", "0": "zero" } }), ["zero", "one"]],
    ["labels.txt", "tench\r\ngoldfish\n\n great white shark \n", ["tench", "goldfish", "great white shark"]],
    ["metadata.json", JSON.stringify({ fake_hub_placeholder: "metadata.json" }), null],
    ["labels.json", "{not json", null],
    ["labels.json", JSON.stringify([{ nested: true }]), null],
  ])("%s: %s", (path, text, want) => {
    expect(parseLabels(path, text)).toEqual(want);
  });

  test("labels are plain strings, capped in length (shown as text, never as HTML)", () => {
    const got = parseLabels("labels.json", JSON.stringify(["<img src=x onerror=alert(1)>", "x".repeat(500)]))!;
    expect(got[0]).toBe("<img src=x onerror=alert(1)>");
    expect(got[1]).toHaveLength(200);
  });
});

describe("paths and sizes", () => {
  test("shard paths relative to model.json; resolve URLs encode each segment", () => {
    expect(shardRepoPath("web_model/", "group1-shard1of2")).toBe("web_model/group1-shard1of2");
    expect(shardRepoPath("a/b/", "../w.bin")).toBe("a/w.bin");
    expect(shardRepoPath("", "../w.bin")).toBeUndefined();
    expect(shardRepoPath("", "https://x/w.bin")).toBeUndefined();
    expect(resolveUrl("http://hub/", "org/my model", "abc123", "web model/model.json")).toBe("http://hub/org/my%20model/resolve/abc123/web%20model/model.json");
  });

  test.each([
    [0, "0 B"], [136, "136 B"], [23_400, "23.4 kB"], [999_600, "1 MB"], [1_200_000, "1.2 MB"], [17_015_456, "17 MB"], [null, "size unknown"],
  ])("formatBytes(%s) = %s", (n, s) => {
    expect(formatBytes(n)).toBe(s);
  });
});
