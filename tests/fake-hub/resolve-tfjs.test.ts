/** File downloads (/resolve/) with CORS, and real TF.js artifacts whose shards hold exactly the declared weights. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFakeHub, type FakeHub, type FakeModel } from "../../lib/fake-hub/server";
import { frameworksFromFiles } from "../../lib/fake-hub/files";
import { encodeId, TOKEN } from "../helpers/hub-pages";

let hub: FakeHub;
let truth: FakeModel[];
beforeAll(async () => {
  hub = await startFakeHub({ models: 3000, seed: 71, rateLimit: false });
  truth = hub.truth();
});
afterAll(() => hub.close());

const byIndex = (i: number) => truth.find((m) => m.index === i) as FakeModel;
const fileUrl = (m: FakeModel, path: string, rev = "main") => `${hub.url}/${encodeId(m.id)}/resolve/${rev}/${path.split("/").map(encodeURIComponent).join("/")}`;

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; min: number; scale: number };
}
interface ModelJson {
  format?: string;
  modelTopology: { keras_version: string; model_config: { class_name: string; config: { layers: { class_name: string; config: { units?: number } }[] } } };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** Bytes a manifest declares, computed here independently of the server code. */
function declared(manifest: ModelJson["weightsManifest"]): number {
  let n = 0;
  for (const g of manifest) for (const w of g.weights) n += w.shape.reduce((a, b) => a * b, 1) * (w.quantization?.dtype === "uint8" ? 1 : 4);
  return n;
}

test("the pinned TF.js repos serve a real layers-model model.json and shards holding exactly the declared weights", async () => {
  const variants = [60, 61, 62, 63, 64].map(byIndex);
  for (const m of variants) {
    const modelJsonPath = m.siblings.find((p) => p === "model.json" || p.endsWith("/model.json")) as string;
    const dir = modelJsonPath.slice(0, modelJsonPath.length - "model.json".length);
    const res = await fetch(fileUrl(m, modelJsonPath));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const mj = (await res.json()) as ModelJson;
    const topo = mj.modelTopology.model_config;
    expect(topo.class_name).toBe("Sequential");
    const dense = topo.config.layers.find((l) => l.class_name === "Dense");
    expect(dense?.config.units).toBeGreaterThan(0);
    expect(mj.weightsManifest[0].paths.length).toBe(2);
    expect(mj.weightsManifest[0].weights.map((w) => w.name)).toEqual(["dense/kernel", "dense/bias"]);
    for (const w of mj.weightsManifest[0].weights) expect(w.dtype).toBe("float32");

    const shards: Buffer[] = [];
    for (const p of mj.weightsManifest[0].paths) {
      expect(m.siblings).toContain(dir + p);
      const s = await fetch(fileUrl(m, dir + p));
      expect(s.status).toBe(200);
      expect(s.headers.get("access-control-allow-origin")).toBe("*");
      const bytes = Buffer.from(await s.arrayBuffer());
      expect(Number(s.headers.get("content-length"))).toBe(bytes.length);
      shards.push(bytes);
    }
    const all = Buffer.concat(shards);
    expect(all.length).toBe(declared(mj.weightsManifest));
    expect(all.equals(hub.tfjsWeights(m.id) as Buffer)).toBe(true);
    // No automatic tfjs tag: TF.js files are not a format the Hub recognises.
    expect([...frameworksFromFiles(m.siblings)]).toEqual([]);
  }
  const [layers, subfolder, quantized, noformat, noext] = variants;
  expect(layers.siblings).toEqual(expect.arrayContaining(["model.json", "group1-shard1of2.bin", "group1-shard2of2.bin"]));
  expect(subfolder.siblings).toEqual(expect.arrayContaining(["web_model/model.json", "web_model/group1-shard1of2.bin"]));
  expect(noext.siblings).toEqual(expect.arrayContaining(["group1-shard1of2", "group1-shard2of2"]));
  const q = (await (await fetch(fileUrl(quantized, "model.json"))).json()) as ModelJson;
  expect(q.weightsManifest[0].weights[0].quantization?.dtype).toBe("uint8");
  expect(declared(q.weightsManifest)).toBe(8 * 16 + 8); // 1 byte per value
  const f = (await (await fetch(fileUrl(layers, "model.json"))).json()) as ModelJson;
  expect(f.format).toBe("layers-model");
  expect(declared(f.weightsManifest)).toBe((8 * 16 + 8) * 4); // 4 bytes per float32
  const old = (await (await fetch(fileUrl(noformat, "model.json"))).json()) as ModelJson;
  expect("format" in old).toBe(false);
  expect(old.modelTopology.keras_version).toBeTruthy();
  // Hints vary: a user tag, library_name tfjs, or nothing at all.
  expect(layers.tags).toContain("tfjs");
  expect(subfolder.library_name).toBe("tfjs");
  expect(quantized.tags.some((t) => t.includes("tf"))).toBe(false);
  expect(quantized.library_name).toBeUndefined();
});

test("look-alikes: a lone model.json (no shards) and a transformers.js repo (ONNX)", async () => {
  const lone = byIndex(66);
  expect(lone.siblings).toContain("model.json");
  expect(lone.siblings.some((p) => /group\d+-shard/.test(p))).toBe(false);
  const body = (await (await fetch(fileUrl(lone, "model.json"))).json()) as Record<string, unknown>;
  expect("weightsManifest" in body).toBe(false);
  const tjs = byIndex(67);
  expect(tjs.siblings).toContain("onnx/model.onnx");
  expect(tjs.tags).toEqual(expect.arrayContaining(["transformers.js", "onnx"]));
});

test("TF.js repos appear beyond the pinned ones at a few per thousand", () => {
  const tfjs = truth.filter((m) => m.kind === "tfjs" && m.index >= 100);
  expect(tfjs.length).toBeGreaterThanOrEqual(1);
  expect(tfjs.length).toBeLessThan(truth.length * 0.01);
});

test("resolve: CORS preflight, HEAD, X-Repo-Commit / ETag, revisions, 404 EntryNotFound, gated repos", async () => {
  const m = byIndex(60);
  const pre = await fetch(fileUrl(m, "model.json"), { method: "OPTIONS", headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "range" } });
  expect(pre.status).toBe(204);
  expect(pre.headers.get("access-control-allow-origin")).toBe("*");
  expect(pre.headers.get("access-control-allow-methods")).toContain("GET");
  expect(pre.headers.get("access-control-allow-headers")).toBe("range");
  const head = await fetch(fileUrl(m, "group1-shard1of2.bin"), { method: "HEAD" });
  expect(head.status).toBe(200);
  expect(Number(head.headers.get("content-length"))).toBeGreaterThan(0);
  expect(head.headers.get("access-control-expose-headers")).toContain("Content-Length");
  const got = await fetch(fileUrl(m, "model.json", m.sha));
  expect(got.status).toBe(200);
  expect(got.headers.get("x-repo-commit")).toBe(m.sha);
  expect(got.headers.get("etag")).toMatch(/^"[0-9a-f]{40,64}"$/);

  const missing = await fetch(fileUrl(m, "nope.bin"));
  expect(missing.status).toBe(404);
  expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
  expect((await fetch(fileUrl(m, "model.json", "not-a-rev"))).headers.get("x-error-code")).toBe("RevisionNotFound");

  const gated = byIndex(45);
  expect(gated.gated).toBe("auto");
  const anon = await fetch(fileUrl(gated, ".gitattributes"));
  expect(anon.status).toBe(401);
  expect(anon.headers.get("x-error-code")).toBe("GatedRepo");
  expect((await fetch(fileUrl(gated, ".gitattributes"), { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

  // Big LFS weights are served as a short placeholder; their real size is in X-Linked-Size.
  const big = truth.find((x) => x.siblings.includes("model.safetensors")) as FakeModel;
  const w = await fetch(fileUrl(big, "model.safetensors"));
  expect(w.status).toBe(200);
  expect(Number(w.headers.get("x-linked-size"))).toBeGreaterThan(1_000_000);
  const readme = await fetch(fileUrl(big, "README.md"));
  expect(await readme.text()).toMatch(/^---\n/);
});
