/**
 * The ONNX files pass against the fake Hub (runner world: generated ONNX / transformers.js repos
 * plus the ONNX fixtures): what it records per candidate, the input kind (corrected by the graph's
 * signature for the runner's pool; "image" only when the input is one), incremental and resumable
 * runs, and the sample across runtimes.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { runOnnxFilesPass } from "../../lib/crawl/onnx-files-pass";
import { ONNX_FIXTURE_AUTHOR } from "../../lib/fake-hub/onnx-fixtures";
import { onnxImageInput } from "../../lib/frameworks/onnx-graph";
import { listRunnable, sampleRunnable } from "../../lib/runner/sample";
import { runnerWorld, TEST_MAX_BYTES, type RunnerWorld } from "../helpers/runner-world";

const FAST = { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 10_000 };

interface OnnxRowT {
  repoId: string;
  status: string;
  onnxPath: string | null;
  weightBytes: number | null;
  inputKind: string | null;
  inputs: string | null;
  signature: string | null;
  tokenizerPath: string | null;
}

let world: RunnerWorld;
beforeAll(async () => {
  world = await runnerWorld({ onnxPass: false });
}, 120_000);
afterAll(async () => {
  await world?.close();
});

function rows(): Map<string, OnnxRowT> {
  const sqlite = openSqlite(world.db, { readonly: true, migrate: false });
  try {
    const list = sqlite.prepare(
      `SELECT m.repo_id AS repoId, o.status, o.onnx_path AS onnxPath, o.weight_bytes AS weightBytes, o.input_kind AS inputKind,
              o.inputs, o.signature, o.tokenizer_path AS tokenizerPath
       FROM onnx_models o JOIN models m ON m.id = o.model_id`,
    ).all() as OnnxRowT[];
    return new Map(list.map((r) => [r.repoId, r]));
  } finally {
    sqlite.close();
  }
}

describe("the ONNX files pass", () => {
  test("an interrupted pass resumes where it stopped; a second run finds nothing due (incremental)", async () => {
    const sqlite = openSqlite(world.db);
    try {
      const stop = new AbortController();
      const first = await runOnnxFilesPass({
        sqlite, hubUrl: world.hub.url, fetch: FAST, maxSignatureBytes: TEST_MAX_BYTES, signal: stop.signal,
        onProgress: (p) => {
          if (p.done >= 3) stop.abort();
        },
      });
      expect(first.status).toBe("interrupted");
      const after = rows().size;
      expect(after).toBeGreaterThanOrEqual(3);
      const resumed = await runOnnxFilesPass({ sqlite, hubUrl: world.hub.url, fetch: FAST, maxSignatureBytes: TEST_MAX_BYTES, resume: true });
      expect(resumed.status).toBe("completed");
      expect(resumed.done).toBeGreaterThan(after);
      const again = await runOnnxFilesPass({ sqlite, hubUrl: world.hub.url, fetch: FAST, maxSignatureBytes: TEST_MAX_BYTES });
      expect(again.status).toBe("completed");
      expect(again.done).toBe(0);
    } finally {
      sqlite.close();
    }
  });

  test("each fixture's graph, size, side files and input kind are recorded; the signature decides for the pool", () => {
    const r = rows();
    for (const f of world.onnx) {
      const row = r.get(f.repo.id)!;
      expect(row, f.name).toBeDefined();
      expect(row.status).toBe("runnable");
      expect(row.weightBytes).toBe(f.weightBytes);
      const expectedKind = f.name === "onnx-oversize" ? null : f.inputKind; // above the 1 MB pool limit: not downloaded
      expect(row.inputKind, f.name).toBe(expectedKind);
    }
    const img = r.get(`${ONNX_FIXTURE_AUTHOR}/onnx-image`)!;
    expect(img.onnxPath).toBe("onnx/model.onnx");
    expect(img.signature).toBe("read");
    expect(JSON.parse(img.inputs!)).toEqual([{ name: "pixel_values", dtype: "float32", shape: [null, 3, 8, 8] }]);
    expect(r.get(`${ONNX_FIXTURE_AUTHOR}/onnx-text`)!.tokenizerPath).toBe("tokenizer.json");
    expect(r.get(`${ONNX_FIXTURE_AUTHOR}/onnx-oversize`)!.signature).toBe("too-large");
    expect(r.get(`${ONNX_FIXTURE_AUTHOR}/onnx-broken`)!.signature).toBe("unreadable");
  });

  test("no model is labelled image unless its graph's one input is an image tensor", () => {
    const r = rows();
    const generated = [...r.values()].filter((x) => !x.repoId.startsWith(`${ONNX_FIXTURE_AUTHOR}/`));
    expect(generated.length).toBeGreaterThan(0);
    for (const row of r.values()) {
      if (row.inputKind !== "image") continue;
      expect(row.signature, row.repoId).toBe("read");
      expect(onnxImageInput(JSON.parse(row.inputs!)), row.repoId).not.toBeNull();
    }
  });

  test("the sample draws both runtimes, stratified, and never shows a non-image model as image", () => {
    const sqlite = openSqlite(world.db, { readonly: true, migrate: false });
    try {
      const all = listRunnable(sqlite);
      expect(new Set(all.map((m) => m.runtime))).toEqual(new Set(["tfjs", "onnx"]));
      const fixtureKinds = new Map(world.onnx.map((f) => [f.repo.id, f.inputKind]));
      for (let k = 0; k < 30; k++) {
        const s = sampleRunnable(all, `s${k}`);
        const byRuntime = (rt: string) => s.filter((m) => m.runtime === rt).length;
        expect(Math.abs(byRuntime("tfjs") - byRuntime("onnx")), `seed s${k}`).toBeLessThanOrEqual(Math.max(2, 12 - 2 * Math.min(byRuntime("tfjs"), byRuntime("onnx"))));
        for (const m of s) {
          if (m.inputKind === "image" && m.runtime === "onnx") expect(fixtureKinds.get(m.repoId) ?? "image").toBe("image");
        }
      }
      const onnx = all.find((m) => m.repoId === `${ONNX_FIXTURE_AUTHOR}/onnx-text`)!;
      expect(onnx).toMatchObject({ runtime: "onnx", format: "onnx", inputKind: "text", modelJsonPath: "onnx/model.onnx" });
      expect(onnx.onnx).toMatchObject({ tokenizerPath: "tokenizer.json", configPath: "config.json" });
    } finally {
      sqlite.close();
    }
  });
});
