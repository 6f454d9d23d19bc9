/**
 * Real TensorFlow.js LayersModel artifacts for the fake Hub's TF.js repos: a Keras Sequential with
 * one Dense layer, as `tensorflowjs_converter` writes it, with deterministic
 * weights split across two shard files. tfjs concatenates a group's shards before slicing the
 * weights, so a value may straddle the shard boundary, as in real converter output.
 */
import { Stream, saltOf } from "./rng";
import type { TfjsSpec } from "./profile";

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: "float32";
  quantization?: { dtype: "uint8"; min: number; scale: number };
}

export interface TfjsArtifacts {
  /** Repo path of model.json (with its folder). */
  modelJsonPath: string;
  modelJson: string;
  /** Shards in manifest order, with their repo paths. */
  shards: { path: string; bytes: Buffer }[];
  /** All weight bytes, i.e. the shards concatenated: what the manifest declares. */
  weights: Buffer;
  manifest: { paths: string[]; weights: TfjsWeightSpec[] }[];
}

const S_W = saltOf("tfjs-weights");
/** uint8 quantisation range: value = min + q * scale. */
const Q_MIN = -1;
const Q_SCALE = 2 / 255;

export function tfjsArtifacts(seed: number, i: number, spec: TfjsSpec): TfjsArtifacts {
  const { inputDim, units, variant, dir } = spec;
  const quantized = variant === "quantized";
  const ext = variant === "noext" ? "" : ".bin";
  const names = [`group1-shard1of2${ext}`, `group1-shard2of2${ext}`];
  const q = quantized ? { quantization: { dtype: "uint8" as const, min: Q_MIN, scale: Q_SCALE } } : {};
  const weightSpecs: TfjsWeightSpec[] = [
    { name: "dense/kernel", shape: [inputDim, units], dtype: "float32", ...q },
    { name: "dense/bias", shape: [units], dtype: "float32", ...q },
  ];
  const count = inputDim * units + units;
  const s = new Stream(seed, i, S_W);
  let weights: Buffer;
  if (quantized) {
    weights = Buffer.alloc(count);
    for (let k = 0; k < count; k++) weights[k] = Math.floor(s.next() * 256);
  } else {
    weights = Buffer.alloc(count * 4);
    for (let k = 0; k < count; k++) weights.writeFloatLE(Math.round((s.next() * 2 - 1) * 1e4) / 1e4, k * 4);
  }
  const cut = Math.ceil(weights.length / 2);
  const shards = [
    { path: dir + names[0], bytes: weights.subarray(0, cut) },
    { path: dir + names[1], bytes: weights.subarray(cut) },
  ];
  const manifest = [{ paths: names, weights: weightSpecs }];
  const dense = {
    class_name: "Dense",
    config: {
      name: "dense", trainable: true, dtype: "float32", batch_input_shape: [null, inputDim], units, activation: "softmax",
      use_bias: true, kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } },
      bias_initializer: { class_name: "Zeros", config: {} }, kernel_regularizer: null, bias_regularizer: null,
      activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
    },
  };
  const input = {
    class_name: "InputLayer",
    config: { batch_input_shape: [null, inputDim], dtype: "float32", sparse: false, ragged: false, name: "dense_input" },
  };
  let json: unknown;
  if (variant === "noformat") {
    // Pre-1.0 converter output (like nsfwjs' mobilenet_v2): no format / generatedBy / convertedBy.
    json = {
      modelTopology: { keras_version: "2.1.6", backend: "tensorflow", model_config: { class_name: "Sequential", config: { name: "sequential", layers: [dense] } } },
      weightsManifest: manifest,
    };
  } else {
    json = {
      format: "layers-model",
      generatedBy: "keras v2.11.0",
      convertedBy: "TensorFlow.js Converter v3.21.0",
      modelTopology: {
        keras_version: "2.11.0",
        backend: "tensorflow",
        model_config: { class_name: "Sequential", config: { name: "sequential", layers: [input, dense] } },
        training_config: {
          loss: "categorical_crossentropy", metrics: ["accuracy"], weighted_metrics: null, loss_weights: null,
          optimizer_config: { class_name: "Adam", config: { name: "Adam", learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false } },
        },
      },
      weightsManifest: manifest,
    };
  }
  return { modelJsonPath: `${dir}model.json`, modelJson: JSON.stringify(json), shards, weights, manifest };
}

/** Bytes a manifest declares: 1 per value for uint8-quantised weights, 4 for float32. */
export function declaredWeightBytes(manifest: TfjsArtifacts["manifest"]): number {
  let n = 0;
  for (const group of manifest) {
    for (const w of group.weights) {
      const values = w.shape.reduce((a, b) => a * b, 1);
      n += values * (w.quantization?.dtype === "uint8" ? 1 : 4);
    }
  }
  return n;
}
