/**
 * The tfjs files pass (docs/decisions.md "Frameworks and detection"): full crawls do not expand file
 * lists, so tfjs is only a *candidate* after a listing (tags tfjs / tf.js / tensorflowjs or
 * library_name tfjs). This pass reads each candidate's file list (modelInfo with siblings), finds
 * folders holding a model.json with weight shards beside it (`tfjsModelDirs`), downloads each such
 * model.json through the resolver and confirms it is TF.js (docs/hub-api.md §2.3):
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
} from "./repo-pass";
import {
  encodeRepoPath, findLabelsPath, inspectModelJson, shardRepoPath, type InputSpec, type TfjsFormat,
} from "../frameworks/model-json";

// The model.json reading is shared with the server's on-demand check and the browser runner.
export { inspectModelJson, type ModelJsonInspection, type TfjsFormat } from "../frameworks/model-json";

export interface TfjsDirResult {
  /** Folder with trailing slash, "" for the repo root. */
  dir: string;
  confirmed: boolean;
  format?: TfjsFormat;
  weightBytes?: number;
  /** Shard files of the manifest (confirmed folders). */
  shards?: number;
  /** The input signature model.json declares (confirmed folders; null when it does not say). */
  inputs?: InputSpec[] | null;
  /** Why the dir is not confirmed (absent when confirmed). */
  reason?: string;
  /** The model.json download failed with this HTTP status. */
  httpStatus?: number;
}

/**
 * A model's result. For a repo with several TF.js folders, `format` is the first confirmed folder's
 * and `weightBytes` the sum over confirmed folders; `dirResults` has each. `runnable` describes
 * the first confirmed folder, as stored in tfjs_models for the in-browser runner.
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
  /** The commit the files were read at (model info `sha`), when the Hub gave it. */
  revision?: string;
  /** From the model info: gated repos are stored but never offered by the runner. */
  gated?: false | "auto" | "manual";
  /** Seen only with a token that has access; never offered, never stored by the runner. */
  private?: boolean;
  task?: string;
  downloads?: number;
  likes?: number;
  runnable?: RunnableFiles;
}

/** What the runner needs to load a confirmed model (the tfjs_models row). */
export interface RunnableFiles {
  modelJsonPath: string;
  format: TfjsFormat;
  /** null = unknown (a string tensor in the manifest). */
  weightBytes: number | null;
  shards: number;
  revision: string | null;
  inputs: InputSpec[] | null;
  labelsPath: string | null;
  /** Confirmed TF.js folders in the repo. */
  dirs: number;
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
// One repo
// ---------------------------------------------------------------------------------------------

/**
 * Reads a repo's file list and each candidate model.json, at the commit the file list came from;
 * no DB access. Also used by the web server's on-demand check of one model (lib/runner/check.ts).
 */
export async function checkRepoFiles(repoId: string, ctx: PassContext): Promise<FilesResult> {
  let info: {
    filePaths?: string[]; updatedAt?: Date; sha?: string; gated?: false | "auto" | "manual"; private?: boolean; task?: string;
    downloads?: number; likes?: number;
  };
  try {
    info = await modelInfo({
      name: repoId,
      hubUrl: ctx.hubUrl,
      ...(ctx.token ? { accessToken: ctx.token } : {}),
      fetch: ctx.fetch,
      additionalFields: ["filePaths", "sha"],
    });
  } catch (err) {
    checkCredentials(err);
    if (isRepoGone(err)) return { repoId, dirs: [], confirmed: false, status: "not-found", dirResults: [] };
    throw err;
  }
  const paths = info.filePaths ?? [];
  const modified = info.updatedAt instanceof Date ? info.updatedAt.getTime() : NaN;
  const lastModified = Number.isNaN(modified) ? undefined : Math.floor(modified / 1000);
  const revision = typeof info.sha === "string" && /^[0-9a-f]{7,64}$/.test(info.sha) ? info.sha : undefined;
  const listed = new Set(paths);
  const dirs = tfjsModelDirs(paths);
  const dirResults: TfjsDirResult[] = [];
  for (const dir of dirs) {
    // At the commit the file list came from: what is checked here is what the browser loads.
    const url = `${ctx.hubUrl}/${repoId}/resolve/${revision ?? "main"}/${encodeRepoPath(dir + "model.json")}`;
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
    dirResults.push({
      dir, confirmed: true, format: ins.format, shards: ins.shardPaths.length, inputs: ins.inputs ?? null,
      ...(ins.weightBytes !== undefined ? { weightBytes: ins.weightBytes } : {}),
    });
  }
  const ok = dirResults.filter((d) => d.confirmed);
  const result: FilesResult = {
    repoId, dirs, confirmed: ok.length > 0, dirResults,
    status: ok.length > 0 ? "confirmed" : dirResults.some((d) => d.httpStatus !== undefined) ? "unreadable" : "not-tfjs",
    ...(lastModified !== undefined ? { lastModified } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(info.gated !== undefined ? { gated: info.gated } : {}),
    ...(info.private === true ? { private: true } : {}),
    ...(typeof info.task === "string" ? { task: info.task } : {}),
    ...(typeof info.downloads === "number" ? { downloads: info.downloads } : {}),
    ...(typeof info.likes === "number" ? { likes: info.likes } : {}),
  };
  if (ok.length > 0) {
    const first = ok[0];
    result.format = first.format ?? "unknown";
    if (ok.every((d) => d.weightBytes !== undefined)) result.weightBytes = ok.reduce((a, d) => a + (d.weightBytes ?? 0), 0);
    const modelJsonPath = `${first.dir}model.json`;
    result.runnable = {
      modelJsonPath,
      format: first.format ?? "unknown",
      weightBytes: first.weightBytes ?? null,
      shards: first.shards ?? 0,
      revision: revision ?? null,
      inputs: first.inputs ?? null,
      labelsPath: findLabelsPath(paths, modelJsonPath),
      dirs: ok.length,
    };
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
  const byName = sqlite.prepare<[string, string], { hub_id: string }>(
    "SELECT hub_id FROM models WHERE repo_id = ? COLLATE NOCASE AND repo_id = ?",
  );
  const byOldName = sqlite.prepare<[string], { hub_id: string }>(
    "SELECT hub_id FROM model_renames WHERE old_repo_id = ? ORDER BY id DESC LIMIT 1",
  );
  const hubIds = new Set<string>();
  const missing: string[] = [];
  for (const r of repoIds) {
    const hit = byName.get(r, r) ?? byOldName.get(r);
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
      // What the runner samples (same transaction): confirmed -> the row; no TF.js -> no row; an
      // unreadable model.json (no evidence either way) leaves the row as it was.
      if (r.status === "confirmed" && r.runnable) upsertRunnable(db, row.id, r.runnable, checkedAt);
      else if (r.status === "not-tfjs" || r.status === "not-found") db.prepare("DELETE FROM tfjs_models WHERE model_id = ?").run(row.id);
      return { outcome: r.status, changed: mask !== row.frameworkMask };
    },
  };
}

function upsertRunnable(db: Sqlite, modelId: number, f: RunnableFiles, checkedAt: number): void {
  db.prepare(
    `INSERT INTO tfjs_models (model_id, model_json_path, format, weight_bytes, shards, revision, inputs, labels_path, dirs, checked_at)
     VALUES (@modelId, @modelJsonPath, @format, @weightBytes, @shards, @revision, @inputs, @labelsPath, @dirs, @checkedAt)
     ON CONFLICT (model_id) DO UPDATE SET model_json_path = excluded.model_json_path, format = excluded.format,
       weight_bytes = excluded.weight_bytes, shards = excluded.shards, revision = excluded.revision, inputs = excluded.inputs,
       labels_path = excluded.labels_path, dirs = excluded.dirs, checked_at = excluded.checked_at`,
  ).run({
    modelId, modelJsonPath: f.modelJsonPath, format: f.format, weightBytes: f.weightBytes, shards: f.shards,
    revision: f.revision, inputs: f.inputs ? JSON.stringify(f.inputs) : null, labelsPath: f.labelsPath, dirs: f.dirs, checkedAt,
  });
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
