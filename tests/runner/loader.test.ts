/**
 * The runner fixtures and the runner's own loader, in Node: tfjs on its CPU backend loads each
 * fixture from the fake Hub over loopback through lib/runner/tfjs-runner.ts (the code the page
 * runs), and gets the known outputs or the right error class. The browser tests
 * (tests/browser/try.test.ts) run the same fixtures in Chromium on the wasm backend.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { nodeTf, FIXTURE_AUTHOR } from "../../lib/fake-hub/runner-fixtures";
import path from "node:path";
import { checkModel, clearCheckCache } from "../../lib/runner/check";
import { listRunnable, lookupStored } from "../../lib/runner/sample";
import { tempDir } from "../helpers/cli";
import { Cancelled, loadModel, NeedsConfirmation, predict, RunnerError, type LoadOptions } from "../../lib/runner/tfjs-runner";
import type { RunnableModel } from "../../lib/runner/types";
import { runnerWorld, type RunnerWorld } from "../helpers/runner-world";

let world: RunnerWorld;
let models: Map<string, RunnableModel>;
let tf: Awaited<ReturnType<typeof nodeTf>>;

/** A model.json whose manifest points outside its repo: the page must not fetch it. */
const ESCAPE = {
  id: "elsewhere/escape",
  tags: ["tfjs"],
  files: [
    { path: "model.json", bytes: Buffer.from(JSON.stringify({ format: "layers-model", modelTopology: { class_name: "Sequential", config: { layers: [] } }, weightsManifest: [{ paths: ["https://evil.example/weights.bin"], weights: [{ name: "k", shape: [1], dtype: "float32" }] }] })) },
    { path: "weights.bin", bytes: Buffer.alloc(4) },
  ],
};

beforeAll(async () => {
  world = await runnerWorld({ extra: [ESCAPE] });
  tf = await nodeTf();
  const sqlite = openSqlite(world.db, { readonly: true, migrate: false });
  models = new Map(listRunnable(sqlite).map((m) => [m.repoId, m]));
  sqlite.close();
});
afterAll(() => world?.close());

const id = (name: string) => `${FIXTURE_AUTHOR}/${name}`;
const opts = (name: string, extra: Partial<LoadOptions> = {}): LoadOptions => ({
  hubUrl: world.hub.url, model: models.get(id(name))!, maxBytes: 25_000_000, allowLarge: false, timeoutMs: 30_000,
  signal: new AbortController().signal, ...extra,
});

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a failure");
}

describe("fixtures", () => {
  test("known outputs: stated by hand, and what tfjs computes on the saved artifacts", () => {
    const { byName } = world.fx;
    // The tfjs-saved LayersModel and the hand-written GraphModel.
    const layers = byName["tiny-layers"].expected!.output;
    expect(layers[0]).toBeCloseTo(0.999997615814209, 6);
    expect(layers[1]).toBeCloseTo(2.3643619897484314e-6, 9);
    // relu([1,2,3,4] W + b), W and b as in lib/fake-hub/runner-fixtures.ts.
    const W = [[0.5, -1, 1.5], [2, -0.5, 0.25], [0.1, 0.2, 0.3], [-0.4, 0.5, -0.6]];
    const b = [0.1, 0.2, -0.3];
    const byHand = [0, 1, 2].map((j) => Math.max(0, [1, 2, 3, 4].reduce((a, x, i) => a + x * W[i][j], 0) + b[j]));
    expect(byHand.map((v) => Number(v.toFixed(6)))).toEqual([3.3, 0.8, 0.2]);
    byName["tiny-graph"].expected!.output.forEach((v, j) => expect(v).toBeCloseTo(byHand[j], 5));
    // A red picture through identity conv + average pooling + Dense(5 x identity) + softmax.
    const e5 = Math.exp(5);
    byName["tiny-image"].expected!.output.forEach((v, j) => expect(v).toBeCloseTo(j === 0 ? e5 / (e5 + 2) : 1 / (e5 + 2), 6));
    // uint8 quantization: a quarter of the bytes, nearly the same output.
    expect(byName["quantized-layers"].weightBytes).toBe(byName["tiny-layers"].weightBytes / 4);
    expect(byName["quantized-layers"].expected!.output[0]).toBeCloseTo(layers[0], 3);
  });

  test("the files pass offers the runnable ones with their real sizes; not TF.js and gated ones are not offered", () => {
    const sqlite = openSqlite(world.db, { readonly: true, migrate: false });
    try {
      for (const f of world.fx.fixtures) {
        const m = models.get(f.repo.id);
        if (f.error === "not-tfjs" || f.error === "gated") {
          expect(m, f.name).toBeUndefined();
          continue;
        }
        expect(m, f.name).toBeDefined();
        // The size shown on /try is the bytes of the shards (quantized weights: 1 byte per value).
        const mj = f.repo.files.find((x) => x.path.endsWith("model.json"))!;
        const dir = mj.path.slice(0, -"model.json".length);
        const shards = (JSON.parse(mj.bytes!.toString()) as { weightsManifest: { paths: string[] }[] }).weightsManifest.flatMap((g) => g.paths.map((p) => dir + p));
        const shardBytes = f.repo.files.filter((x) => shards.includes(x.path)).reduce((a, x) => a + (x.bytes?.length ?? 0), 0);
        expect(m!.weightBytes, f.name).toBe(f.weightBytes);
        if (f.error !== "missing-shard") expect(m!.weightBytes, f.name).toBe(shardBytes);
        expect(m!.format, f.name).toBe(f.format);
      }
      expect(models.get(id("tiny-image"))).toMatchObject({ modelJsonPath: "web_model/model.json", labelsPath: "web_model/metadata.json", task: "image-classification" });
      expect(models.get(id("quantized-layers"))!.weightBytes).toBe(23);
      expect(lookupStored(sqlite, id("gated-layers"))).toEqual({ kind: "gated" });
      expect(lookupStored(sqlite, id("not-tfjs"))).toMatchObject({ kind: "known", checked: true });
      expect(lookupStored(sqlite, id("TINY-LAYERS"))).toMatchObject({ kind: "runnable", fresh: true });
    } finally {
      sqlite.close();
    }
  });

  test("the fake Hub serves them like the Hub: CORS on, except the CORS-less host; a listed shard that answers 404", async () => {
    const url = (name: string, path: string) => `${world.hub.url}/${id(name)}/resolve/main/${path}`;
    const ok = await fetch(url("tiny-layers", "weights.bin"));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(Buffer.from(await ok.arrayBuffer()).length).toBe(92);
    const blocked = await fetch(url("no-cors", "model.json"));
    expect(blocked.status).toBe(200);
    expect(blocked.headers.get("access-control-allow-origin")).toBeNull();
    const info = (await (await fetch(`${world.hub.url}/api/models/${id("missing-shard")}`)).json()) as { siblings: { rfilename: string }[] };
    expect(info.siblings.map((s) => s.rfilename)).toContain("group1-shard2of2.bin");
    expect((await fetch(url("missing-shard", "group1-shard2of2.bin"))).status).toBe(404);
    expect((await fetch(url("missing-shard", "group1-shard1of2.bin"))).status).toBe(200);
  });
});

describe("the runner's loader (lib/runner/tfjs-runner.ts) against the fake Hub", () => {
  test("loads LayersModel, GraphModel, quantized and sub-folder models and predicts the known outputs", async () => {
    for (const name of ["tiny-layers", "tiny-graph", "quantized-layers"]) {
      const f = world.fx.byName[name];
      const m = await loadModel(tf, opts(name));
      expect(m.format, name).toBe(f.format);
      expect(m.weightBytes, name).toBe(f.weightBytes);
      expect(m.inputs[0].shape, name).toEqual([null, 4]);
      const r = await predict(tf, m, { kind: "tensors", values: [[1, 2, 3, 4]] }, 2);
      expect(r.outputs[0].shape).toEqual([1, f.expected!.output.length]);
      r.outputs[0].values.forEach((v, j) => expect(v, `${name}[${j}]`).toBeCloseTo(f.expected!.output[j], 5));
      expect(r.backend).toBe("cpu");
      expect(r.warmRuns).toBe(2);
      m.model.dispose();
    }
    const img = await loadModel(tf, opts("tiny-image"));
    expect(img.image).toEqual({ height: 8, width: 8, channels: 3 });
    expect(img.labels).toEqual(["red", "green", "blue"]);
  });

  test("size limit: a model above it is refused before any weight byte is fetched; with the visitor's consent it loads", async () => {
    world.hub.resetStats();
    const err = await failure(loadModel(tf, opts("oversize", { maxBytes: 1_000_000 })));
    expect(err).toBeInstanceOf(NeedsConfirmation);
    expect(err).toMatchObject({ weightBytes: 1_200_000, maxBytes: 1_000_000 });
    expect(world.hub.stats().requests).toBe(0);
    const m = await loadModel(tf, opts("oversize", { maxBytes: 1_000_000, allowLarge: true }));
    expect(m.weightBytes).toBe(1_200_000);
    expect(world.hub.stats().byRoute.resolve).toBe(3);
    m.model.dispose();
  });

  test("broken models fail with their class and a message naming the problem", async () => {
    const missing = await failure(loadModel(tf, opts("missing-shard")));
    expect(missing).toBeInstanceOf(RunnerError);
    expect(missing).toMatchObject({ errorClass: "missing-shard" });
    expect((missing as Error).message).toMatch(/group1-shard2of2\.bin answered HTTP 404/);

    const shape = await failure(loadModel(tf, opts("shape-mismatch")));
    expect(shape).toMatchObject({ errorClass: "shape-mismatch" });
    expect((shape as Error).message).toMatch(/Shape mismatch: \[4,5\] vs\. \[4,3\]/);

    // A model.json that is not TF.js (the files pass would not offer it; the page checks again).
    const notTfjs = await failure(loadModel(tf, { ...opts("tiny-layers"), model: { ...models.get(id("tiny-layers"))!, repoId: id("not-tfjs"), revision: "main", weightBytes: null } }));
    expect(notTfjs).toMatchObject({ errorClass: "not-tfjs" });
    expect((notTfjs as Error).message).toMatch(/no weightsManifest/);

    // Gated: the Hub answers 401 to anonymous downloads.
    const gated = await failure(loadModel(tf, { ...opts("tiny-layers"), model: { ...models.get(id("tiny-layers"))!, repoId: id("gated-layers"), revision: "main" } }));
    expect(gated).toMatchObject({ errorClass: "http-error" });
    expect((gated as Error).message).toMatch(/HTTP 401 \(the repo may be gated or private\)/);

    // Weight files outside the repo are never fetched.
    world.hub.resetStats();
    const escape = await failure(loadModel(tf, { ...opts("tiny-layers"), model: { ...models.get(id("tiny-layers"))!, repoId: ESCAPE.id, revision: "main", weightBytes: 4 } }));
    expect(escape).toMatchObject({ errorClass: "not-tfjs" });
    expect((escape as Error).message).toMatch(/outside the repo \(https:\/\/evil\.example\/weights\.bin\)/);
    expect(world.hub.stats().byRoute).toEqual({ resolve: 1 });

    // A wrong input is the visitor's, not the model's: a BadInput, never a run failure.
    const m = await loadModel(tf, opts("tiny-layers"));
    await expect(predict(tf, m, { kind: "tensors", values: [[1, 2, 3]] })).rejects.toThrow(/needs 4 values \(shape \[1, 4\]\); 3 were given/);
    m.model.dispose();
  });

  test("timeout and cancel stop a slow download", async () => {
    const slow = models.get(id("slow"))!;
    const timedOut = await failure(loadModel(tf, { ...opts("slow"), model: slow, timeoutMs: 300 }));
    expect(timedOut).toMatchObject({ errorClass: "timeout" });
    const stop = new AbortController();
    const cancelled = failure(loadModel(tf, { ...opts("slow"), model: slow, signal: stop.signal, onProgress: (p) => p.phase === "weights" && stop.abort() }));
    expect(await cancelled).toBeInstanceOf(Cancelled);
  });
});

describe("the on-demand check of a typed model id (lib/runner/check.ts)", () => {
  test("from the database when it checked the model; else one model checked on the Hub through the files pass's code, cached, rate-limited, token kept", async () => {
    const crawled = openSqlite(world.db, { readonly: true, migrate: false });
    const empty = openSqlite(path.join(tempDir(), "empty.db"));
    const token = "hf_checkSecretToken99";
    try {
      clearCheckCache();
      world.hub.resetStats();
      const fromDb = await checkModel(id("tiny-image"), { sqlite: crawled, hubUrl: world.hub.url });
      expect(fromDb).toMatchObject({ ok: true, source: "database", model: { modelJsonPath: "web_model/model.json", weightBytes: 84 } });
      expect(world.hub.stats().requests).toBe(0);

      // Not in this database: the Hub is asked (model info + model.json), with the server's token.
      const fromHub = await checkModel(id("quantized-layers"), { sqlite: empty, hubUrl: world.hub.url, token });
      expect(fromHub).toMatchObject({ ok: true, source: "hub", model: { weightBytes: 23, format: "layers-model", task: "tabular-classification", inputs: [{ shape: [null, 4] }] } });
      expect(world.hub.stats().byRoute).toEqual({ "models.info": 1, resolve: 1 });
      expect(JSON.stringify(fromHub)).not.toContain(token);
      // Cached: no second Hub request.
      await checkModel(id("quantized-layers"), { sqlite: empty, hubUrl: world.hub.url, token });
      expect(world.hub.stats().requests).toBe(2);

      const cases: [string, string][] = [[id("not-tfjs"), "not-tfjs"], [id("gated-layers"), "gated"], ["nobody/nothing", "not-found"], ["../etc/passwd", "bad-id"]];
      for (const [repo, code] of cases) expect(await checkModel(repo, { sqlite: empty, hubUrl: world.hub.url }), repo).toMatchObject({ ok: false, code });
      // Over the limit: refused before any Hub request.
      world.hub.resetStats();
      expect(await checkModel(id("tiny-graph"), { sqlite: empty, hubUrl: world.hub.url, allowHubCheck: () => false })).toMatchObject({ ok: false, code: "rate-limited" });
      expect(world.hub.stats().requests).toBe(0);
      // The Hub down: a clear answer, nothing thrown.
      expect(await checkModel(id("tiny-graph"), { sqlite: empty, hubUrl: "http://127.0.0.1:1", timeoutMs: 2_000 })).toMatchObject({ ok: false, code: "hub-error" });
    } finally {
      crawled.close();
      empty.close();
    }
  });
});
