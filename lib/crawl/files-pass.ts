/**
 * The tfjs files pass (decisions.md "Frameworks and detection"): full crawls do not expand file
 * lists, so tfjs is only a *candidate* after a listing (tags tfjs / tf.js / tensorflowjs or
 * library_name tfjs). This pass reads each candidate's file list (modelInfo with siblings), finds
 * folders holding a model.json with weight shards beside it (`tfjsModelDirs`), downloads each such
 * model.json through the resolver and confirms it is TF.js (hub-api.md §2.3, runner.md):
 * - JSON with `weightsManifest`: an array of groups, each with `paths` and `weights`;
 * - and `modelTopology`, or `format` layers-model / graph-model, or `convertedBy`;
 * - and every shard path of the manifest present in the repo's file list.
 * Confirmed -> the tfjs bit is set in framework_mask; read and not confirmed (or no model.json with
 * shards) -> the bit is cleared. `files_checked_at` is set for every model checked.
 *
 * What happens at the edges (kept simple on purpose):
 * - model.json that cannot be downloaded (401/403 for a gated repo without access, 404, ...) while
 *   the file list shows it: the model is recorded as checked with status "unreadable" and its mask
 *   is left as it was (no evidence either way). It is re-checked when the repo changes.
 * - the repo itself gone (404/401/410 on the model info): status "not-found", checked, mask kept.
 * - any other failure (5xx after retries, network): the repo is not written and a later run retries.
 *
 * Which models: without `models`, the candidates whose files were never checked or were checked
 * before the repo's last modification; with `models` (repo ids a user asked about), those models,
 * candidates or not, whatever their last check.
 */
import { modelInfo } from "@huggingface/hub";
import type { Sqlite } from "../../db/index";
import { bitOf, tfjsModelDirs } from "../frameworks/classify";
import {
  checkCredentials, isRepoGone, runRepoPass, type PassContext, type PassDefinition, type PassOptions,
  type PassRow, type PassSummary,
} from "./backfill";

export type TfjsFormat = "layers-model" | "graph-model" | "unknown";

export interface TfjsDirResult {
  /** Folder with trailing slash, "" for the repo root. */
  dir: string;
  confirmed: boolean;
  format?: TfjsFormat;
  weightBytes?: number;
  /** Why the dir is not confirmed (absent when confirmed). */
  reason?: string;
  /** The model.json download failed with this HTTP status. */
  httpStatus?: number;
}

/**
 * A model's result, shaped so that a later migration can persist it as is (format, weight bytes).
 * For a repo with several TF.js folders, `format` is the first confirmed folder's and
 * `weightBytes` the sum over confirmed folders; `dirResults` has each.
 */
export interface FilesResult {
  repoId: string;
  dirs: string[];
  confirmed: boolean;
  format?: TfjsFormat;
  weightBytes?: number;
  status: "confirmed" | "not-tfjs" | "unreadable" | "not-found";
  dirResults: TfjsDirResult[];
  /** The repo's lastModified from the model info, epoch s. */
  lastModified?: number;
}

export interface FilesPassOptions extends PassOptions {
  /** Repo ids to check on demand (candidates or not). Absent = the due tfjs candidates. */
  models?: string[];
}

export type FilesPassSummary = PassSummary<FilesResult> & {
  /** Requested repo ids not in the database (never crawled): nothing to store them on. */
  missing: string[];
};

const TFJS_BIT = bitOf("tfjs");

// ---------------------------------------------------------------------------------------------
// model.json inspection (pure)
// ---------------------------------------------------------------------------------------------

/** Bytes per stored value. `quantization.dtype` wins over `dtype` when present. */
const DTYPE_BYTES: Record<string, number> = {
  float32: 4, int32: 4, bool: 1, complex64: 8,
  uint8: 1, int8: 1, uint16: 2, int16: 2, float16: 2,
};

export interface ModelJsonInspection {
  isTfjs: boolean;
  format?: TfjsFormat;
  /** Sum over the manifest of product(shape) x bytes per value; absent when a dtype has no fixed size (string). */
  weightBytes?: number;
  /** Shard paths of the manifest, as written (relative to the model.json's folder). */
  shardPaths: string[];
  reason?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function inspectModelJson(json: unknown): ModelJsonInspection {
  if (!isObject(json)) return { isTfjs: false, shardPaths: [], reason: "not a JSON object" };
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) {
    return { isTfjs: false, shardPaths: [], reason: "no weightsManifest" };
  }
  const shardPaths: string[] = [];
  let bytes: number | undefined = 0;
  for (const group of manifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights) ||
        !group.paths.every((p) => typeof p === "string")) {
      return { isTfjs: false, shardPaths: [], reason: "weightsManifest entry without paths and weights" };
    }
    shardPaths.push(...(group.paths as string[]));
    for (const w of group.weights) {
      if (!isObject(w) || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
        return { isTfjs: false, shardPaths: [], reason: "weight entry without a shape" };
      }
      const q = isObject(w.quantization) && typeof w.quantization.dtype === "string" ? w.quantization.dtype : undefined;
      const dtype = q ?? (typeof w.dtype === "string" ? w.dtype : undefined);
      const per = dtype !== undefined ? DTYPE_BYTES[dtype] : undefined;
      if (per === undefined || bytes === undefined) {
        bytes = undefined; // a string tensor (variable length) or an unknown dtype: size unknown
        continue;
      }
      bytes += (w.shape as number[]).reduce((a, d) => a * d, 1) * per;
    }
  }
  const topology = json.modelTopology;
  const declared = json.format === "layers-model" || json.format === "graph-model" ? json.format : undefined;
  const marked = isObject(topology) || declared !== undefined || typeof json.convertedBy === "string";
  if (!marked) return { isTfjs: false, shardPaths, reason: "no modelTopology, format or convertedBy" };
  // Older converter output has no `format`: tell the two from the topology (runner.md).
  let format: TfjsFormat = declared ?? "unknown";
  if (!declared && isObject(topology)) {
    if (Array.isArray(topology.node)) format = "graph-model";
    else if (isObject(topology.model_config) || typeof topology.class_name === "string") format = "layers-model";
  }
  return { isTfjs: true, format, shardPaths, ...(bytes !== undefined ? { weightBytes: bytes } : {}) };
}

/** A manifest path relative to its model.json's folder, as a repo path; undefined for URLs and escapes. */
function shardRepoPath(dir: string, p: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith("/")) return undefined;
  const parts = (dir + p).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

// ---------------------------------------------------------------------------------------------
// One repo
// ---------------------------------------------------------------------------------------------

/** Reads a repo's file list and each candidate model.json; no DB access. */
export async function checkRepoFiles(repoId: string, ctx: PassContext): Promise<FilesResult> {
  let info: { filePaths?: string[]; updatedAt?: Date };
  try {
    info = await modelInfo({
      name: repoId,
      hubUrl: ctx.hubUrl,
      ...(ctx.token ? { accessToken: ctx.token } : {}),
      fetch: ctx.fetch,
      additionalFields: ["filePaths"],
    });
  } catch (err) {
    checkCredentials(err);
    if (isRepoGone(err)) return { repoId, dirs: [], confirmed: false, status: "not-found", dirResults: [] };
    throw err;
  }
  const paths = info.filePaths ?? [];
  const modified = info.updatedAt instanceof Date ? info.updatedAt.getTime() : NaN;
  const lastModified = Number.isNaN(modified) ? undefined : Math.floor(modified / 1000);
  const listed = new Set(paths);
  const dirs = tfjsModelDirs(paths);
  const dirResults: TfjsDirResult[] = [];
  for (const dir of dirs) {
    const url = `${ctx.hubUrl}/${repoId}/resolve/main/${encodePath(dir + "model.json")}`;
    const res = await ctx.fetch(url, { headers: ctx.token ? { authorization: `Bearer ${ctx.token}` } : {} });
    const text = await res.text();
    if (!res.ok) {
      if (res.status >= 500) throw new Error(`HTTP ${res.status} downloading ${dir}model.json`);
      dirResults.push({ dir, confirmed: false, httpStatus: res.status, reason: `model.json download gave HTTP ${res.status}` });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      dirResults.push({ dir, confirmed: false, reason: "model.json is not JSON" });
      continue;
    }
    const ins = inspectModelJson(json);
    if (!ins.isTfjs) {
      dirResults.push({ dir, confirmed: false, reason: ins.reason ?? "not TF.js" });
      continue;
    }
    const missing = ins.shardPaths.filter((p) => {
      const rp = shardRepoPath(dir, p);
      return rp !== undefined && !listed.has(rp);
    });
    if (missing.length > 0) {
      dirResults.push({ dir, confirmed: false, format: ins.format, reason: `shards missing from the repo: ${missing.slice(0, 3).join(", ")}` });
      continue;
    }
    dirResults.push({ dir, confirmed: true, format: ins.format, ...(ins.weightBytes !== undefined ? { weightBytes: ins.weightBytes } : {}) });
  }
  const ok = dirResults.filter((d) => d.confirmed);
  const result: FilesResult = {
    repoId, dirs, confirmed: ok.length > 0, dirResults,
    status: ok.length > 0 ? "confirmed" : dirResults.some((d) => d.httpStatus !== undefined) ? "unreadable" : "not-tfjs",
    ...(lastModified !== undefined ? { lastModified } : {}),
  };
  if (ok.length > 0) {
    result.format = ok[0].format ?? "unknown";
    if (ok.every((d) => d.weightBytes !== undefined)) result.weightBytes = ok.reduce((a, d) => a + (d.weightBytes ?? 0), 0);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The pass
// ---------------------------------------------------------------------------------------------

interface FilesRow extends PassRow {
  frameworkMask: number;
  lastModified: number | null;
}

const COLUMNS = "id, hub_id AS hubId, repo_id AS repoId, framework_mask AS frameworkMask, last_modified AS lastModified";
const CANDIDATES_WHERE =
  `(framework_candidates & ${TFJS_BIT}) != 0 AND gone_since_crawl IS NULL ` +
  "AND (files_checked_at IS NULL OR (last_modified IS NOT NULL AND files_checked_at < last_modified))";

/** hub_ids of requested repo ids: current names first, then names the models had before a rename. */
function resolveModels(sqlite: Sqlite, repoIds: readonly string[]): { hubIds: string[]; missing: string[] } {
  const byName = sqlite.prepare<[string], { hub_id: string }>("SELECT hub_id FROM models WHERE repo_id = ?");
  const byOldName = sqlite.prepare<[string], { hub_id: string }>(
    "SELECT hub_id FROM model_renames WHERE old_repo_id = ? ORDER BY id DESC LIMIT 1",
  );
  const hubIds = new Set<string>();
  const missing: string[] = [];
  for (const r of repoIds) {
    const hit = byName.get(r) ?? byOldName.get(r);
    if (hit) hubIds.add(hit.hub_id);
    else missing.push(r);
  }
  return { hubIds: [...hubIds].sort(), missing };
}

export function filesPassDefinition(sqlite: Sqlite, models?: readonly string[]): PassDefinition<FilesRow, FilesResult> & { missing: string[] } {
  const requested = models?.length ? resolveModels(sqlite, models) : null;
  const scope: Record<string, unknown> = models?.length ? { models: [...models] } : {};
  // The requested models live in the scope, so that a resumed crawl checks the same ones.
  const memo = new Map<string, string[]>();
  const hubIdsOf = (s: Record<string, unknown>): string[] | null => {
    if (!Array.isArray(s.models)) return null;
    const key = JSON.stringify(s.models);
    let ids = memo.get(key);
    if (!ids) memo.set(key, (ids = resolveModels(sqlite, s.models as string[]).hubIds));
    return ids;
  };
  return {
    kind: "files",
    scope,
    missing: requested?.missing ?? [],
    selectDue(db, after, n, s) {
      const ids = hubIdsOf(s);
      if (ids) {
        const next = ids.filter((h) => after === null || h > after).slice(0, n);
        if (next.length === 0) return [];
        return db
          .prepare<string[], FilesRow>(`SELECT ${COLUMNS} FROM models WHERE hub_id IN (${next.map(() => "?").join(",")}) ORDER BY hub_id`)
          .all(...next);
      }
      return db
        .prepare<[string, number], FilesRow>(`SELECT ${COLUMNS} FROM models WHERE ${CANDIDATES_WHERE} AND hub_id > ? ORDER BY hub_id LIMIT ?`)
        .all(after ?? "", n);
    },
    countDue(db, after, s) {
      const ids = hubIdsOf(s);
      if (ids) return ids.filter((h) => after === null || h > after).length;
      return db
        .prepare<[string], { n: number }>(`SELECT count(*) AS n FROM models WHERE ${CANDIDATES_WHERE} AND hub_id > ?`)
        .get(after ?? "")!.n;
    },
    process: (row, ctx) => checkRepoFiles(row.repoId, ctx),
    write(db, row, r) {
      let mask = row.frameworkMask;
      if (r.status === "confirmed") mask |= TFJS_BIT;
      else if (r.status === "not-tfjs") mask &= ~TFJS_BIT;
      // The time of the check, or the repo's lastModified when that is later (a skewed clock, or the
      // fake Hub's own clock): an unchanged repo must not look modified after its check.
      const checkedAt = Math.max(Math.floor(Date.now() / 1000), r.lastModified ?? 0, row.lastModified ?? 0);
      db.prepare("UPDATE models SET framework_mask = ?, files_checked_at = ? WHERE id = ?").run(mask, checkedAt, row.id);
      return { outcome: r.status, changed: mask !== row.frameworkMask };
    },
  };
}

/**
 * Checks the due tfjs candidates (or `models`). Throws LockHeldError when another crawl holds the
 * DB (after lockWaitMs).
 */
export async function runFilesPass(opts: FilesPassOptions): Promise<FilesPassSummary> {
  const def = filesPassDefinition(opts.sqlite, opts.resume ? undefined : opts.models);
  for (const m of def.missing) {
    opts.onNotice?.(`${m} is not in the database (crawl it first, e.g. npm run crawl -- --search ${m}); not checked`);
  }
  const summary = await runRepoPass(opts, def);
  return { ...summary, missing: def.missing };
}
