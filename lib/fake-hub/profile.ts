/**
 * The static profile of model i: what kind of repo it is, who owns it, its task, library, weight
 * formats and tags, its popularity parameters and its fate (rename, deletion). Pure function of
 * (seed, i, creation time, Hub size); nothing here depends on the clock's current day.
 */
import { Stream, saltOf } from "./rng";
import { HOSTILE, NameCodec, pickAuthor, pickOrg, type UserPool } from "./names";
import {
  ARCH_PARAMS_M, ARCH_STEM, BASES, DATASETS, FINETUNE_WORDS, KIND_BY_YEAR, LANGUAGES, LIBRARY, LICENSES,
  TEXT_TASKS, WEIGHT_SHARES, archTable, taskTable, yearSlot, type Kind,
} from "./taxonomy";
import { RENAME_PAST_DAYS, RENAME_SOON_DAYS, type Special, type TfjsVariant } from "./specials";
import { DAY_MS, yearOf } from "./clock";
import type { Gated, ProfileOptions } from "./types";
import { frameworkTruth, type FrameworkTruth } from "./framework-truth";

/** Weight-format bits, in the order their tags appear (as on the real Hub's bert-base-uncased). */
export const FW = {
  pytorch: 1, tf: 2, jax: 4, rust: 8, coreml: 16, onnx: 32, safetensors: 64, gguf: 128, keras: 256, tflite: 512, openvino: 1024,
} as const;
const FW_NAMES = Object.keys(FW) as (keyof typeof FW)[];
const FW_BITS = FW_NAMES.map((k) => FW[k]);

export interface TfjsSpec {
  variant: TfjsVariant;
  /** Folder holding model.json and the shards: "" or "web_model/". */
  dir: string;
  inputDim: number;
  units: number;
}

export interface Profile {
  i: number;
  kind: Kind;
  author: string;
  name: string;
  /** Instant of the rename (Infinity: never) and the author it moves to. */
  renameAtMs: number;
  renamedAuthor: string;
  /** Instant of deletion (Infinity: never). */
  deleteAtMs: number;
  private: boolean;
  gated: Gated;
  pipeline_tag?: string;
  library_name?: string;
  arch?: string;
  /** Parameter count in millions (0: unknown). */
  paramsM: number;
  /** FW bits: the weight files the repo holds. */
  fw: number;
  tags: string[];
  /** Model-card metadata (README front matter), also served as cardData. */
  card: { license?: string; language?: string[]; datasets?: string[]; base_model?: string; baseRelation?: string; tags?: string[] };
  /** Extra non-weight files implied by tags (tensorboard runs, ...). */
  extras: number;
  tfjs?: TfjsSpec;
  /** The framework the generator meant, and what the tags and library allow (lib/fake-hub/framework-truth.ts). */
  framework: FrameworkTruth;
  /** Popularity: lifetime download scale, fast-phase share and time constants (days), likes ceiling. */
  pop: { R: number; w: number; tau: number; likesMax: number; tauLikes: number; /** Constant downloads per day (ProfileOptions.downloadRate). */ rate?: number };
  special?: Special;
}

export const EXTRA = { tensorboard: 1, tokenizer: 2, gitattributesOnly: 4 } as const;

const S = {
  kind: saltOf("kind"), name: saltOf("name"), author: saltOf("author"), task: saltOf("task"), fw: saltOf("fw"),
  tags: saltOf("tags"), card: saltOf("card"), pop: saltOf("pop"), fate: saltOf("fate"), tfjs: saltOf("tfjs"),
};

const DELETE_TAU_MS = 35 * 365 * DAY_MS;
const RENAME_TAU_MS = 50 * 365 * DAY_MS;

export interface ProfileContext {
  seed: number;
  codec: NameCodec;
  /** The synthetic user pool (its size is fixed by the Hub size at construction). */
  users: UserPool;
  anchorEndMs: number;
  options?: ProfileOptions;
}

const STEMS: Partial<Record<Kind, readonly string[]>> = {
  "sentence-transformers": ["all-MiniLM-L6-v2", "bge-small-en", "e5-base", "all-mpnet-base-v2", "paraphrase-multilingual", "gte-base"],
  diffusers: ["sd-v1-5", "sdxl", "flux-lora", "stable-diffusion", "dreambooth", "sd-turbo"],
  keras: ["keras-cnn", "image-classifier", "lstm-text", "mnist-cnn", "unet-segmentation"],
  timm: ["resnet50.a1_in1k", "vit_base_patch16_224", "convnext_tiny", "efficientnet_b0"],
  rl: ["ppo-LunarLander-v2", "dqn-SpaceInvadersNoFrameskip-v4", "ppo-Huggy", "a2c-PandaReachDense-v3", "q-FrozenLake-v1-4x4"],
  other: ["yolov8-custom", "my-model", "unet", "checkpoint", "sd-ckpt", "rvc-voice", "model"],
  empty: ["test", "my-awesome-model", "new-model", "demo"],
  tfjs: ["tfjs-mobilenet", "web-model", "tfjs-classifier", "teachable-machine"],
  "lone-model-json": ["model-config", "trt-engine", "pth-model"],
};

function lnInv(u: number): number {
  return -Math.log(1 - u);
}

// Module-level helpers instead of closures: this function runs once per listed model, and the
// TS loader's keepNames wrapper makes every closure creation measurably expensive.
function addTag(tags: string[], t: string | undefined): void {
  if (t !== undefined && !tags.includes(t)) tags.push(t);
}

/** Interned "prefix:value" tags (licences, datasets, base models are finite sets). */
const PREFIXED = new Map<string, Map<string, string>>();
function prefixed(prefix: string, value: string): string {
  let m = PREFIXED.get(prefix);
  if (!m) PREFIXED.set(prefix, (m = new Map()));
  let t = m.get(value);
  if (t === undefined) m.set(value, (t = `${prefix}${value}`));
  return t;
}

function uniq(xs: string[]): string[] {
  const out: string[] = [];
  for (const x of xs) if (!out.includes(x)) out.push(x);
  return out;
}

export function buildProfile(ctx: ProfileContext, i: number, createdMs: number, special: Special | undefined): Profile {
  const { seed } = ctx;
  const year = yearOf(createdMs);
  const slot = yearSlot(year);

  // Kind
  const ks = new Stream(seed, i, S.kind);
  let kind: Kind = ks.from(KIND_BY_YEAR[slot]);
  let tfjs: TfjsSpec | undefined;
  if (special) {
    const role = special.role;
    if (role === "tfjs" || role === "lone-model-json" || role === "transformers.js") kind = role;
    else if (role === "mounted") kind = "mounted";
    // The single commit is the system "initial commit", which holds only .gitattributes.
    else if (role === "single-commit") kind = "empty";
    else if (role === "hostile" || (kind !== "transformers" && kind !== "gguf")) kind = "transformers";
  }
  if (kind === "tfjs") {
    const ts = new Stream(seed, i, S.tfjs);
    const variant: TfjsVariant =
      special?.role === "tfjs" ? special.variant : ts.pick(["layers", "layers", "subfolder", "quantized", "noformat", "noext"] as const);
    tfjs = { variant, dir: variant === "subfolder" ? "web_model/" : "", inputDim: ts.int(4, 24), units: ts.int(2, 10) };
    if (special?.role === "tfjs") tfjs = { ...tfjs, inputDim: 16, units: 8 };
  }

  // Task, library, architecture
  const ts = new Stream(seed, i, S.task);
  let pipeline_tag = ts.from(taskTable(kind, slot));
  let library_name = ts.from(LIBRARY[kind]);
  let arch: string | undefined;
  if (kind === "transformers" || kind === "gguf" || kind === "mlx" || kind === "peft" || kind === "onnx" || kind === "transformers.js") {
    arch = ts.from(archTable(pipeline_tag, slot));
  } else if (kind === "sentence-transformers") arch = ts.pick(["bert", "xlm-roberta", "mpnet", "new"]);
  if (kind === "transformers.js" && special) pipeline_tag = "feature-extraction";
  const paramsM = arch ? Math.round((ARCH_PARAMS_M[arch] ?? 100) * (0.5 + ts.next())) : kind === "diffusers" ? 2600 : kind === "tfjs" ? 0 : ts.int(1, 60);

  // Weight formats (the tags the Hub derives from files)
  const fs = new Stream(seed, i, S.fw);
  let fw = 0;
  let extras = 0;
  switch (kind) {
    case "transformers":
    case "sentence-transformers":
    case "timm": {
      // Repos with no weight tag at all (custom code, remote weights): about 6.5% of 2026 transformers repos.
      const noWeights = kind === "transformers" && !special && fs.chance(year >= 2026 ? 0.065 : 0.02);
      if (!noWeights) {
        if (fs.chance(WEIGHT_SHARES.pytorch[slot])) fw |= FW.pytorch;
        if (fs.chance(WEIGHT_SHARES.safetensors[slot])) fw |= FW.safetensors;
        if (!(fw & (FW.pytorch | FW.safetensors))) fw |= year < 2023 ? FW.pytorch : FW.safetensors;
        if (kind === "transformers") {
          if (fs.chance(WEIGHT_SHARES.tf[slot])) fw |= FW.tf;
          if (fs.chance(WEIGHT_SHARES.jax[slot])) fw |= FW.jax;
          if (fs.chance(WEIGHT_SHARES.rust[slot])) fw |= FW.rust;
          if (fs.chance(WEIGHT_SHARES.tflite[slot])) fw |= FW.tflite;
          if (fs.chance(WEIGHT_SHARES.coreml[slot])) fw |= FW.coreml;
        }
        if (fs.chance(kind === "sentence-transformers" && year >= 2024 ? 0.08 : WEIGHT_SHARES.onnx[slot])) fw |= FW.onnx;
        if (fs.chance(kind === "sentence-transformers" && year >= 2024 ? 0.05 : WEIGHT_SHARES.openvino[slot])) fw |= FW.openvino;
      }
      if (kind === "transformers" && year >= 2021 && year <= 2024 && fs.chance(0.12)) extras |= EXTRA.tensorboard;
      break;
    }
    case "diffusers":
    case "peft":
      fw |= fs.chance(year >= 2023 ? 0.92 : 0.4) ? FW.safetensors : 0;
      break;
    case "gguf":
      fw |= FW.gguf;
      break;
    case "mlx":
      fw |= FW.safetensors;
      break;
    case "onnx":
    case "transformers.js":
      fw |= FW.onnx;
      break;
    case "keras":
      if (year >= 2023) fw |= FW.keras;
      break;
    case "other":
      // Custom-code repos with safetensors and no known library: undetermined, though most are PyTorch.
      if (year >= 2023 && fs.chance(0.3)) fw |= FW.safetensors;
      break;
    default:
      break;
  }

  // A test's known crossover (ProfileOptions.crossoverMonth): TensorFlow-only weights before the
  // month, PyTorch-only from it, for the kinds that carry either.
  const xMonth = ctx.options?.crossoverMonth;
  if (xMonth && (kind === "transformers" || kind === "sentence-transformers" || kind === "timm")) {
    const before = createdMs < Date.parse(`${xMonth}-01T00:00:00Z`);
    fw = before ? (fw & ~(FW.pytorch | FW.safetensors)) | FW.tf : (fw & ~FW.tf) | FW.pytorch;
  }

  // Names and ownership
  const ns = new Stream(seed, i, S.name);
  let author = pickAuthor(new Stream(seed, i, S.author), ctx.users);
  let name: string;
  if (special?.role === "hostile") {
    author = HOSTILE[special.hostile].author;
    name = HOSTILE[special.hostile].name;
  } else {
    const stems = arch && (kind === "transformers" || kind === "gguf" || kind === "mlx" || kind === "peft" || kind === "onnx" || kind === "transformers.js")
      ? ARCH_STEM[arch] ?? [arch] : STEMS[kind] ?? ["model"];
    let stem = ns.pick(stems);
    if (ns.chance(kind === "transformers" || kind === "peft" ? 0.7 : 0.3)) stem += `-${ns.pick(FINETUNE_WORDS)}`;
    if (kind === "gguf") stem += ns.pick(["-GGUF", "-GGUF", "-gguf", "-Q4_K_M-GGUF", "-i1-GGUF"]);
    else if (kind === "mlx") stem += ns.pick(["-4bit", "-8bit", "-mlx", "-MLX-4bit"]);
    else if (kind === "peft") stem += ns.pick(["-lora", "-adapter", "-qlora", "-LoRA"]);
    else if (kind === "onnx") stem += "-onnx";
    name = `${stem}-${ctx.codec.token(i)}`;
  }

  // Fate: deletion and rename (constant hazards, so every day brings a few of each)
  const fate = new Stream(seed, i, S.fate);
  let deleteAtMs = createdMs + lnInv(fate.next()) * DELETE_TAU_MS;
  let renameAtMs = createdMs + lnInv(fate.next()) * RENAME_TAU_MS;
  const renamedAuthor = pickOrg(fate.next());
  let isPrivate = fate.chance(0.01);
  let gated: Gated = fate.chance(0.03) ? (fate.chance(0.66) ? "auto" : "manual") : false;
  if (special) {
    deleteAtMs = Infinity;
    renameAtMs = Infinity;
    isPrivate = special.role === "private";
    gated = special.role === "gated" || special.role === "tfjs" ? (special.gated ?? false) : special.role === "mounted" ? (special.repo.gated ?? false) : false;
    if (special.role === "renamed-soon") renameAtMs = ctx.anchorEndMs + (RENAME_SOON_DAYS - 1) * DAY_MS;
    if (special.role === "renamed-past") renameAtMs = Math.max(createdMs + DAY_MS, ctx.anchorEndMs - (RENAME_PAST_DAYS + 1) * DAY_MS);
  }
  if (renamedAuthor === author) renameAtMs = Infinity;

  // Card metadata and tags
  const cs = new Stream(seed, i, S.card);
  const card: Profile["card"] = {};
  if (kind !== "empty" && kind !== "lone-model-json" && cs.chance(0.62)) card.license = cs.from(LICENSES[slot]);
  if (kind !== "rl" && kind !== "empty" && cs.chance(0.4)) {
    const langs = [cs.from(LANGUAGES)];
    if (cs.chance(0.15)) for (let k = cs.int(1, 4); k > 0; k--) langs.push(cs.from(LANGUAGES));
    card.language = uniq(langs);
  }
  if (kind !== "empty" && cs.chance(0.2)) {
    const ds: string[] = [];
    for (let k = cs.int(1, 3); k > 0; k--) ds.push(cs.pick(DATASETS));
    card.datasets = uniq(ds);
  }
  const relation = kind === "peft" ? "adapter" : kind === "gguf" || kind === "mlx" ? "quantized" : kind === "diffusers" ? "finetune" : "finetune";
  const baseP = year < 2023 ? 0 : kind === "peft" ? 0.85 : kind === "gguf" || kind === "mlx" ? 0.8 : kind === "transformers" && pipeline_tag === "text-generation" ? 0.5 : kind === "diffusers" ? 0.5 : 0.15;
  if (kind !== "empty" && cs.chance(baseP)) {
    const pool = BASES[kind === "diffusers" ? "diffusion" : arch ?? ""] ?? BASES.llama;
    card.base_model = cs.pick(pool);
    card.baseRelation = relation;
  }
  const arxiv: string[] = [];
  if (kind !== "empty" && cs.chance(0.07)) {
    for (let k = cs.int(1, 2); k > 0; k--) {
      const yy = Math.max(15, Math.min(26, year - 2000 - cs.int(0, 2)));
      arxiv.push(`arxiv:${yy}${String(cs.int(1, 12)).padStart(2, "0")}.${String(cs.int(1, 19999)).padStart(5, "0")}`);
    }
  }

  // User tags from the card (free-form, incl. the tfjs hints of docs/hub-api.md §2.3 and §8.8)
  const userTags: string[] = [];
  if (kind === "tfjs" && tfjs) {
    const v = tfjs.variant;
    if (special?.role === "tfjs" && special.gated) {
      // The gated one carries no hint at all: only its files tell.
      library_name = undefined;
    } else if (special?.role === "tfjs") {
      if (v === "layers" || v === "noformat") userTags.push("tfjs");
      if (v === "subfolder") library_name = "tfjs";
      if (v === "noext") { userTags.push("tfjs"); pipeline_tag = "image-classification"; }
      if (v === "quantized") { library_name = undefined; pipeline_tag = undefined; }
      if (v === "layers") library_name = undefined;
    } else {
      const hint = cs.next();
      if (hint < 0.3) userTags.push("tfjs");
      else if (hint < 0.4) userTags.push("tf.js");
    }
  }
  if (special?.role === "hostile" && HOSTILE[special.hostile].tags) userTags.push(...(HOSTILE[special.hostile].tags ?? []));
  if (kind === "transformers.js") userTags.push("transformers.js");
  if (kind === "diffusers") userTags.push(...(cs.chance(0.6) ? ["stable-diffusion", "stable-diffusion-diffusers"] : ["lora", "template:sd-lora"]));
  if (kind === "rl") userTags.push("deep-reinforcement-learning", "reinforcement-learning");
  if (kind === "peft" && cs.chance(0.5)) userTags.push("lora");
  if (kind === "mlx" && cs.chance(0.5)) userTags.push(cs.pick(["4-bit", "8-bit"]));
  if (kind === "mlx") userTags.push("mlx");
  if (kind === "gguf") {
    if (cs.chance(0.2)) userTags.push("imatrix");
    if (cs.chance(0.15)) userTags.push("llama-cpp", "gguf-my-repo");
  }
  if (kind === "transformers") {
    if (year >= 2021 && year <= 2024 && cs.chance(0.3)) userTags.push("generated_from_trainer");
    if (year >= 2024 && pipeline_tag === "text-generation") {
      if (cs.chance(0.2)) userTags.push("trl", cs.pick(["sft", "dpo", "grpo"]));
      if (cs.chance(0.1)) userTags.push("unsloth");
    }
    if (year <= 2021 && cs.chance(0.02)) userTags.push("exbert");
  }
  if (special?.role === "mounted") {
    // The caller's repo: its id, task, library and card tags; no generated card metadata.
    const m = special.repo;
    [author, name] = m.id.split("/");
    pipeline_tag = m.pipeline_tag;
    library_name = m.library_name;
    arch = undefined;
    for (const k of Object.keys(card) as (keyof typeof card)[]) delete card[k];
    arxiv.length = 0;
    userTags.length = 0;
    userTags.push(...(m.tags ?? []));
  }
  if (userTags.length) card.tags = userTags;

  const tags: string[] = [];
  addTag(tags, library_name);
  for (let k = 0; k < FW_BITS.length; k++) if (fw & FW_BITS[k]) addTag(tags, FW_NAMES[k]);
  if (extras & EXTRA.tensorboard) addTag(tags, "tensorboard");
  addTag(tags, arch);
  addTag(tags, pipeline_tag);
  for (const t of userTags) addTag(tags, t);
  if (kind === "transformers" || kind === "gguf" || kind === "mlx") {
    if (year >= 2023 && pipeline_tag === "text-generation" && cs.chance(0.5)) addTag(tags, "conversational");
    if (cs.chance(0.03)) addTag(tags, "custom_code");
    if (year >= 2023 && year <= 2024 && cs.chance(0.03)) addTag(tags, cs.pick(["4-bit", "bitsandbytes", "8-bit", "gptq", "awq"]));
    if (year >= 2025 && cs.chance(0.02)) addTag(tags, "fp8");
  }
  for (const l of card.language ?? []) addTag(tags, l);
  for (const d of card.datasets ?? []) addTag(tags, prefixed("dataset:", d));
  for (const a of arxiv) addTag(tags, a);
  if (card.base_model) {
    addTag(tags, prefixed("base_model:", card.base_model));
    addTag(tags, prefixed(`base_model:${card.baseRelation}:`, card.base_model));
  }
  if (card.license) addTag(tags, prefixed("license:", card.license));
  if (kind === "transformers" && pipeline_tag && TEXT_TASKS.has(pipeline_tag) && year >= 2021 && year <= 2025 && cs.chance(0.5)) addTag(tags, "autotrain_compatible");
  if (kind === "transformers" && year >= 2023 && pipeline_tag === "text-generation" && cs.chance(0.5)) addTag(tags, "text-generation-inference");
  if ((kind === "transformers" || kind === "sentence-transformers" || kind === "timm") && cs.chance(0.6)) addTag(tags, "endpoints_compatible");
  if (cs.chance(0.985)) addTag(tags, cs.chance(0.97) ? "region:us" : "region:eu");

  // Popularity (power law; most repos never get a download)
  const ps = new Stream(seed, i, S.pop);
  const zeroP = kind === "empty" ? 0.92 : kind === "rl" ? 0.7 : kind === "lone-model-json" ? 0.8 : 0.55;
  let R = 0;
  if (!ps.chance(zeroP)) R = Math.min(3e9, Math.floor(30 * Math.pow(1 - ps.next(), -1 / 0.9)));
  if (special && R === 0) R = 50 + ps.int(0, 500);
  const likesMax = Math.floor(Math.sqrt(R) * 0.08 * (0.2 + 1.6 * ps.next())) + (ps.chance(0.06) ? 1 : 0);

  return {
    i, kind, author, name, renameAtMs, renamedAuthor, deleteAtMs, private: isPrivate, gated,
    pipeline_tag, library_name, arch, paramsM, fw, tags, card, extras, tfjs,
    framework: frameworkTruth(kind, library_name, tags),
    pop: { R, w: 0.3 + 0.6 * ps.next(), tau: 10 + 190 * ps.next(), likesMax, tauLikes: 30 + 270 * ps.next(), ...(ctx.options?.downloadRate !== undefined ? { rate: ctx.options.downloadRate } : {}) },
    special,
  };
}
