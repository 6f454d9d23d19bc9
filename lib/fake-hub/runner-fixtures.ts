/**
 * Repos for the in-browser runner's tests, demo and benchmark, mounted into the fake Hub
 * (FakeHubOptions.mounts): tiny TF.js models with KNOWN outputs, built here with plain
 * @tensorflow/tfjs in Node (a LayersModel saved through tf.io.withSaveHandler, a
 * GraphModel written by hand as GraphDef JSON), plus broken and oversize variants, and a
 * MobileNet-sized model for the benchmark.
 *
 *   const fx = await buildRunnerFixtures();
 *   const hub = await startFakeHub({ models: 300, seed: 1, rateLimit: false, mounts: fx.repos });
 *   fx.byName["tiny-layers"].expected   // { input: [[1, 2, 3, 4]], output: [0.9999976, 2.36e-6] }
 *
 * Known outputs: each `expected.output` is what tfjs computes in Node for `expected.input` on the
 * saved artifacts loaded back (so a browser run must match it to ~1e-5), and the hand-derivable ones
 * are stated in the tests too (tiny-graph = relu(x W + b) = [3.3, 0.8, 0.2]).
 *
 * tfjs is imported only when these are built: the fake Hub itself never loads it.
 */
import type { MountedFile, MountedRepo } from "./types";

export const FIXTURE_AUTHOR = "runner-fixtures";

/** A class name that is an HTML payload (the hostile-labels fixture): inserted as HTML it would set window.__xss. */
export const HOSTILE_LABEL = `<img src=x onerror="window.__xss=1">`;

export interface RunnerFixture {
  /** Short name ("tiny-layers"); the repo id is `${FIXTURE_AUTHOR}/${name}`. */
  name: string;
  repo: MountedRepo;
  /** What the runner should show, when the fixture runs at all. */
  expected?: {
    /** Input rows (the tensor editor's values); for the image model, the colour of a solid image. */
    input: number[][] | { image: "red" | "green" | "blue" };
    /** The first output, flattened. */
    output: number[];
    /** Top class for labelled image models. */
    topLabel?: string;
  };
  /** The error class the runner must report (lib/runner/errors.ts). */
  error?: string;
  /** Bytes of the weight shards (what the browser downloads and /try must show). */
  weightBytes: number;
  format: "layers-model" | "graph-model" | "none";
}

export interface RunnerFixtureSet {
  repos: MountedRepo[];
  fixtures: RunnerFixture[];
  byName: Record<string, RunnerFixture>;
}

type Tf = typeof import("@tensorflow/tfjs");
type Artifacts = import("@tensorflow/tfjs").io.ModelArtifacts;

let tfPromise: Promise<Tf> | null = null;

/** tfjs on its CPU backend, quiet ("PROD" silences the "install tfjs-node" banner). */
export function nodeTf(): Promise<Tf> {
  return (tfPromise ??= (async () => {
    const tf = await import("@tensorflow/tfjs");
    tf.env().set("PROD", true);
    await tf.setBackend("cpu");
    await tf.ready();
    return tf;
  })());
}

function concat(data: Artifacts["weightData"]): Buffer {
  if (!data) return Buffer.alloc(0);
  return Buffer.concat(([] as ArrayBuffer[]).concat(data as ArrayBuffer | ArrayBuffer[]).map((b) => Buffer.from(b)));
}

async function artifactsOf(tf: Tf, model: import("@tensorflow/tfjs").LayersModel): Promise<Artifacts> {
  let saved: Artifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
  }));
  if (!saved) throw new Error("tfjs did not hand over the model artifacts");
  return saved;
}

interface ModelJsonParts {
  format: string;
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: unknown;
  weightSpecs: import("@tensorflow/tfjs").io.WeightsManifestEntry[];
  signature?: unknown;
}

/**
 * model.json + shard files for a set of artifacts, the way the converter lays them out: one
 * manifest group, shards of at most `shardBytes` (a value may straddle two shards, as in real
 * converter output). `names(k, n)` names the shards.
 */
function layout(parts: ModelJsonParts, weights: Buffer, opts: { dir?: string; shardBytes?: number; names?: (k: number, n: number) => string } = {}): { files: MountedFile[]; shardPaths: string[] } {
  const dir = opts.dir ?? "";
  const size = opts.shardBytes ?? 4 * 1024 * 1024;
  const n = Math.max(1, Math.ceil(weights.length / size));
  const name = opts.names ?? ((k: number, total: number) => (total === 1 ? "weights.bin" : `group1-shard${k}of${total}.bin`));
  const shardPaths = Array.from({ length: n }, (_, k) => name(k + 1, n));
  const json = {
    format: parts.format,
    generatedBy: parts.generatedBy,
    convertedBy: parts.convertedBy,
    modelTopology: parts.modelTopology,
    ...(parts.signature ? { signature: parts.signature } : {}),
    weightsManifest: [{ paths: shardPaths, weights: parts.weightSpecs }],
  };
  const files: MountedFile[] = [{ path: `${dir}model.json`, bytes: Buffer.from(JSON.stringify(json)) }];
  shardPaths.forEach((p, k) => files.push({ path: dir + p, bytes: weights.subarray(k * size, Math.min(weights.length, (k + 1) * size)) }));
  return { files, shardPaths };
}

async function predictFromMemory(tf: Tf, parts: ModelJsonParts, weights: Buffer, input: import("@tensorflow/tfjs").Tensor): Promise<number[]> {
  const handler = tf.io.fromMemory({
    modelTopology: parts.modelTopology as object,
    weightSpecs: parts.weightSpecs,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length) as ArrayBuffer,
    format: parts.format,
    generatedBy: parts.generatedBy,
    convertedBy: parts.convertedBy,
    ...(parts.signature ? { signature: parts.signature as object } : {}),
  });
  const model = parts.format === "graph-model" ? await tf.loadGraphModel(handler) : await tf.loadLayersModel(handler);
  const y = model.predict(input) as import("@tensorflow/tfjs").Tensor;
  const out = Array.from(await y.data());
  tf.dispose([y, input]);
  model.dispose();
  return out;
}

function partsOf(a: Artifacts): ModelJsonParts {
  return {
    format: a.format ?? "layers-model",
    generatedBy: a.generatedBy ?? "TensorFlow.js tfjs-layers",
    convertedBy: a.convertedBy ?? null,
    modelTopology: a.modelTopology,
    weightSpecs: a.weightSpecs ?? [],
  };
}

const README = (title: string, body: string) => `---\ntags:\n- tfjs\n---\n\n# ${title}\n\n${body}\n`;

// ---------------------------------------------------------------------------------------------
// The models
// ---------------------------------------------------------------------------------------------

/** Dense 4->3 relu, Dense 3->2 softmax, fixed weights. */
async function tinyLayers(tf: Tf): Promise<{ parts: ModelJsonParts; weights: Buffer }> {
  const m = tf.sequential({ name: "tiny_layers" });
  m.add(tf.layers.dense({ name: "hidden", inputShape: [4], units: 3, activation: "relu" }));
  m.add(tf.layers.dense({ name: "out", units: 2, activation: "softmax" }));
  m.getLayer("hidden").setWeights([
    tf.tensor2d([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9], [1.0, -1.1, 1.2]]),
    tf.tensor1d([0.01, 0.02, 0.03]),
  ]);
  m.getLayer("out").setWeights([tf.tensor2d([[0.5, -0.5], [-0.25, 0.25], [0.75, -0.75]]), tf.tensor1d([0.1, -0.1])]);
  const a = await artifactsOf(tf, m);
  m.dispose();
  return { parts: partsOf(a), weights: concat(a.weightData) };
}

/** y = relu(x W + b) as hand-written GraphDef JSON. */
function tinyGraph(): { parts: ModelJsonParts; weights: Buffer } {
  const W = [0.5, -1, 1.5, 2, -0.5, 0.25, 0.1, 0.2, 0.3, -0.4, 0.5, -0.6];
  const b = [0.1, 0.2, -0.3];
  const weights = Buffer.from(new Float32Array([...W, ...b]).buffer);
  const shape = (dims: number[]) => ({ shape: { dim: dims.map((d) => ({ size: String(d) })) } });
  const topology = {
    node: [
      { name: "x", op: "Placeholder", attr: { dtype: { type: "DT_FLOAT" }, shape: shape([-1, 4]) } },
      { name: "W", op: "Const", attr: { dtype: { type: "DT_FLOAT" }, value: { tensor: { dtype: "DT_FLOAT", tensorShape: { dim: [{ size: "4" }, { size: "3" }] } } } } },
      { name: "b", op: "Const", attr: { dtype: { type: "DT_FLOAT" }, value: { tensor: { dtype: "DT_FLOAT", tensorShape: { dim: [{ size: "3" }] } } } } },
      { name: "MatMul", op: "MatMul", input: ["x", "W"], attr: { T: { type: "DT_FLOAT" }, transpose_a: { b: false }, transpose_b: { b: false } } },
      { name: "BiasAdd", op: "BiasAdd", input: ["MatMul", "b"], attr: { T: { type: "DT_FLOAT" }, data_format: { s: Buffer.from("NHWC").toString("base64") } } },
      { name: "Identity", op: "Relu", input: ["BiasAdd"], attr: { T: { type: "DT_FLOAT" } } },
    ],
    library: {},
    versions: { producer: 1 },
  };
  return {
    parts: {
      format: "graph-model", generatedBy: "hand-written fixture", convertedBy: null, modelTopology: topology,
      weightSpecs: [{ name: "W", shape: [4, 3], dtype: "float32" }, { name: "b", shape: [3], dtype: "float32" }],
      signature: {
        inputs: { "x:0": { name: "x:0", dtype: "DT_FLOAT", tensorShape: { dim: [{ size: "-1" }, { size: "4" }] } } },
        outputs: { "Identity:0": { name: "Identity:0", dtype: "DT_FLOAT", tensorShape: { dim: [{ size: "-1" }, { size: "3" }] } } },
      },
    },
    weights,
  };
}

/** A tiny image classifier: 1x1 conv (identity) -> global average pooling -> Dense(3) softmax on 5 x identity. */
async function tinyImage(tf: Tf): Promise<{ parts: ModelJsonParts; weights: Buffer }> {
  const m = tf.sequential({ name: "tiny_image" });
  m.add(tf.layers.conv2d({ name: "mix", inputShape: [8, 8, 3], filters: 3, kernelSize: 1, useBias: false }));
  m.add(tf.layers.globalAveragePooling2d({ name: "pool" }));
  m.add(tf.layers.dense({ name: "classes", units: 3, activation: "softmax" }));
  m.getLayer("mix").setWeights([tf.eye(3).reshape([1, 1, 3, 3])]);
  m.getLayer("classes").setWeights([tf.eye(3).mul(5), tf.zeros([3])]);
  const a = await artifactsOf(tf, m);
  m.dispose();
  return { parts: partsOf(a), weights: concat(a.weightData) };
}

/** uint8 quantization of every weight of `parts` (value = min + q * scale), as the converter's --quantize_uint8 writes it. */
function quantize(parts: ModelJsonParts, weights: Buffer): { parts: ModelJsonParts; weights: Buffer } {
  const floats = new Float32Array(weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length));
  const out: number[] = [];
  const specs: ModelJsonParts["weightSpecs"] = [];
  let offset = 0;
  for (const w of parts.weightSpecs) {
    const n = w.shape.reduce((a, d) => a * d, 1);
    const vals = Array.from(floats.subarray(offset, offset + n));
    offset += n;
    const min = Math.min(...vals);
    const max = Math.max(...vals);
    const scale = max > min ? (max - min) / 255 : 1;
    for (const v of vals) out.push(Math.round((v - min) / scale));
    specs.push({ ...w, quantization: { dtype: "uint8", min, scale } });
  }
  return { parts: { ...parts, weightSpecs: specs }, weights: Buffer.from(Uint8Array.from(out)) };
}

/** Deterministic weights in [-0.05, 0.05) (an LCG: the same bytes every build). */
function pseudoRandomFloats(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed >>> 0;
  for (let k = 0; k < n; k++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[k] = (x / 4294967296 - 0.5) / 10;
  }
  return out;
}

/** A Dense model whose weights are `bytes` big (float32), in shards of 4 MiB or `shardBytes`. */
async function denseOfSize(tf: Tf, name: string, bytes: number): Promise<{ parts: ModelJsonParts; weights: Buffer; inputs: number }> {
  const units = 250;
  const inputs = Math.max(1, Math.round(bytes / 4 / units) - 1);
  const m = tf.sequential({ name });
  m.add(tf.layers.dense({ name: "wide", inputShape: [inputs], units, activation: "sigmoid" }));
  m.getLayer("wide").setWeights([tf.tensor2d(pseudoRandomFloats(inputs * units, 7), [inputs, units]), tf.zeros([units])]);
  const a = await artifactsOf(tf, m);
  m.dispose();
  return { parts: partsOf(a), weights: concat(a.weightData), inputs };
}

export interface FixtureOptions {
  /** Weight bytes of the "oversize" fixture (default 1,200,000: above a RUNNER_MAX_MB of 1). */
  oversizeBytes?: number;
  /** Delay of every download of the "slow" fixture, ms (default 30,000). */
  slowDelayMs?: number;
}

/** Every runner fixture, built in a second or two. */
export async function buildRunnerFixtures(opts: FixtureOptions = {}): Promise<RunnerFixtureSet> {
  const tf = await nodeTf();
  const fixtures: RunnerFixture[] = [];
  const add = (f: Omit<RunnerFixture, "repo"> & { files: MountedFile[]; task?: string; tags?: string[]; library?: string; repo?: Partial<MountedRepo> }) => {
    const readme = f.files.some((x) => x.path === "README.md") ? [] : [{ path: "README.md", bytes: Buffer.from(README(f.name, "A fixture of hf-trends' in-browser runner tests.")) }];
    const repo: MountedRepo = {
      id: `${FIXTURE_AUTHOR}/${f.name}`,
      ...(f.task ? { pipeline_tag: f.task } : {}),
      ...(f.library ? { library_name: f.library } : {}),
      tags: f.tags ?? ["tfjs"],
      files: [...f.files, ...readme],
      ...f.repo,
    };
    fixtures.push({ name: f.name, repo, expected: f.expected, error: f.error, weightBytes: f.weightBytes, format: f.format });
  };
  const row = [[1, 2, 3, 4]];

  // A LayersModel saved by tfjs, with its known output.
  const layers = await tinyLayers(tf);
  add({
    name: "tiny-layers", task: "tabular-classification", format: "layers-model", weightBytes: layers.weights.length,
    files: layout(layers.parts, layers.weights).files,
    expected: { input: row, output: await predictFromMemory(tf, layers.parts, layers.weights, tf.tensor2d(row)) },
  });

  // A GraphModel written by hand: relu([1,2,3,4] W + b) = [3.3, 0.8, 0.2].
  const graph = tinyGraph();
  add({
    name: "tiny-graph", task: "feature-extraction", format: "graph-model", weightBytes: graph.weights.length,
    files: layout(graph.parts, graph.weights).files,
    expected: { input: row, output: await predictFromMemory(tf, graph.parts, graph.weights, tf.tensor2d(row)) },
  });

  // An image classifier with labels (Teachable Machine's metadata.json), in a sub-folder, HF-style shard names without .bin.
  const image = await tinyImage(tf);
  // A solid red 8x8 picture, pixels scaled to 0..1 (a new tensor per use: predictions dispose their input).
  const red = () => tf.tensor4d(Array.from({ length: 8 * 8 }, () => [1, 0, 0]).flat(), [1, 8, 8, 3]);
  add({
    name: "tiny-image", task: "image-classification", tags: ["tfjs", "image-classification"], format: "layers-model", weightBytes: image.weights.length,
    files: [
      ...layout(image.parts, image.weights, { dir: "web_model/", names: (k, n) => `group1-shard${k}of${n}` }).files,
      { path: "web_model/metadata.json", bytes: Buffer.from(JSON.stringify({ tfjsVersion: "4.22.0", modelName: "tiny-image", labels: ["red", "green", "blue"], imageSize: 8 })) },
    ],
    expected: { input: { image: "red" }, output: await predictFromMemory(tf, image.parts, image.weights, red()), topLabel: "red" },
  });

  // The image classifier again, with labels that are HTML: the page must show them as text.
  add({
    name: "hostile-labels", task: "image-classification", tags: ["tfjs", "image-classification"], format: "layers-model", weightBytes: image.weights.length,
    files: [
      ...layout(image.parts, image.weights).files,
      { path: "labels.txt", bytes: Buffer.from(`${HOSTILE_LABEL}\n<b>green</b>\nblue\n`) },
    ],
    expected: { input: { image: "red" }, output: await predictFromMemory(tf, image.parts, image.weights, red()), topLabel: HOSTILE_LABEL },
  });

  // tiny-layers with uint8-quantized weights: 1 byte per value (23 B), not 4 (92 B).
  const q = quantize(layers.parts, layers.weights);
  add({
    name: "quantized-layers", task: "tabular-classification", format: "layers-model", weightBytes: q.weights.length,
    files: layout(q.parts, q.weights).files,
    expected: { input: row, output: await predictFromMemory(tf, q.parts, q.weights, tf.tensor2d(row)) },
  });

  // Above the test's size limit (RUNNER_MAX_MB=1): the page must ask before downloading. Two shards.
  const big = await denseOfSize(tf, "oversize", opts.oversizeBytes ?? 1_200_000);
  add({
    name: "oversize", task: "tabular-regression", format: "layers-model", weightBytes: big.weights.length,
    files: layout(big.parts, big.weights, { shardBytes: Math.ceil(big.weights.length / 2) }).files,
  });

  // Broken: the second shard is listed by the Hub but its download answers 404.
  const two = layout(layers.parts, layers.weights, { shardBytes: 48 });
  add({
    name: "missing-shard", task: "tabular-classification", format: "layers-model", weightBytes: layers.weights.length,
    files: two.files.map((f) => (f.path === two.shardPaths[1] ? { path: f.path, missing: true } : f)),
    error: "missing-shard",
  });

  // Broken: the weights do not fit the topology (hidden has 5 units in the topology, 3 in the weights).
  const topo = JSON.parse(JSON.stringify(layers.parts.modelTopology)) as { config: { layers: { config: { units: number } }[] } };
  topo.config.layers[0].config.units = 5;
  add({
    name: "shape-mismatch", task: "tabular-classification", format: "layers-model", weightBytes: layers.weights.length,
    files: layout({ ...layers.parts, modelTopology: topo }, layers.weights).files,
    error: "shape-mismatch",
  });

  // Not TF.js: a model.json (a TensorRT-style config) beside a .bin file. The files pass rejects it.
  add({
    name: "not-tfjs", task: "image-classification", format: "none", weightBytes: 0,
    files: [
      { path: "model.json", bytes: Buffer.from(JSON.stringify({ name: "detector", engine: "model.plan", inputs: [{ name: "images", shape: [1, 3, 640, 640] }] })) },
      { path: "weights.bin", bytes: Buffer.alloc(64, 1) },
    ],
    error: "not-tfjs",
  });

  // A host that sends no CORS headers: the browser cannot read the download.
  add({
    name: "no-cors", task: "feature-extraction", format: "graph-model", weightBytes: graph.weights.length,
    files: layout(graph.parts, graph.weights).files, repo: { cors: false }, error: "cors",
  });

  // A host that answers slowly: timeouts and cancel.
  add({
    name: "slow", task: "tabular-classification", format: "layers-model", weightBytes: layers.weights.length,
    files: layout(layers.parts, layers.weights).files, repo: { resolveDelayMs: opts.slowDelayMs ?? 30_000 }, error: "timeout",
  });

  // Gated: stored, never offered.
  add({
    name: "gated-layers", task: "tabular-classification", format: "layers-model", weightBytes: layers.weights.length,
    files: layout(layers.parts, layers.weights).files, repo: { gated: "manual" }, error: "gated",
  });

  return { repos: fixtures.map((f) => f.repo), fixtures, byName: Object.fromEntries(fixtures.map((f) => [f.name, f])) };
}

// ---------------------------------------------------------------------------------------------
// The benchmark's MobileNet-sized model
// ---------------------------------------------------------------------------------------------

/**
 * A MobileNet v1 (alpha 1.0, 224x224x3 -> 1000 classes): 13 depthwise-separable blocks with batch
 * norm and ReLU6, 4.2M parameters, 16.9 MB of float32 weights in 4 MiB shards, as the converter
 * writes them. Random (seeded) weights: the benchmark measures time, not accuracy.
 */
export async function buildMobilenetSized(name = "mobilenet-sized"): Promise<{ repo: MountedRepo; weightBytes: number; params: number }> {
  const tf = await nodeTf();
  const m = tf.sequential({ name: "mobilenet_v1_sized" });
  let seed = 1;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const bnRelu = (id: string) => {
    m.add(tf.layers.batchNormalization({ name: `${id}_bn` }));
    m.add(tf.layers.reLU({ name: `${id}_relu`, maxValue: 6 }));
  };
  m.add(tf.layers.conv2d({ name: "conv1", inputShape: [224, 224, 3], filters: 32, kernelSize: 3, strides: 2, padding: "same", useBias: false, kernelInitializer: init() }));
  bnRelu("conv1");
  const blocks: [number, number][] = [[64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2], [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1]];
  blocks.forEach(([filters, strides], k) => {
    m.add(tf.layers.depthwiseConv2d({ name: `dw${k + 1}`, kernelSize: 3, strides, padding: "same", useBias: false, depthwiseInitializer: init() }));
    bnRelu(`dw${k + 1}`);
    m.add(tf.layers.conv2d({ name: `pw${k + 1}`, filters, kernelSize: 1, padding: "same", useBias: false, kernelInitializer: init() }));
    bnRelu(`pw${k + 1}`);
  });
  m.add(tf.layers.globalAveragePooling2d({ name: "pool" }));
  m.add(tf.layers.dense({ name: "predictions", units: 1000, activation: "softmax", kernelInitializer: init() }));
  const params = m.countParams();
  const a = await artifactsOf(tf, m);
  m.dispose();
  const weights = concat(a.weightData);
  const { files } = layout(partsOf(a), weights, { shardBytes: 4 * 1024 * 1024 });
  files.push({ path: "README.md", bytes: Buffer.from(README(name, "A MobileNet v1-sized model with random weights, for hf-trends' runner benchmark.")) });
  return {
    repo: { id: `${FIXTURE_AUTHOR}/${name}`, pipeline_tag: "image-classification", tags: ["tfjs", "image-classification"], files },
    weightBytes: weights.length,
    params,
  };
}
