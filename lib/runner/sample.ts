/**
 * /try's sample: runnable TF.js models (confirmed by the files pass, in tfjs_models), never gated
 * ones, never models gone from the Hub, drawn at random but stratified by task and by popularity,
 * reproducible from the seed in the URL.
 *
 * Stratification: every (task, popularity tier) pair is a stratum; strata are visited in a seeded
 * random order and each gives one model per round (seeded random within the stratum) until the
 * sample is full. So a sample of 12 covers up to 12 different task x popularity cells before any
 * cell gives a second model, whatever their sizes: the dozens of unpopular untagged TF.js repos do
 * not crowd out the few popular image classifiers, nor the reverse.
 *
 * The runnable set is a few thousand rows at most on the real Hub; it is read whole (one indexed
 * join) and sampled in memory.
 */
import type { Sqlite } from "../../db/index";
import { bitOf } from "../frameworks/classify";
import { imageInputSize, type InputSpec, type TfjsFormat } from "../frameworks/model-json";
import type { InputKind, RunnableModel } from "./types";

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
  revision: string | null;
  modelJsonPath: string;
  format: TfjsFormat;
  weightBytes: number | null;
  shards: number;
  task: string | null;
  downloads30d: number;
  likes: number;
  inputs: string | null;
  labelsPath: string | null;
}

const SELECT = `
  SELECT m.repo_id AS repoId, t.revision AS revision, t.model_json_path AS modelJsonPath, t.format AS format,
         t.weight_bytes AS weightBytes, t.shards AS shards, m.pipeline_tag AS task, m.downloads_30d AS downloads30d,
         m.likes AS likes, t.inputs AS inputs, t.labels_path AS labelsPath
  FROM tfjs_models t JOIN models m ON m.id = t.model_id`;
/** Offered: confirmed TF.js (the bit is set), not gated, still on the Hub. */
const OFFERED = `m.gated IS NULL AND m.gone_since_crawl IS NULL AND (m.framework_mask & ${TFJS_BIT}) != 0`;

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
  return {
    repoId: r.repoId, runtime: "tfjs", inputKind: tfjsInputKind(inputs), onnx: null, revision: r.revision ?? "main", modelJsonPath: r.modelJsonPath, format: r.format,
    weightBytes: r.weightBytes, shards: r.shards, task: r.task, downloads30d: r.downloads30d, likes: r.likes,
    inputs, labelsPath: r.labelsPath,
  };
}

/** A TF.js model's input kind from its declared signature: an image only when its one input is one. */
export function tfjsInputKind(inputs: InputSpec[] | null): InputKind | null {
  if (!inputs) return null;
  return imageInputSize(inputs) ? "image" : "tensor";
}

/** Every runnable model, most downloaded first. */
export function listRunnable(sqlite: Sqlite): RunnableModel[] {
  return sqlite.prepare<[], Row>(`${SELECT} WHERE ${OFFERED} ORDER BY m.downloads_30d DESC, m.repo_id`).all().map(toModel);
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
  const r = sqlite.prepare<[number], Row>(`${SELECT} WHERE m.id = ? AND ${OFFERED}`).get(m.id);
  if (r) return { kind: "runnable", model: toModel(r), fresh };
  return { kind: "known", checked: m.checkedAt !== null, fresh };
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

export function stratumOf(m: Pick<RunnableModel, "task" | "downloads30d">): string {
  return `${m.task ?? ""}|${tierOf(m.downloads30d ?? 0).id}`;
}

/** `n` models of `all`, stratified by task x popularity tier, the same for the same seed and set. */
export function sampleRunnable(all: readonly RunnableModel[], seed: string, n = DEFAULT_SAMPLE_SIZE): RunnableModel[] {
  const rnd = seededRandom(seed);
  const strata = new Map<string, RunnableModel[]>();
  // A fixed order before shuffling, so the draw depends on the seed and the set, not on the query's order.
  for (const m of [...all].sort((a, b) => (a.repoId < b.repoId ? -1 : a.repoId > b.repoId ? 1 : 0))) {
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

/** A fresh random seed for "Draw another sample" (not security-relevant). */
export function newSeed(): string {
  return Math.floor(Math.random() * 36 ** 8).toString(36).padStart(8, "0");
}
