/** The sample's stratification and seeding, and the results endpoint's validation, storage, rates and limits (in process). */
import path from "node:path";
import { describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { BadResult, getRunnerStats, recordResult, runnerStatsTable, validateResult } from "../../lib/runner/results";
import { sampleRunnable, stratumOf, tierOf } from "../../lib/runner/sample";
import type { RunnableModel } from "../../lib/runner/types";
import { tempDir } from "../helpers/cli";

function model(repoId: string, task: string | null, downloads30d: number): RunnableModel {
  return {
    repoId, revision: "main", modelJsonPath: "model.json", format: "layers-model", weightBytes: 100, shards: 1, task, downloads30d,
    likes: 0, inputs: null, labelsPath: null,
  };
}

describe("sample", () => {
  // 60 unpopular untagged models, 20 image classifiers across popularity tiers, 3 popular text classifiers.
  const all: RunnableModel[] = [
    ...Array.from({ length: 60 }, (_, k) => model(`u/plain-${k}`, null, 0)),
    ...Array.from({ length: 20 }, (_, k) => model(`u/image-${k}`, "image-classification", [0, 5, 500, 50_000][k % 4])),
    ...Array.from({ length: 3 }, (_, k) => model(`u/text-${k}`, "text-classification", 2_000)),
  ];

  test("same seed, same sample (whatever the input order); another seed, another sample", () => {
    const a = sampleRunnable(all, "abc");
    expect(a).toHaveLength(12);
    expect(sampleRunnable([...all].reverse(), "abc")).toEqual(a);
    expect(sampleRunnable(all, "abd").map((m) => m.repoId)).not.toEqual(a.map((m) => m.repoId));
    expect(new Set(a.map((m) => m.repoId)).size).toBe(12);
  });

  test("stratified by task x popularity: every stratum is represented before any gives a second model", () => {
    const strata = new Set(all.map(stratumOf));
    expect(strata.size).toBe(6);
    for (const seed of ["a", "b", "c", "d", "e"]) {
      const s = sampleRunnable(all, seed);
      // 6 strata, 12 picks: each stratum gives exactly 2 (each has at least 3 models).
      const counts = new Map<string, number>();
      for (const m of s) counts.set(stratumOf(m), (counts.get(stratumOf(m)) ?? 0) + 1);
      expect([...counts.values()].sort()).toEqual([2, 2, 2, 2, 2, 2]);
      // The 60 plain models (72% of the set) take 2 of 12 places, not 9.
      expect(s.filter((m) => m.task === null)).toHaveLength(2);
    }
    expect(tierOf(0).id).toBe("none");
    expect(tierOf(99).id).toBe("some");
    expect(tierOf(100).id).toBe("popular");
    expect(tierOf(10_000).id).toBe("top");
  });

  test("fewer models than places: all of them, once", () => {
    const few = all.slice(60, 65);
    expect(sampleRunnable(few, "x").map((m) => m.repoId).sort()).toEqual(few.map((m) => m.repoId).sort());
    expect(sampleRunnable([], "x")).toEqual([]);
  });
});

describe("results", () => {
  test("validation names the field that is wrong", () => {
    const ok = { model: "a/b", backend: "wasm", outcome: "ok", loadMs: 12.5, firstMs: 3, warmMs: 0.4 };
    expect(validateResult(ok)).toMatchObject({ model: "a/b", backend: "wasm", outcome: "ok", loadMs: 12.5, format: null });
    expect(validateResult({ model: "a/b", backend: "cpu", outcome: "missing-shard" })).toMatchObject({ outcome: "missing-shard", loadMs: null });
    const bad: [unknown, string][] = [
      [[], "body"],
      [null, "body"],
      [{ ...ok, model: "not a model id" }, "model"],
      [{ ...ok, model: 42 }, "model"],
      [{ ...ok, backend: "gpu" }, "backend"],
      [{ ...ok, outcome: "exploded" }, "outcome"],
      [{ ...ok, loadMs: -1 }, "loadMs"],
      [{ ...ok, firstMs: "fast" }, "firstMs"],
      [{ ...ok, firstMs: undefined }, "firstMs"],
      [{ ...ok, warmMs: 1e12 }, "warmMs"],
      [{ ...ok, format: "onnx" }, "format"],
      [{ ...ok, ip: "1.2.3.4" }, "ip"],
      [{ ...ok, userAgent: "x" }, "userAgent"],
    ];
    for (const [body, field] of bad) {
      let err: unknown;
      try {
        validateResult(body);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(body)).toBeInstanceOf(BadResult);
      expect((err as BadResult).field, JSON.stringify(body)).toBe(field);
      expect((err as BadResult).message).toContain(field === "body" ? "JSON object" : field);
    }
  });

  test("stored with format and task from the database; the rates by format and task move with each run", () => {
    const sqlite = openSqlite(path.join(tempDir(), "r.db"));
    sqlite.prepare("INSERT INTO models (id, hub_id, repo_id, created_at, first_seen_crawl, last_seen_crawl, pipeline_tag) VALUES (1, 'h1', 'org/img', 0, 1, 1, 'image-classification')").run();
    sqlite.prepare("INSERT INTO tfjs_models (model_id, model_json_path, format, weight_bytes, shards, checked_at) VALUES (1, 'model.json', 'graph-model', 4000, 1, 0)").run();
    expect(runnerStatsTable(getRunnerStats(sqlite)).empty).toMatch(/No model has been run/);

    recordResult(sqlite, validateResult({ model: "org/img", backend: "wasm", outcome: "ok", loadMs: 40, firstMs: 5, format: "layers-model" }));
    let s = getRunnerStats(sqlite);
    // The database's format wins over the page's claim; the task comes from the database.
    expect(s.byFormat).toEqual([expect.objectContaining({ value: "graph-model", runs: 1, ok: 1, successPct: 100, medianLoadMs: 40 })]);
    expect(s.byTask).toEqual([expect.objectContaining({ value: "image-classification", runs: 1, ok: 1 })]);

    recordResult(sqlite, validateResult({ model: "org/img", backend: "webgl", outcome: "shape-mismatch" }));
    // Not in the database: the page's format, no task.
    recordResult(sqlite, validateResult({ model: "someone/typed", backend: "cpu", outcome: "cors", format: "layers-model" }));
    s = getRunnerStats(sqlite);
    expect(s).toMatchObject({ runs: 3, ok: 1 });
    expect(s.byFormat.find((r) => r.value === "graph-model")).toMatchObject({ runs: 2, ok: 1, successPct: 50, topError: "shape-mismatch" });
    expect(s.byFormat.find((r) => r.value === "layers-model")).toMatchObject({ runs: 1, ok: 0, successPct: 0, topError: "cors" });
    expect(s.byTask.find((r) => r.value === "")).toMatchObject({ runs: 1, ok: 0 });
    const table = runnerStatsTable(s);
    expect(table.rows.map((r) => r.cells[0])).toEqual(["Format: GraphModel", "Format: LayersModel", "Task: image-classification", "Task: no task"]);
    expect(table.rows[0].cells.slice(1, 4)).toEqual([2, 1, 50]);
    // No personal data: the stored columns are the model, the run and when.
    const cols = (sqlite.prepare("PRAGMA table_info(runner_results)").all() as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(["id", "created_at", "repo_id", "model_id", "format", "task", "backend", "outcome", "load_ms", "first_ms", "warm_ms", "weight_bytes"]);
    sqlite.close();
  });
});
