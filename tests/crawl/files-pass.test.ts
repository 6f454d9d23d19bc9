/**
 * The tfjs files pass end to end: a listing crawl of the fake Hub into a real SQLite file, then
 * model info with siblings and model.json downloads through the real client over loopback.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { bitOf, classifyTags, tfjsModelDirs } from "../../lib/frameworks/classify";
import { inspectModelJson, runFilesPass, type FilesPassOptions } from "../../lib/crawl/files-pass";
import { runCrawl } from "../../lib/crawl/run-crawl";
import { COHORT_FLOOR_SQL, COHORT_TIME_SQL } from "../../lib/rollups/rollups";
import { startFakeHub, type FakeHub, type FakeModel } from "../../lib/fake-hub/server";
import { runCli, tempDir } from "../helpers/cli";

const FAST = { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 5000 };
const FAST_ENV = { CRAWL_RETRY_BASE_MS: "5", CRAWL_REQUEST_TIMEOUT_MS: "5000" };
const TFJS = bitOf("tfjs");

let hub: FakeHub;
let truth: FakeModel[];
let candidates: FakeModel[];
/** Pinned repos of the fake Hub (lib/fake-hub/specials.ts). */
let special: (index: number) => FakeModel;

beforeAll(async () => {
  hub = await startFakeHub({ models: 2_000, seed: 11, day: "2026-11-27", rateLimit: false });
  truth = hub.truth().filter((m) => !m.private);
  candidates = truth.filter((m) => (classifyTags(m.tags, m.library_name).candidates & TFJS) !== 0);
  special = (i) => {
    const m = truth.find((x) => x.index === i);
    if (!m) throw new Error(`no model at index ${i}`);
    return m;
  };
});
afterAll(() => hub.close());

/** What an anonymous files pass must find for a model of the fake Hub. */
function expectedStatus(m: FakeModel): "confirmed" | "unreadable" | "not-tfjs" {
  if (m.kind !== "tfjs") return "not-tfjs";
  return m.gated === false ? "confirmed" : "unreadable";
}

async function crawledDb(): Promise<{ sqlite: Sqlite; file: string }> {
  const file = path.join(tempDir(), "t.db");
  const sqlite = openSqlite(file);
  const s = await runCrawl({ sqlite, hubUrl: hub.url, scope: {}, fetch: FAST });
  expect(s.status).toBe("completed");
  return { sqlite, file };
}

function filesPass(sqlite: Sqlite, extra: Partial<FilesPassOptions> = {}) {
  return runFilesPass({ sqlite, hubUrl: hub.url, fetch: FAST, ...extra });
}

function row(sqlite: Sqlite, hubId: string) {
  return sqlite.prepare("SELECT framework_mask AS mask, files_checked_at AS checked FROM models WHERE hub_id = ?").get(hubId) as {
    mask: number;
    checked: number | null;
  };
}

/** tfjs_models rows (what /try samples), by hub id. */
function runnable(sqlite: Sqlite): Record<string, { path: string; format: string; bytes: number | null; shards: number; revision: string | null; inputs: string | null; labels: string | null }> {
  const rows = sqlite
    .prepare(
      `SELECT m.hub_id AS hubId, t.model_json_path AS path, t.format, t.weight_bytes AS bytes, t.shards, t.revision, t.inputs, t.labels_path AS labels
       FROM tfjs_models t JOIN models m ON m.id = t.model_id`,
    )
    .all() as { hubId: string; path: string; format: string; bytes: number | null; shards: number; revision: string | null; inputs: string | null; labels: string | null }[];
  return Object.fromEntries(rows.map(({ hubId, ...r }) => [hubId, r]));
}

function checkedIds(sqlite: Sqlite): string[] {
  return (sqlite.prepare("SELECT hub_id FROM models WHERE files_checked_at IS NOT NULL ORDER BY hub_id").all() as { hub_id: string }[]).map((r) => r.hub_id);
}

function cohortsMatchRecount(sqlite: Sqlite) {
  const rolled = sqlite
    .prepare("SELECT period_start, created_floor, framework_mask, task, models FROM rollup_cohorts WHERE framework_mask < 65536 AND period = 'month' ORDER BY 1, 2, 3, 4")
    .all();
  const recount = sqlite
    .prepare(
      `SELECT strftime('%Y-%m-01', ${COHORT_TIME_SQL}, 'unixepoch') AS period_start, ${COHORT_FLOOR_SQL} AS created_floor,
         m.framework_mask, COALESCE(m.pipeline_tag, '') AS task, count(*) AS models
       FROM models m WHERE m.gone_since_crawl IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    )
    .all();
  expect(rolled).toEqual(recount);
}

describe("tfjs files pass", () => {
  test("checks the candidates and only them; real TF.js repos get the bit with the right format and weight bytes; rerun is free", async () => {
    const { sqlite } = await crawledDb();
    // Candidates = tagged tfjs / tf.js / tensorflowjs or library_name tfjs; untagged TF.js repos are not.
    expect(candidates.length).toBeGreaterThan(3);
    expect(truth.some((m) => m.kind === "tfjs" && !candidates.includes(m))).toBe(true);
    expect(sqlite.prepare(`SELECT count(*) AS n FROM models WHERE (framework_mask & ${TFJS}) != 0`).get()).toEqual({ n: 0 });

    hub.resetStats();
    const s = await filesPass(sqlite);
    expect(s.status, s.error).toBe("completed");
    expect(s.kind).toBe("files");
    expect(s.done).toBe(candidates.length);
    // One model-info request per candidate, one model.json download per TF.js folder; nothing else.
    const dirs = candidates.reduce((n, m) => n + tfjsModelDirs(m.siblings).length, 0);
    expect(hub.stats().byRoute).toEqual({ "models.info": candidates.length, resolve: dirs });
    expect(s.requests).toBe(candidates.length + dirs);
    expect(checkedIds(sqlite)).toEqual(candidates.map((m) => m._id).sort());

    for (const m of candidates) {
      const r = s.results.find((x) => x.repoId === m.id)!;
      const status = expectedStatus(m);
      expect(r.status, m.id).toBe(status);
      if (status === "confirmed") {
        expect(r.confirmed).toBe(true);
        expect(r.format).toBe("layers-model");
        expect(r.weightBytes, m.id).toBe(hub.tfjsWeights(m.id)!.length);
        expect(row(sqlite, m._id).mask & TFJS).toBe(TFJS);
      } else {
        // Not TF.js, or a gated repo whose model.json needs access: no bit.
        expect(r.confirmed, m.id).toBe(false);
        expect(row(sqlite, m._id).mask & TFJS).toBe(0);
      }
    }
    expect(s.counts.confirmed).toBe(candidates.filter((m) => expectedStatus(m) === "confirmed").length);
    expect(s.counts.confirmed).toBeGreaterThanOrEqual(3);
    expect(s.changed).toBe(s.counts.confirmed);
    // Only the tfjs bit moved; the rollups count the new masks.
    expect(s.rollupsRefreshed).toBe(true);
    cohortsMatchRecount(sqlite);
    expect((sqlite.prepare(`SELECT sum(models) AS n FROM rollup_cohorts WHERE framework_mask < 65536 AND period = 'month' AND (framework_mask & ${TFJS}) != 0`).get() as { n: number }).n).toBe(s.counts.confirmed);
    expect(sqlite.prepare("SELECT kind, status, models_seen FROM crawls WHERE id = ?").get(s.crawlId)).toEqual({ kind: "files", status: "completed", models_seen: candidates.length });

    // Nothing is due any more: no request at all.
    hub.resetStats();
    const again = await filesPass(sqlite);
    expect(again.done).toBe(0);
    expect(hub.stats().requests).toBe(0);

    // A candidate modified after its check is checked again, and only it.
    const touched = candidates.find((m) => expectedStatus(m) === "confirmed")!;
    sqlite.prepare("UPDATE models SET last_modified = files_checked_at + 60 WHERE hub_id = ?").run(touched._id);
    hub.resetStats();
    const third = await filesPass(sqlite);
    expect(third.results.map((r) => r.repoId)).toEqual([touched.id]);
    expect(hub.stats().byRoute).toEqual({ "models.info": 1, resolve: 1 });
    expect(third.changed).toBe(0);
    expect(third.rollupsRefreshed).toBe(false);
    // A listing crawl keeps the confirmed bit (the listing cannot see files).
    const recrawl = await runCrawl({ sqlite, hubUrl: hub.url, scope: {}, fetch: FAST });
    expect(recrawl.status).toBe("completed");
    expect(row(sqlite, touched._id).mask & TFJS).toBe(TFJS);
    sqlite.close();
  });

  test("--model checks any stored model on demand: every TF.js variant is confirmed with its weight bytes, look-alikes are not, a gated one needs access", async () => {
    const { sqlite } = await crawledDb();
    // Pinned repos (lib/fake-hub/specials.ts): 60 layers, 61 sub-folder, 62 uint8-quantized,
    // 63 old converter output without `format`, 64 HF's extension-less shard names;
    // 66 a lone model.json (not TF.js), 67 a transformers.js (ONNX) repo.
    const variants = [60, 61, 62, 63, 64].map(special);
    const [, subfolder, quantized, , noext] = variants;
    const lone = special(66);
    const tjs = special(67);
    expect(subfolder.siblings).toContain("web_model/model.json");
    expect(noext.siblings).toContain("group1-shard1of2");
    expect(lone.siblings).toContain("model.json");
    expect(tjs.siblings.some((p) => p.endsWith(".onnx"))).toBe(true);
    const nonCandidates = [...variants, lone, tjs].filter((m) => !candidates.includes(m));
    expect(nonCandidates.length).toBeGreaterThan(0);

    hub.resetStats();
    const s = await filesPass(sqlite, { models: [...variants, lone, tjs].map((m) => m.id).concat("nobody/not-crawled") });
    expect(s.status, s.error).toBe("completed");
    expect(s.missing).toEqual(["nobody/not-crawled"]);
    expect(s.done).toBe(7);
    // Look-alikes are ruled out from the file list alone: only the TF.js repos' model.json are read.
    expect(hub.stats().byRoute).toEqual({ "models.info": 7, resolve: 5 });
    for (const m of variants) {
      const r = s.results.find((x) => x.repoId === m.id)!;
      expect(r, m.id).toMatchObject({ confirmed: true, status: "confirmed", format: "layers-model" });
      expect(r.weightBytes, m.id).toBe(hub.tfjsWeights(m.id)!.length);
      expect(row(sqlite, m._id).mask & TFJS).toBe(TFJS);
    }
    expect(s.results.find((r) => r.repoId === subfolder.id)!.dirs).toEqual(["web_model/"]);
    // uint8-quantised float32 weights: 1 byte per value (a quarter of the float32 size).
    const q = s.results.find((r) => r.repoId === quantized.id)!;
    expect(q.weightBytes).toBe(hub.tfjsWeights(quantized.id)!.length);
    expect(s.results.find((r) => r.repoId === variants[0].id)!.weightBytes).toBe(q.weightBytes! * 4);
    for (const m of [lone, tjs]) {
      const r = s.results.find((x) => x.repoId === m.id)!;
      expect(r).toMatchObject({ confirmed: false, status: "not-tfjs", dirs: [] });
      expect(row(sqlite, m._id).checked).not.toBeNull();
      expect(row(sqlite, m._id).mask & TFJS).toBe(0);
    }
    cohortsMatchRecount(sqlite);

    // A gated TF.js repo: the file list is public, model.json is not without access.
    const gated = truth.find((m) => m.kind === "tfjs" && m.gated !== false);
    expect(gated).toBeDefined();
    const g = gated!;
    const before = row(sqlite, g._id).mask;
    const anon = await filesPass(sqlite, { models: [g.id] });
    expect(anon.results[0]).toMatchObject({ confirmed: false, status: "unreadable" });
    expect(anon.results[0].dirResults[0].httpStatus).toBe(401);
    expect(row(sqlite, g._id).mask).toBe(before);
    expect(row(sqlite, g._id).checked).not.toBeNull();
    const withToken = await filesPass(sqlite, { models: [g.id], token: "hf_testtoken123" });
    expect(withToken.results[0]).toMatchObject({ confirmed: true, weightBytes: hub.tfjsWeights(g.id)!.length });
    expect(row(sqlite, g._id).mask & TFJS).toBe(TFJS);
    sqlite.close();
  });

  test("what the runner needs is stored with each check: model.json path, format, weight bytes (quantized right), shards, revision, inputs, labels; removed when no longer TF.js", async () => {
    const { sqlite } = await crawledDb();
    const variants = [60, 61, 62, 63, 64].map(special);
    const lone = special(66);
    // A stale row for a repo that is not TF.js (as if an earlier check had confirmed it): the check removes it.
    const loneId = (sqlite.prepare("SELECT id FROM models WHERE hub_id = ?").get(lone._id) as { id: number }).id;
    sqlite.prepare("INSERT INTO tfjs_models (model_id, model_json_path, format, weight_bytes, shards, checked_at) VALUES (?, 'model.json', 'layers-model', 1, 1, 1)").run(loneId);
    const gated = truth.find((m) => m.kind === "tfjs" && m.gated !== false)!;
    const s = await filesPass(sqlite, { models: [...variants, lone, gated].map((m) => m.id) });
    expect(s.status, s.error).toBe("completed");
    const rows = runnable(sqlite);
    expect(Object.keys(rows).sort()).toEqual(variants.map((m) => m._id).sort());
    for (const m of variants) {
      const r = rows[m._id];
      const modelJson = m.siblings.find((p) => p.endsWith("model.json"))!;
      expect(r, m.id).toMatchObject({ path: modelJson, format: "layers-model", bytes: hub.tfjsWeights(m.id)!.length, shards: 2, revision: m.sha });
      // The input signature from model.json: the pinned repos take 16 features.
      expect(JSON.parse(r.inputs!)).toEqual([expect.objectContaining({ shape: [null, 16], dtype: "float32" })]);
      const dir = modelJson.slice(0, -"model.json".length);
      expect(r.labels, m.id).toBe(m.siblings.includes(`${dir}metadata.json`) ? `${dir}metadata.json` : null);
    }
    // uint8-quantized: 1 byte per value, a quarter of the float32 repo's bytes.
    expect(rows[special(62)._id].bytes).toBe(rows[special(60)._id].bytes! / 4);
    expect(rows[special(61)._id].path).toBe("web_model/model.json");
    // Unreadable (gated, anonymous): no evidence either way, no row added.
    expect(rows[gated._id]).toBeUndefined();
    sqlite.close();
  });

  test("interrupted by its signal, then resumed: same row, same final state as one run", async () => {
    const { sqlite } = await crawledDb();
    const stop = new AbortController();
    const first = await filesPass(sqlite, { signal: stop.signal, onProgress: (p) => p.done >= 2 && stop.abort() });
    expect(first.status).toBe("interrupted");
    expect(checkedIds(sqlite)).toHaveLength(2);
    const second = await filesPass(sqlite, { resume: true });
    expect(second.status, second.error).toBe("completed");
    expect(second.crawlId).toBe(first.crawlId);
    expect(second.done).toBe(candidates.length);
    expect(checkedIds(sqlite)).toEqual(candidates.map((m) => m._id).sort());
    const confirmed = (sqlite.prepare(`SELECT hub_id FROM models WHERE (framework_mask & ${TFJS}) != 0 ORDER BY hub_id`).all() as { hub_id: string }[]).map((r) => r.hub_id);
    expect(confirmed).toEqual(candidates.filter((m) => expectedStatus(m) === "confirmed").map((m) => m._id).sort());
    // The runner's rows are written with the masks, repo by repo: the same set after a resume.
    expect(Object.keys(runnable(sqlite)).sort()).toEqual(confirmed);
    expect(sqlite.prepare("SELECT status, resumes FROM crawls WHERE kind = 'files'").all()).toEqual([{ status: "completed", resumes: 1 }]);
    cohortsMatchRecount(sqlite);
    sqlite.close();
  });
});

describe("model.json inspection", () => {
  const manifest = [{ paths: ["group1-shard1of1.bin"], weights: [{ name: "k", shape: [3, 4], dtype: "float32" }] }];
  test.each([
    ["layers model", { format: "layers-model", modelTopology: {}, weightsManifest: manifest }, true, "layers-model", 48],
    ["graph model by topology", { modelTopology: { node: [] }, weightsManifest: manifest }, true, "graph-model", 48],
    ["keras topology, no format", { modelTopology: { model_config: {} }, weightsManifest: manifest }, true, "layers-model", 48],
    ["convertedBy only", { convertedBy: "TensorFlow.js Converter v4", weightsManifest: manifest }, true, "unknown", 48],
    [
      "quantized uint16 / float16 / int32 / bool",
      {
        format: "graph-model",
        weightsManifest: [{
          paths: ["a"],
          weights: [
            { name: "a", shape: [10], dtype: "float32", quantization: { dtype: "uint16", min: 0, scale: 1 } },
            { name: "b", shape: [2, 5], dtype: "float32", quantization: { dtype: "float16" } },
            { name: "c", shape: [3], dtype: "int32" },
            { name: "d", shape: [], dtype: "bool" },
          ],
        }],
      },
      true, "graph-model", 20 + 20 + 12 + 1,
    ],
    ["a config that is not TF.js", { architectures: ["X"], model_type: "y" }, false, undefined, undefined],
    ["manifest without a topology marker", { weightsManifest: manifest }, false, undefined, undefined],
    ["manifest entry without weights", { format: "layers-model", weightsManifest: [{ paths: ["a"] }] }, false, undefined, undefined],
  ])("%s", (_name, json, isTfjs, format, bytes) => {
    const r = inspectModelJson(json);
    expect(r.isTfjs).toBe(isTfjs);
    if (isTfjs) {
      expect(r.format).toBe(format);
      expect(r.weightBytes).toBe(bytes);
    }
  });
});

describe("files pass CLI", () => {
  test("--help 0, bad flags 2, --model prints what it found and one summary line", async () => {
    const { sqlite, file } = await crawledDb();
    sqlite.close();
    const env = { DATABASE_PATH: file, HF_ENDPOINT: hub.url, ...FAST_ENV };
    const quantized = special(62);
    const [help, bad, empty, resumeModel, ok] = await Promise.all([
      runCli("detect-files.ts", ["--help"], env),
      runCli("detect-files.ts", ["--bogus"], env),
      runCli("detect-files.ts", ["--model", ""], env),
      runCli("detect-files.ts", ["--resume", "--model", "a/b"], env),
      runCli("detect-files.ts", ["--model", quantized.id, "--quiet"], env),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run crawl:files/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--bogus'/);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--model must not be empty/);
    expect(resumeModel.code).toBe(2);
    expect(ok.code, ok.stderr).toBe(0);
    const lines = ok.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^files #\d+ completed: 1 models checked \(1 tfjs confirmed, 0 not tfjs, 0 unreadable, 0 not-found, 0 errors\), 1 masks changed in .*, 2 requests, 0 retries, 0 rate-limit waits .*, rollups refreshed$/);
    expect(ok.stderr).toContain(`${quantized.id}: TF.js confirmed (layers-model, ${hub.tfjsWeights(quantized.id)!.length} weight bytes)`);

    const all = await runCli("detect-files.ts", [], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(new RegExp(`^files #\\d+ completed: ${candidates.length} models checked`));
  });
});
