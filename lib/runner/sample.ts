/**
 * /try's sample: runnable models of both runtimes (TF.js confirmed by the files pass, in
 * tfjs_models; ONNX graphs found by the ONNX files pass, in onnx_models), never gated ones, never
 * models gone from the Hub, drawn at random but stratified by runtime, task and popularity,
 * reproducible from the seed in the URL.
 *
 * Stratification: within each runtime, every (task, popularity tier) pair is a stratum; strata are
 * visited in a seeded random order and each gives one model per round (seeded random within the
 * stratum). The runtimes then take turns (TF.js, ONNX, TF.js, ...) until the sample is full. So a
 * sample of 12 holds 6 of each when both have 6 models (the tens of thousands of ONNX repos do not
 * crowd out the few TF.js ones), and each runtime covers its task x popularity cells before any
 * cell gives a second model.
 *
 * The runnable set is read whole (two indexed joins) and sampled in memory: a few thousand TF.js
 * rows and some tens of thousands of ONNX rows on the real Hub (tens of milliseconds).
 */
import type { Sqlite } from "../../db/index";
import { bitOf } from "../frameworks/classify";
import { imageInputSize, type InputSpec } from "../frameworks/model-json";
import { RUNTIMES, type InputKind, type ModelFormat, type RunnableModel } from "./types";

const TFJS_BIT = bitOf("tfjs");

export const DEFAULT_SAMPLE_SIZE = 12;

/** Popularity tiers by 30-day downloads. */
export const TIERS = [
  { id: "none", label: "no downloads", min: 0, max: 0 },
  { id: "some", label: "1-99 downloads", min: 1, max: 99 },
  { id: "popular", label: "100-9,999 downloads", min: 100, max: 9_999 },
  { id: "top", label: "10,000+ downloads", min: 10_000, max: Infinity },
] as const;

export function tierOf(downloads30d: number): (typeof TIERS)[number] {
  return TIERS.find((t) => downloads30d >= t.min && downloads30d <= t.max) ?? TIERS[0];
}

interface Row {
  repoId: string;
  runtime: "tfjs" | "onnx";
  inputKind: InputKind | null;
  tokenizerPath: string | null;
  tokenizerConfigPath: string | null;
  configPath: string | null;
  preprocessorPath: string | null;
  revision: string | null;
  modelJsonPath: string;
  format: ModelFormat;
  weightBytes: number | null;
  shards: number;
  task: string | null;
  downloads30d: number;
  likes: number;
  inputs: string | null;
  labelsPath: string | null;
}

const SELECT = `
  SELECT m.repo_id AS repoId, 'tfjs' AS runtime, NULL AS inputKind, NULL AS tokenizerPath, NULL AS tokenizerConfigPath,
         NULL AS configPath, NULL AS preprocessorPath, t.revision AS revision, t.model_json_path AS modelJsonPath, t.format AS format,
         t.weight_bytes AS weightBytes, t.shards AS shards, m.pipeline_tag AS task, m.downloads_30d AS downloads30d,
         m.likes AS likes, t.inputs AS inputs, t.labels_path AS labelsPath
  FROM tfjs_models t JOIN models m ON m.id = t.model_id`;
/** Offered: confirmed TF.js (the bit is set), not gated, still on the Hub. */
const OFFERED = `m.gated IS NULL AND m.gone_since_crawl IS NULL AND (m.framework_mask & ${TFJS_BIT}) != 0`;

/** The ONNX side: the graph the runner loads, its side files, the input kind the pass inferred. */
const SELECT_ONNX = `
  SELECT m.repo_id AS repoId, 'onnx' AS runtime, o.input_kind AS inputKind, o.tokenizer_path AS tokenizerPath,
         o.tokenizer_config_path AS tokenizerConfigPath, o.config_path AS configPath, o.preprocessor_path AS preprocessorPath,
         o.revision AS revision, o.onnx_path AS modelJsonPath, 'onnx' AS format, o.weight_bytes AS weightBytes, 1 AS shards,
         m.pipeline_tag AS task, m.downloads_30d AS downloads30d, m.likes AS likes, o.inputs AS inputs, o.config_path AS labelsPath
  FROM onnx_models o JOIN models m ON m.id = o.model_id`;
/** Offered: a runnable ONNX graph, not gated, still on the Hub. */
const OFFERED_ONNX = "o.status = 'runnable' AND m.gated IS NULL AND m.gone_since_crawl IS NULL";

function parseInputs(text: string | null): InputSpec[] | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as InputSpec[]) : null;
  } catch {
    return null;
  }
}

function toModel(r: Row): RunnableModel {
  const inputs = parseInputs(r.inputs);
  const onnx = r.runtime === "onnx"
    ? { tokenizerPath: r.tokenizerPath, tokenizerConfigPath: r.tokenizerConfigPath, configPath: r.configPath, preprocessorPath: r.preprocessorPath }
    : null;
  return {
    repoId: r.repoId, runtime: r.runtime, inputKind: r.runtime === "onnx" ? r.inputKind : tfjsInputKind(inputs), onnx, revision: r.revision ?? "main", modelJsonPath: r.modelJsonPath, format: r.format,
    weightBytes: r.weightBytes, shards: r.shards, task: r.task, downloads30d: r.downloads30d, likes: r.likes,
    inputs, labelsPath: r.labelsPath,
  };
}

/** A TF.js model's input kind from its declared signature: an image only when its one input is one. */
export function tfjsInputKind(inputs: InputSpec[] | null): InputKind | null {
  if (!inputs) return null;
  return imageInputSize(inputs) ? "image" : "tensor";
}

/** Every runnable model of both runtimes, most downloaded first. */
export function listRunnable(sqlite: Sqlite): RunnableModel[] {
  return sqlite
    .prepare<[], Row>(`SELECT * FROM (${SELECT} WHERE ${OFFERED} UNION ALL ${SELECT_ONNX} WHERE ${OFFERED_ONNX}) ORDER BY downloads30d DESC, repoId, runtime`)
    .all()
    .map(toModel);
}

export type StoredLookup =
  | { kind: "runnable"; model: RunnableModel; fresh: boolean }
  | { kind: "gated" }
  | { kind: "known"; checked: boolean; fresh: boolean }
  | { kind: "unknown" };

/**
 * What the database knows of a repo id (current name, any letter case, or a name it had before a
 * rename): runnable (and whether its check is newer than the repo's last change), gated, known but
 * not runnable, or unknown.
 */
export function lookupStored(sqlite: Sqlite, repoId: string): StoredLookup {
  const m = sqlite
    .prepare<[string, string, string], { id: number; gated: string | null; gone: number | null; checkedAt: number | null; lastModified: number | null }>(
      `SELECT id, gated, gone_since_crawl AS gone, files_checked_at AS checkedAt, last_modified AS lastModified FROM models
       WHERE id IN (SELECT id FROM models WHERE repo_id = ? COLLATE NOCASE AND repo_id = ?
         UNION ALL SELECT id FROM models WHERE hub_id = (SELECT hub_id FROM model_renames WHERE old_repo_id = ? ORDER BY id DESC LIMIT 1))
       ORDER BY id LIMIT 1`,
    )
    .get(repoId, repoId, repoId) ??
    sqlite
      .prepare<[string], { id: number; gated: string | null; gone: number | null; checkedAt: number | null; lastModified: number | null }>(
        `SELECT id, gated, gone_since_crawl AS gone, files_checked_at AS checkedAt, last_modified AS lastModified FROM models
         WHERE repo_id = ? COLLATE NOCASE ORDER BY id LIMIT 1`,
      )
      .get(repoId);
  if (!m) return { kind: "unknown" };
  if (m.gated !== null) return { kind: "gated" };
  const fresh = m.checkedAt !== null && (m.lastModified === null || m.checkedAt >= m.lastModified) && m.gone === null;
  // TF.js first: a repo with both a model.json and a .onnx runs on TensorFlow.js, as before ONNX was offered.
  const r = sqlite.prepare<[number], Row>(`${SELECT} WHERE m.id = ? AND ${OFFERED}`).get(m.id)
    ?? sqlite.prepare<[number], Row>(`${SELECT_ONNX} WHERE m.id = ? AND ${OFFERED_ONNX}`).get(m.id);
  if (r) return { kind: "runnable", model: toModel(r), fresh: r.runtime === "onnx" ? onnxFresh(sqlite, m.id, m.lastModified, m.gone) : fresh };
  return { kind: "known", checked: m.checkedAt !== null, fresh };
}

/** An ONNX row is fresh when its check is not older than the repo's last change. */
function onnxFresh(sqlite: Sqlite, id: number, lastModified: number | null, gone: number | null): boolean {
  const o = sqlite.prepare<[number], { checkedAt: number }>("SELECT checked_at AS checkedAt FROM onnx_models WHERE model_id = ?").get(id);
  return !!o && gone === null && (lastModified === null || o.checkedAt >= lastModified);
}

// ---------------------------------------------------------------------------------------------
// Seeded sampling (pure)
// ---------------------------------------------------------------------------------------------

/** FNV-1a of a string, then mulberry32: a small seeded PRNG with values in [0, 1). */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let k = 0; k < seed.length; k++) {
    h ^= seed.charCodeAt(k);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let a = h;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let k = xs.length - 1; k > 0; k--) {
    const j = Math.floor(rnd() * (k + 1));
    [xs[k], xs[j]] = [xs[j], xs[k]];
  }
  return xs;
}

export function stratumOf(m: Pick<RunnableModel, "runtime" | "task" | "downloads30d">): string {
  return `${m.runtime}|${m.task ?? ""}|${tierOf(m.downloads30d ?? 0).id}`;
}

/** Lists taken in turns: a[0], b[0], a[1], b[1], ... then the rest of the longer one. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let k = 0; lists.some((l) => k < l.length); k++) for (const l of lists) if (k < l.length) out.push(l[k]);
  return out;
}

/** Up to `n` of `models` in stratum turns: strata in a seeded order, one model each per round. */
function stratified(models: readonly RunnableModel[], rnd: () => number, n: number): RunnableModel[] {
  const strata = new Map<string, RunnableModel[]>();
  for (const m of models) {
    const key = stratumOf(m);
    const list = strata.get(key);
    if (list) list.push(m);
    else strata.set(key, [m]);
  }
  const order = shuffle([...strata.keys()].sort(), rnd).map((k) => shuffle(strata.get(k)!, rnd));
  const out: RunnableModel[] = [];
  for (let round = 0; out.length < n; round++) {
    let took = false;
    for (const list of order) {
      if (round < list.length && out.length < n) {
        out.push(list[round]);
        took = true;
      }
    }
    if (!took) break;
  }
  return out;
}

/**
 * `n` models of `all`, the same for the same seed and set: each runtime's models drawn in stratum
 * turns (task x popularity tier), then the runtimes in turns (which one starts is seeded).
 */
export function sampleRunnable(all: readonly RunnableModel[], seed: string, n = DEFAULT_SAMPLE_SIZE): RunnableModel[] {
  const rnd = seededRandom(seed);
  // A fixed order before shuffling, so the draw depends on the seed and the set, not on the query's order.
  const sorted = [...all].sort((a, b) => (a.repoId < b.repoId ? -1 : a.repoId > b.repoId ? 1 : a.runtime < b.runtime ? -1 : 1));
  const perRuntime = RUNTIMES.map((r) => stratified(sorted.filter((m) => m.runtime === r), rnd, n));
  return interleave(rnd() < 0.5 ? perRuntime : perRuntime.reverse()).slice(0, n);
}

/** A fresh random seed for "Draw another sample" (not security-relevant). */
export function newSeed(): string {
  return Math.floor(Math.random() * 36 ** 8).toString(36).padStart(8, "0");
}
