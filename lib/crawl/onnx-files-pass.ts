/**
 * The ONNX files pass (docs/runner.md "Detection"): listings say a model is tagged onnx or
 * transformers.js, not which .onnx file it holds nor what it takes. This pass reads each such
 * candidate's file list with sizes (one model-info request with blobs=true), records its .onnx
 * files, picks the one the browser runner would load (lib/frameworks/onnx-graph.ts), notes the
 * tokenizer / image-processor / config files, and infers the input kind from them.
 *
 * The graph's own signature (its inputs sit after its weights in the file) is read only for the
 * runner's pool: models whose chosen graph is within the runner's size limit (RUNNER_MAX_MB), one
 * download each, bounded by that limit; the signature then decides the input kind (a model is
 * "image" only when its one input is an image tensor). Larger graphs keep the file-based kind; the
 * browser reads their signature once loaded.
 *
 * Incremental and resumable like every per-repo pass (runRepoPass): a candidate is due when it has
 * no onnx_models row or its repo changed after the row's check; one repo per transaction.
 */
import { bitOf } from "../frameworks/classify";
import { encodeRepoPath } from "../frameworks/model-json";
import { onnxInputKind, pickOnnxFiles, readOnnxSignature, type OnnxInputKind, type OnnxRepoFiles, type OnnxSignature } from "../frameworks/onnx-graph";
import { FatalPassError, runRepoPass, type PassContext, type PassDefinition, type PassOptions, type PassRow, type PassSummary } from "./repo-pass";

const ONNX_BIT = bitOf("onnx");
const TJS_BIT = bitOf("transformers.js");

export interface OnnxFilesResult {
  repoId: string;
  status: "runnable" | "no-onnx" | "not-found";
  files?: OnnxRepoFiles;
  weightBytes?: number | null;
  revision?: string;
  lastModified?: number;
  gated?: false | "auto" | "manual";
  private?: boolean;
  task?: string;
  downloads?: number;
  likes?: number;
  /** null: not known before the browser loads the graph. */
  inputKind?: OnnxInputKind | null;
  signature?: { status: "read"; value: OnnxSignature } | { status: "too-large" | "unreadable" };
}

export interface OnnxCheckContext extends PassContext {
  /** The runner's size limit: graphs up to this many bytes have their signature read. */
  maxSignatureBytes: number;
}

interface InfoJson {
  sha?: string;
  lastModified?: string;
  gated?: false | "auto" | "manual";
  private?: boolean;
  pipeline_tag?: string;
  downloads?: number;
  likes?: number;
  siblings?: { rfilename?: string; size?: number; lfs?: { size?: number } }[];
}

async function fetchInfo(repoId: string, ctx: PassContext): Promise<InfoJson | null> {
  const res = await ctx.fetch(`${ctx.hubUrl}/api/models/${repoId.split("/").map(encodeURIComponent).join("/")}?blobs=true`, {
    headers: ctx.token ? { authorization: `Bearer ${ctx.token}` } : {},
  });
  if (res.status === 404 || res.status === 410) return null;
  if (res.status === 401) {
    // 401 is also the Hub's answer for a private or missing repo; only a rejected token stops the pass.
    const text = await res.text();
    if (ctx.token && /invalid (credentials|token|username)/i.test(text)) throw new FatalPassError("the Hub rejected HF_TOKEN");
    return null;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status} reading ${repoId}'s model info`);
  }
  return (await res.json()) as InfoJson;
}

/** Reads one repo's files (and, for the pool, its graph signature); no DB access. Also used by the server's check of a typed id. */
export async function checkOnnxFiles(repoId: string, ctx: OnnxCheckContext): Promise<OnnxFilesResult> {
  const info = await fetchInfo(repoId, ctx);
  if (!info) return { repoId, status: "not-found" };
  const modified = info.lastModified ? Date.parse(info.lastModified) : NaN;
  const revision = typeof info.sha === "string" && /^[0-9a-f]{7,64}$/.test(info.sha) ? info.sha : undefined;
  const base: OnnxFilesResult = {
    repoId, status: "no-onnx",
    ...(Number.isNaN(modified) ? {} : { lastModified: Math.floor(modified / 1000) }),
    ...(revision ? { revision } : {}),
    ...(info.gated !== undefined ? { gated: info.gated } : {}),
    ...(info.private === true ? { private: true } : {}),
    ...(typeof info.pipeline_tag === "string" ? { task: info.pipeline_tag } : {}),
    ...(typeof info.downloads === "number" ? { downloads: info.downloads } : {}),
    ...(typeof info.likes === "number" ? { likes: info.likes } : {}),
  };
  const listed = (info.siblings ?? [])
    .filter((s): s is { rfilename: string; size?: number; lfs?: { size?: number } } => typeof s.rfilename === "string")
    .map((s) => ({ path: s.rfilename, size: typeof s.lfs?.size === "number" ? s.lfs.size : typeof s.size === "number" ? s.size : null }));
  const files = pickOnnxFiles(listed);
  if (!files) return base;
  const weightBytes = files.onnxFiles.find((f) => f.path === files.onnxPath)?.size ?? null;
  let signature: OnnxFilesResult["signature"];
  if (info.gated || info.private) {
    signature = undefined; // never downloaded with the server's token: the runner does not offer these
  } else if (weightBytes === null || weightBytes > ctx.maxSignatureBytes) {
    signature = { status: "too-large" };
  } else {
    const url = `${ctx.hubUrl}/${repoId}/resolve/${revision ?? "main"}/${encodeRepoPath(files.onnxPath)}`;
    const res = await ctx.fetch(url, { headers: ctx.token ? { authorization: `Bearer ${ctx.token}` } : {} });
    if (res.status >= 500) throw new Error(`HTTP ${res.status} downloading ${files.onnxPath}`);
    const bytes = res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
    if (!res.ok) await res.body?.cancel();
    try {
      signature = bytes && bytes.length <= ctx.maxSignatureBytes ? { status: "read", value: readOnnxSignature(bytes) } : { status: "unreadable" };
    } catch {
      signature = { status: "unreadable" };
    }
  }
  const read = signature?.status === "read" ? signature.value : signature?.status === "unreadable" ? "unreadable" : null;
  return { ...base, status: "runnable", files, weightBytes, signature, inputKind: onnxInputKind(files, read) };
}

// ---------------------------------------------------------------------------------------------
// The pass
// ---------------------------------------------------------------------------------------------

interface OnnxRow extends PassRow {
  lastModified: number | null;
}

const COLUMNS = "m.id AS id, m.hub_id AS hubId, m.repo_id AS repoId, m.last_modified AS lastModified";
const DUE =
  `(m.framework_mask & ${ONNX_BIT | TJS_BIT}) != 0 AND m.gone_since_crawl IS NULL ` +
  "AND (o.model_id IS NULL OR (m.last_modified IS NOT NULL AND o.checked_at < m.last_modified))";
const FROM = "models m LEFT JOIN onnx_models o ON o.model_id = m.id";

export interface OnnxFilesPassOptions extends PassOptions {
  /** Graphs up to this many bytes have their signature read (the runner's RUNNER_MAX_MB). */
  maxSignatureBytes: number;
}

export function onnxFilesPassDefinition(maxSignatureBytes: number): PassDefinition<OnnxRow, OnnxFilesResult> {
  return {
    kind: "onnx-files",
    scope: {},
    selectDue: (db, after, n) =>
      db.prepare<[string, number], OnnxRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${DUE} AND m.hub_id > ? ORDER BY m.hub_id LIMIT ?`).all(after ?? "", n),
    countDue: (db, after) => db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${FROM} WHERE ${DUE} AND m.hub_id > ?`).get(after ?? "")!.n,
    process: (row, ctx) => checkOnnxFiles(row.repoId, { ...ctx, maxSignatureBytes }),
    write(db, row, r) {
      // The repo's lastModified when later than now (a skewed clock, the fake Hub's own): an unchanged repo must not look modified.
      const checkedAt = Math.max(Math.floor(Date.now() / 1000), r.lastModified ?? 0, row.lastModified ?? 0);
      const f = r.files;
      db.prepare(
        `INSERT INTO onnx_models (model_id, status, onnx_path, onnx_files, weight_bytes, revision, tokenizer_path, tokenizer_config_path,
           config_path, preprocessor_path, input_kind, inputs, signature, checked_at)
         VALUES (@modelId, @status, @onnxPath, @onnxFiles, @weightBytes, @revision, @tokenizerPath, @tokenizerConfigPath,
           @configPath, @preprocessorPath, @inputKind, @inputs, @signature, @checkedAt)
         ON CONFLICT (model_id) DO UPDATE SET status = excluded.status, onnx_path = excluded.onnx_path, onnx_files = excluded.onnx_files,
           weight_bytes = excluded.weight_bytes, revision = excluded.revision, tokenizer_path = excluded.tokenizer_path,
           tokenizer_config_path = excluded.tokenizer_config_path, config_path = excluded.config_path,
           preprocessor_path = excluded.preprocessor_path, input_kind = excluded.input_kind, inputs = excluded.inputs,
           signature = excluded.signature, checked_at = excluded.checked_at`,
      ).run({
        modelId: row.id, status: r.status, onnxPath: f?.onnxPath ?? null, onnxFiles: f ? JSON.stringify(f.onnxFiles) : null,
        weightBytes: r.weightBytes ?? null, revision: r.revision ?? null, tokenizerPath: f?.tokenizerPath ?? null,
        tokenizerConfigPath: f?.tokenizerConfigPath ?? null, configPath: f?.configPath ?? null, preprocessorPath: f?.preprocessorPath ?? null,
        inputKind: r.inputKind ?? null, inputs: r.signature?.status === "read" ? JSON.stringify(r.signature.value.inputs) : null,
        signature: r.signature?.status ?? null, checkedAt,
      });
      // Rollups count frameworks by tags and files already: nothing they read changes here.
      return { outcome: r.status === "runnable" ? `runnable-${r.inputKind ?? "unknown"}` : r.status, changed: false };
    },
  };
}

export type OnnxFilesPassSummary = PassSummary<OnnxFilesResult>;

/** Checks the due ONNX candidates. Throws LockHeldError when another crawl holds the DB (after lockWaitMs). */
export function runOnnxFilesPass(opts: OnnxFilesPassOptions): Promise<OnnxFilesPassSummary> {
  return runRepoPass(opts, onnxFilesPassDefinition(opts.maxSignatureBytes));
}
