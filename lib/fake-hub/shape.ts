/**
 * JSON shapes of model items (docs/hub-api.md §1.3, §1.4, §2.1, §8.5). Absent values are omitted,
 * never null. With `expand`, only `_id`, `id` and the requested keys are returned; keys come out
 * in one fixed order whatever the request order, so equal requests give byte-identical pages.
 */
import { iso } from "./clock";
import type { FakeHubData, ModelView } from "./generator";
import { FW } from "./profile";
import { hexOf, saltOf } from "./rng";

/** Expand keys accepted by GET /api/models (the union of what the official clients declare). */
export const LIST_EXPAND_KEYS: readonly string[] = [
  "author", "cardData", "config", "createdAt", "disabled", "downloads", "downloadsAllTime", "gated", "gitalyUid",
  "lastModified", "library_name", "likes", "model-index", "pipeline_tag", "private", "safetensors", "sha", "siblings",
  "spaces", "tags", "transformersInfo", "gguf", "inference", "inferenceProviderMapping", "evalResults", "mask_token",
  "widgetData", "resourceGroup", "trendingScore",
];
/** Accepted only on a single model (rejected in listings, huggingface_hub PR #3182). */
export const INFO_ONLY_EXPAND_KEYS: readonly string[] = ["baseModels", "childrenModelCount", "usedStorage"];

const LIST_SET = new Set(LIST_EXPAND_KEYS);
const INFO_SET = new Set([...LIST_EXPAND_KEYS, ...INFO_ONLY_EXPAND_KEYS]);

/** Output order of keys (a superset of every shape). */
const ORDER = [
  "_id", "id", "author", "private", "pipeline_tag", "library_name", "tags", "downloads", "downloadsAllTime", "likes",
  "trendingScore", "modelId", "sha", "lastModified", "gated", "disabled", "gitalyUid", "mask_token", "widgetData",
  "model-index", "config", "cardData", "transformersInfo", "gguf", "siblings", "spaces", "createdAt", "safetensors",
  "inference", "inferenceProviderMapping", "evalResults", "resourceGroup", "baseModels", "childrenModelCount", "usedStorage",
] as const;
const ORDER_INDEX = new Map<string, number>(ORDER.map((k, n) => [k, n]));

/** Error message for an invalid expand list, in the style of the Hub's validation errors. */
export function expandError(keys: readonly string[], listing: boolean): string | undefined {
  const allowed = listing ? LIST_SET : INFO_SET;
  for (let n = 0; n < keys.length; n++) {
    if (!allowed.has(keys[n])) {
      const list = listing ? LIST_EXPAND_KEYS : [...LIST_EXPAND_KEYS, ...INFO_ONLY_EXPAND_KEYS];
      return `"expand[${n}]" must be one of [${list.join(", ")}]`;
    }
  }
  return undefined;
}

/** Which keys a response carries. */
export type Fields =
  | { mode: "default"; full: boolean; config: boolean; cardData: boolean }
  | { mode: "expand"; keys: readonly string[] };

/** Keys of the default listing item, in the real Hub's order. */
const DEFAULT_LIST = ["_id", "id", "likes", "trendingScore", "private", "downloads", "tags", "pipeline_tag", "library_name", "createdAt", "modelId"];
const FULL_EXTRA = ["author", "sha", "lastModified", "gated", "disabled", "siblings"];
/** Keys of the single-model response without expand (the shape of the bert-base-uncased capture). */
const DEFAULT_INFO = [
  "_id", "id", "private", "pipeline_tag", "library_name", "tags", "downloads", "likes", "modelId", "author", "sha",
  "lastModified", "gated", "disabled", "mask_token", "widgetData", "config", "cardData", "transformersInfo", "gguf",
  "siblings", "spaces", "createdAt", "safetensors", "inference", "usedStorage",
];

/** The ordered key list for a listing item or a single-model response. */
export function keysFor(fields: Fields, listing: boolean): string[] {
  if (fields.mode === "expand") {
    const keys = ["_id", "id", ...new Set(fields.keys)];
    return keys.sort((a, b) => (ORDER_INDEX.get(a) ?? 99) - (ORDER_INDEX.get(b) ?? 99));
  }
  if (!listing) return DEFAULT_INFO;
  const keys = [...DEFAULT_LIST];
  if (fields.full) keys.splice(keys.indexOf("createdAt"), 0, ...FULL_EXTRA);
  if (fields.config) keys.splice(keys.indexOf("createdAt"), 0, "config");
  if (fields.cardData) keys.splice(keys.indexOf("createdAt"), 0, "cardData");
  return keys;
}

const AUTO_MODEL: Record<string, string> = {
  "text-generation": "AutoModelForCausalLM", "text-classification": "AutoModelForSequenceClassification",
  "token-classification": "AutoModelForTokenClassification", "fill-mask": "AutoModelForMaskedLM",
  "question-answering": "AutoModelForQuestionAnswering", summarization: "AutoModelForSeq2SeqLM",
  translation: "AutoModelForSeq2SeqLM", "text2text-generation": "AutoModelForSeq2SeqLM",
  "automatic-speech-recognition": "AutoModelForSpeechSeq2Seq", "image-classification": "AutoModelForImageClassification",
  "image-text-to-text": "AutoModelForImageTextToText", "feature-extraction": "AutoModel",
};
const S_GITALY = saltOf("gitaly");

export interface ShapeOptions {
  /** Siblings with blobId/size/lfs (single model, blobs=true). */
  blobs?: boolean;
  listing: boolean;
}

/** Builds one item with exactly `keys` (in that order), omitting keys without a value. */
export function buildItem(data: FakeHubData, v: ModelView, keys: readonly string[], opts: ShapeOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const value = valueOf(data, v, k, opts);
    if (value !== undefined) out[k] = value;
  }
  return out;
}

function valueOf(data: FakeHubData, v: ModelView, key: string, opts: ShapeOptions): unknown {
  const e = v.entry;
  const p = e.profile;
  switch (key) {
    case "_id": return v._id;
    case "id":
    case "modelId": return v.id;
    case "author": return v.author;
    case "private": return p.private;
    case "pipeline_tag": return p.pipeline_tag;
    case "library_name": return p.library_name;
    case "tags": return p.tags;
    case "downloads": return v.pop.downloads;
    case "downloadsAllTime": return v.pop.downloadsAllTime;
    case "likes": return v.pop.likes;
    case "trendingScore": return v.pop.trendingScore;
    case "sha": return data.sha(v);
    case "lastModified": return iso(v.lastModifiedMs);
    case "createdAt": return v.createdAt;
    case "gated": return p.gated;
    case "disabled": return false;
    case "gitalyUid": return hexOf(data.seed, v.i, S_GITALY, 64);
    case "spaces": return [];
    case "siblings": {
      const files = data.files(v.i);
      if (!opts.blobs) return files.map((f) => ({ rfilename: f.path }));
      return files.map((f) => {
        const b = data.blob(v.i, f);
        return b.lfs
          ? { rfilename: f.path, blobId: b.oid, size: b.size, lfs: { sha256: b.lfs.sha256, size: b.lfs.size, pointerSize: b.lfs.pointerSize } }
          : { rfilename: f.path, blobId: b.oid, size: b.size };
      });
    }
    case "config": {
      if (!p.arch) return undefined;
      const cfg: Record<string, unknown> = { architectures: [archClass(p.arch)], model_type: p.arch };
      if (p.library_name === "transformers" || p.kind === "sentence-transformers") cfg.tokenizer_config = {};
      return cfg;
    }
    case "cardData": {
      const c = p.card;
      const out: Record<string, unknown> = {};
      if (c.language) out.language = c.language;
      if (c.license) out.license = c.license;
      if (p.library_name) out.library_name = p.library_name;
      if (c.tags) out.tags = c.tags;
      if (c.datasets) out.datasets = c.datasets;
      if (c.base_model) out.base_model = c.base_model;
      if (p.pipeline_tag) out.pipeline_tag = p.pipeline_tag;
      return Object.keys(out).length ? out : undefined;
    }
    case "transformersInfo":
      if (p.library_name !== "transformers" || !p.pipeline_tag) return undefined;
      return { auto_model: AUTO_MODEL[p.pipeline_tag] ?? "AutoModel", pipeline_tag: p.pipeline_tag, processor: "AutoTokenizer" };
    case "safetensors": {
      if (!(p.fw & FW.safetensors) || p.paramsM <= 0) return undefined;
      const n = Math.round(p.paramsM * 1e6);
      const dtype = new Date(e.trueCreatedMs).getUTCFullYear() < 2023 ? "F32" : "BF16";
      return { parameters: { [dtype]: n }, total: n };
    }
    case "gguf":
      if (p.kind !== "gguf") return undefined;
      return { total: Math.round(p.paramsM * 1e6), architecture: p.arch ?? "llama", context_length: 4096 * (1 + (v.i % 8)) };
    case "mask_token":
      if (p.pipeline_tag !== "fill-mask") return undefined;
      return p.arch === "bert" || p.arch === "distilbert" || p.arch === "electra" ? "[MASK]" : "<mask>";
    case "widgetData":
      if (p.pipeline_tag !== "fill-mask") return undefined;
      return [{ text: `Paris is the ${p.arch === "bert" || p.arch === "distilbert" ? "[MASK]" : "<mask>"} of France.` }];
    case "inference":
      return v.pop.downloads > 100_000 ? "warm" : undefined;
    case "inferenceProviderMapping":
      return opts.listing ? [] : {};
    case "baseModels":
      if (!p.card.base_model) return undefined;
      return { relation: p.card.baseRelation, models: [{ id: p.card.base_model }] };
    case "childrenModelCount":
      return Math.floor(v.pop.likes / 10);
    case "usedStorage": {
      let n = 0;
      for (const f of data.files(v.i)) n += f.declaredSize ?? data.blob(v.i, f).size;
      return n;
    }
    default:
      // model-index, evalResults, resourceGroup: the generator has no value for them, so they are omitted.
      return undefined;
  }
}

function archClass(arch: string): string {
  return arch.replace(/(^|[_-])(\w)/g, (_m, _a, ch: string) => ch.toUpperCase()) + "Model";
}
