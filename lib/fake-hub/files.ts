/**
 * A repo's files. Paths are cheap (planFiles) and consistent with the framework tags: the tags the
 * Hub derives from files (frameworksFromFiles, docs/hub-api.md §8.8) are exactly the profile's weight
 * formats. Contents, sizes and oids are made only when a tree, blobs=true or resolve asks.
 *
 * Sizes: small files are generated in full (size = bytes served). Big LFS weights have realistic
 * declared sizes (parameters x bytes per parameter) but are served as a short placeholder body with
 * the declared size in `X-Linked-Size` (the fake Hub does not stream gigabytes). LFS files up to
 * 256 KiB (e.g. TF.js .bin shards) are real deterministic bytes.
 */
import { createHash } from "node:crypto";
import { Stream, hexOf, saltOf } from "./rng";
import { FW, type Profile } from "./profile";
import { GGUF_QUANTS, TEXT_TASKS } from "./taxonomy";
import { tfjsArtifacts } from "./tfjs";
import type { MountedFile, MountedRepo } from "./types";

export interface PlannedFile {
  path: string;
  lfs: boolean;
  /** Declared size of a generated-on-demand LFS blob; undefined for files made in full. */
  declaredSize?: number;
}

export interface FileBlob {
  path: string;
  size: number;
  /** Git blob id (sha1 of the blob, or of the LFS pointer for LFS files). */
  oid: string;
  lfs?: { sha256: string; size: number; pointerSize: number };
  /** The bytes served by resolve; null for placeholder-only big LFS blobs. */
  content: Buffer | null;
}

/** The default .gitattributes the Hub writes into every new repo (plus *.gguf, *.keras). */
const LFS_PATTERNS = [
  "7z", "arrow", "bin", "bz2", "ckpt", "ftz", "gz", "h5", "joblib", "mlmodel", "model", "msgpack", "npy", "npz", "onnx",
  "ot", "parquet", "pb", "pickle", "pkl", "pt", "pth", "rar", "safetensors", "tar", "tflite", "tgz", "wasm", "xz", "zip",
  "zst", "gguf", "keras", "mp4",
];
const LFS_EXT = new Set(LFS_PATTERNS);
export const GITATTRIBUTES =
  LFS_PATTERNS.map((e) => `*.${e} filter=lfs diff=lfs merge=lfs -text`).join("\n") +
  "\nsaved_model/**/* filter=lfs diff=lfs merge=lfs -text\n*tfevents* filter=lfs diff=lfs merge=lfs -text\n";

export function isLfsPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (base.includes("tfevents")) return true;
  const dot = base.lastIndexOf(".");
  return dot > 0 && LFS_EXT.has(base.slice(dot + 1).toLowerCase());
}

/** The framework tags the Hub derives from file names (docs/hub-api.md §2.1, §8.8). No tfjs, no mlx. */
export function frameworksFromFiles(paths: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const base = p.slice(p.lastIndexOf("/") + 1);
    if (base === "pytorch_model.bin" || /^pytorch_model-\d+-of-\d+\.bin$/.test(base)) out.add("pytorch");
    else if (base === "tf_model.h5") out.add("tf");
    else if (base === "flax_model.msgpack") out.add("jax");
    else if (base === "rust_model.ot") out.add("rust");
    else if (base.endsWith(".onnx")) out.add("onnx");
    else if (base.endsWith(".safetensors")) out.add("safetensors");
    else if (base.endsWith(".gguf")) out.add("gguf");
    else if (base.endsWith(".keras")) out.add("keras");
    else if (base.endsWith(".tflite")) out.add("tflite");
    else if (p.startsWith("coreml/") && base.endsWith(".mlmodel")) out.add("coreml");
    else if (base.startsWith("openvino") && base.endsWith(".xml")) out.add("openvino");
  }
  return out;
}

const S_SIZE = saltOf("file-size");
const S_BYTES = saltOf("file-bytes");
const MAX_REAL_LFS = 256 * 1024;
const SHARD_BYTES = 5e9;

function weightSet(prefix: string, bytes: number, ext: "safetensors" | "bin"): PlannedFile[] {
  bytes = Math.max(1, Math.round(bytes));
  if (bytes <= (ext === "bin" ? 10e9 : SHARD_BYTES)) return [{ path: `${prefix}.${ext}`, lfs: true, declaredSize: bytes }];
  const n = Math.ceil(bytes / SHARD_BYTES);
  const w = String(n).padStart(5, "0");
  const out: PlannedFile[] = [{ path: `${prefix}.${ext}.index.json`, lfs: false }];
  for (let k = 1; k <= n; k++) {
    const size = k < n ? SHARD_BYTES : bytes - SHARD_BYTES * (n - 1);
    out.push({ path: `${prefix}-${String(k).padStart(5, "0")}-of-${w}.${ext}`, lfs: true, declaredSize: Math.round(size) });
  }
  return out;
}

/** Every file of a repo, sorted by path (as the Hub lists siblings). */
export function planFiles(seed: number, p: Profile, createdMs: number): PlannedFile[] {
  if (p.special?.role === "mounted") return mountedFiles(p.special.repo);
  const s = new Stream(seed, p.i, S_SIZE);
  const year = new Date(createdMs).getUTCFullYear();
  const files: PlannedFile[] = [{ path: ".gitattributes", lfs: false }];
  const text = (path: string) => files.push({ path, lfs: false });
  const blob = (path: string, size: number) => files.push({ path, lfs: isLfsPath(path), declaredSize: Math.max(1, Math.round(size)) });
  const params = p.paramsM * 1e6 * (0.9 + 0.2 * s.next());
  const bpp = year < 2023 ? 4 : 2;
  const hasCard = p.kind !== "empty";
  if (hasCard) text("README.md");
  const tokenizer = () => {
    if (p.pipeline_tag && !TEXT_TASKS.has(p.pipeline_tag) && p.pipeline_tag !== "feature-extraction" && p.pipeline_tag !== "sentence-similarity") return;
    text("tokenizer.json");
    text("tokenizer_config.json");
    text("special_tokens_map.json");
    if (p.arch === "bert" || p.arch === "distilbert" || p.arch === "electra") text("vocab.txt");
    if (p.arch === "gpt2" || p.arch === "roberta" || p.arch === "bart") {
      text("vocab.json");
      text("merges.txt");
    }
  };
  const hfWeights = (dir = "") => {
    if (p.fw & FW.safetensors) files.push(...weightSet(`${dir}model`, params * bpp, "safetensors"));
    if (p.fw & FW.pytorch) files.push(...weightSet(`${dir}pytorch_model`, params * (bpp === 4 ? 4 : 2), "bin"));
    if (p.fw & FW.tf) blob(`${dir}tf_model.h5`, params * 4);
    if (p.fw & FW.jax) blob(`${dir}flax_model.msgpack`, params * 4);
    if (p.fw & FW.rust) blob(`${dir}rust_model.ot`, params * 4);
    if (p.fw & FW.tflite) blob(`${dir}model.tflite`, params * 4);
    if (p.fw & FW.onnx) blob(`${dir}onnx/model.onnx`, params * 4);
    if (p.fw & FW.coreml) {
      const base = `coreml/${p.pipeline_tag ?? "model"}/float32_model.mlpackage`;
      blob(`${base}/Data/com.apple.CoreML/model.mlmodel`, 200_000 + s.next() * 100_000);
      text(`${base}/Manifest.json`);
    }
    if (p.fw & FW.openvino) {
      blob(`${dir}openvino/openvino_model.bin`, params * 4);
      text(`${dir}openvino/openvino_model.xml`);
    }
  };

  switch (p.kind) {
    case "transformers":
      if (p.fw) text("config.json");
      hfWeights();
      if (p.fw) tokenizer();
      if (p.pipeline_tag === "text-generation" && p.fw) text("generation_config.json");
      if (p.extras & 1) {
        const d = new Date(createdMs).toISOString().slice(0, 10).replace(/-/g, "");
        blob(`runs/${d}/events.out.tfevents.${Math.floor(createdMs / 1000)}.ip-10-0-0-1.1.0`, 5_000 + s.next() * 50_000);
        blob("training_args.bin", 5_000 + s.next() * 2_000);
      }
      break;
    case "sentence-transformers":
      for (const f of ["config.json", "modules.json", "config_sentence_transformers.json", "sentence_bert_config.json", "1_Pooling/config.json"]) text(f);
      hfWeights();
      tokenizer();
      break;
    case "timm":
      text("config.json");
      hfWeights();
      break;
    case "diffusers":
      if (s.chance(0.5)) {
        text("model_index.json");
        for (const part of ["unet", "vae", "text_encoder"]) {
          text(`${part}/config.json`);
          const ext = p.fw & FW.safetensors ? "safetensors" : "bin";
          const file = part === "text_encoder" ? `model.${ext}` : `diffusion_pytorch_model.${ext}`;
          blob(`${part}/${file}`, (part === "unet" ? 3.4e9 : part === "vae" ? 3.3e8 : 4.9e8) * (0.9 + 0.2 * s.next()));
        }
      } else {
        blob(`pytorch_lora_weights.${p.fw & FW.safetensors ? "safetensors" : "bin"}`, 2e7 + s.next() * 2e8);
      }
      break;
    case "peft":
      text("adapter_config.json");
      blob(`adapter_model.${p.fw & FW.safetensors ? "safetensors" : "bin"}`, 1e6 + s.next() * 3e8);
      if (s.chance(0.5)) tokenizer();
      break;
    case "gguf": {
      const base = p.name.replace(/-(GGUF|gguf|i1-GGUF|Q4_K_M-GGUF)(?=-[0-9a-z]+$)/, "");
      const n = s.chance(0.4) ? 1 : s.int(2, 6);
      const quants = new Set<string>();
      while (quants.size < n) quants.add(s.pick(GGUF_QUANTS));
      for (const q of quants) blob(`${base}.${q}.gguf`, params * (q === "F16" ? 2 : q.startsWith("Q8") ? 1.06 : 0.6));
      if (p.library_name === "transformers") text("config.json");
      break;
    }
    case "mlx":
      text("config.json");
      files.push(...weightSet("model", params * 0.55, "safetensors"));
      tokenizer();
      break;
    case "onnx":
      text("config.json");
      blob(s.chance(0.5) ? "model.onnx" : "onnx/model.onnx", params * 4);
      break;
    case "keras":
      if (year >= 2023) {
        blob("model.keras", params * 4);
        text("config.json");
        text("metadata.json");
      } else {
        blob("saved_model.pb", 200_000 + s.next() * 400_000);
        blob("keras_metadata.pb", 20_000 + s.next() * 40_000);
        blob("variables/variables.data-00000-of-00001", params * 4);
        text("variables/variables.index");
      }
      break;
    case "rl": {
      const env = p.name.replace(/-[0-9a-z]+$/, "");
      blob(`${env}.zip`, 50_000 + s.next() * 500_000);
      text("config.json");
      text("results.json");
      blob("replay.mp4", 100_000 + s.next() * 900_000);
      break;
    }
    case "other": {
      // Custom-code repos: pickled weights, or (since 2023, lib/fake-hub/profile.ts) safetensors.
      const name = s.pick(["model.pt", "model.pth", "best.pt", "model.ckpt", "model.pkl", "weights.pth"]);
      blob(p.fw & FW.safetensors ? "model.safetensors" : name, params * 4);
      if (s.chance(0.4)) text("config.yaml");
      break;
    }
    case "tfjs": {
      if (!p.tfjs) break;
      const art = tfjsArtifacts(seed, p.i, p.tfjs);
      text(art.modelJsonPath);
      for (const sh of art.shards) files.push({ path: sh.path, lfs: isLfsPath(sh.path) });
      if (s.chance(0.3)) text(`${p.tfjs.dir}metadata.json`);
      break;
    }
    case "transformers.js":
      text("config.json");
      text("tokenizer.json");
      text("tokenizer_config.json");
      blob("onnx/model.onnx", params * 4);
      blob("onnx/model_quantized.onnx", params);
      blob("onnx/model_fp16.onnx", params * 2);
      break;
    case "lone-model-json":
      // Not TF.js: a model.json next to a PyTorch checkpoint (docs/hub-api.md §2.3 look-alikes).
      text("model.json");
      blob("model.pth", 1e6 + s.next() * 1e8);
      break;
    case "empty":
      break;
  }
  const seen = new Set<string>();
  return files
    .filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A mounted repo's files: .gitattributes and a README card unless the caller gave them, then theirs. */
function mountedFiles(repo: MountedRepo): PlannedFile[] {
  const out = new Map<string, PlannedFile>();
  out.set(".gitattributes", { path: ".gitattributes", lfs: false });
  out.set("README.md", { path: "README.md", lfs: false });
  for (const f of repo.files) {
    out.set(f.path, { path: f.path, lfs: isLfsPath(f.path) || (f.bytes?.length ?? 0) > 10 * 1024 * 1024, declaredSize: f.bytes ? undefined : 1024 });
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The caller's bytes of a mounted repo's file; undefined when the caller gave none for it. */
export function mountedFile(p: Profile, path: string): MountedFile | undefined {
  return p.special?.role === "mounted" ? p.special.repo.files.find((f) => f.path === path) : undefined;
}

function readme(p: Profile): string {
  const lines = ["---"];
  const c = p.card;
  if (p.library_name) lines.push(`library_name: ${JSON.stringify(p.library_name)}`);
  if (p.pipeline_tag) lines.push(`pipeline_tag: ${p.pipeline_tag}`);
  if (c.license) lines.push(`license: ${c.license}`);
  if (c.language?.length) lines.push("language:", ...c.language.map((l) => `- ${l}`));
  if (c.datasets?.length) lines.push("datasets:", ...c.datasets.map((d) => `- ${JSON.stringify(d)}`));
  if (c.base_model) lines.push(`base_model: ${c.base_model}`, `base_model_relation: ${c.baseRelation}`);
  if (c.tags?.length) lines.push("tags:", ...c.tags.map((t) => `- ${JSON.stringify(t)}`));
  lines.push("---", "", `# ${p.name}`, "", "This model card was generated by the hf-trends fake Hub.", "");
  return lines.join("\n");
}

/** Bytes of a file made in full (everything except big LFS placeholders). */
export function fileBytes(seed: number, p: Profile, f: PlannedFile): Buffer | null {
  const path = f.path;
  if (path === ".gitattributes") return Buffer.from(GITATTRIBUTES);
  const mounted = mountedFile(p, path);
  if (mounted) return mounted.bytes ? Buffer.from(mounted.bytes.buffer, mounted.bytes.byteOffset, mounted.bytes.length) : null;
  if (path === "README.md") return Buffer.from(readme(p));
  if (p.kind === "tfjs" && p.tfjs) {
    const art = tfjsArtifacts(seed, p.i, p.tfjs);
    if (path === art.modelJsonPath) return Buffer.from(art.modelJson);
    const sh = art.shards.find((x) => x.path === path);
    if (sh) return Buffer.from(sh.bytes);
  }
  if (f.declaredSize !== undefined) {
    if (f.declaredSize > MAX_REAL_LFS) return null;
    const out = Buffer.alloc(f.declaredSize);
    const s = new Stream(seed, p.i, (S_BYTES ^ saltOf(path)) | 0);
    for (let k = 0; k < out.length; k += 4) {
      const v = Math.floor(s.next() * 4294967296);
      for (let b = 0; b < 4 && k + b < out.length; b++) out[k + b] = (v >>> (8 * b)) & 0xff;
    }
    return out;
  }
  if (path === "config.json") {
    const cfg: Record<string, unknown> = {};
    if (p.arch) {
      cfg.architectures = [`${p.arch.replace(/(^|[_-])(\w)/g, (_m, _a, ch: string) => ch.toUpperCase())}Model`];
      cfg.model_type = p.arch;
    }
    cfg.torch_dtype = "float32";
    return Buffer.from(JSON.stringify(cfg, null, 2) + "\n");
  }
  if (p.kind === "lone-model-json" && path === "model.json") {
    return Buffer.from(JSON.stringify({ name: p.name, framework: "pytorch", input_size: [3, 224, 224], num_classes: 10 }, null, 2));
  }
  if (path.endsWith(".json")) return Buffer.from(JSON.stringify({ fake_hub_placeholder: path }) + "\n");
  return Buffer.from(`fake hub placeholder for ${path}\n`);
}

function gitBlobSha1(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** Size, oid, LFS pointer data and content of one planned file. */
export function materialize(seed: number, p: Profile, f: PlannedFile): FileBlob {
  const content = fileBytes(seed, p, f);
  const size = content ? content.length : (f.declaredSize ?? 0);
  if (!f.lfs) return { path: f.path, size, oid: gitBlobSha1(content ?? Buffer.alloc(0)), content };
  const sha256 = content ? createHash("sha256").update(content).digest("hex") : hexOf(seed, p.i, saltOf(f.path), 64);
  const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
  return {
    path: f.path, size, oid: gitBlobSha1(Buffer.from(pointer)),
    lfs: { sha256, size, pointerSize: Buffer.byteLength(pointer) }, content,
  };
}
