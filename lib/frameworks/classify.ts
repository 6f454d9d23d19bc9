import { FRAMEWORKS, type FrameworkDef } from "./config";

const BY_ID = new Map(FRAMEWORKS.map((f) => [f.id, f]));
const TAG_BITS = new Map<string, number>();
const LIBRARY_BITS = new Map<string, number>();
for (const f of FRAMEWORKS) {
  for (const t of f.tags) TAG_BITS.set(t.toLowerCase(), (TAG_BITS.get(t.toLowerCase()) ?? 0) | 2 ** f.bit);
  for (const l of f.libraryNames) LIBRARY_BITS.set(l.toLowerCase(), (LIBRARY_BITS.get(l.toLowerCase()) ?? 0) | 2 ** f.bit);
}

/** Bits that tags alone may not set (the framework needs its files to confirm it). */
export const FILE_CONFIRMED_MASK = FRAMEWORKS.filter((f) => f.confirmedByFiles).reduce((m, f) => m | 2 ** f.bit, 0);

export function frameworkById(id: string): FrameworkDef | undefined {
  return BY_ID.get(id);
}

export function bitOf(id: string): number {
  const f = BY_ID.get(id);
  if (!f) throw new Error(`unknown framework id "${id}"`);
  return 2 ** f.bit;
}

/**
 * Framework mask from what a listing gives (tags and library_name), plus the candidate mask of
 * frameworks that need file confirmation (tfjs). Bits are combined with `|` on numbers: every bit is
 * below 2^31 today, so 32-bit bitwise ops are exact. Keep that in mind before adding bit 31+.
 */
export function classifyTags(tags: readonly string[] | undefined, libraryName: string | undefined | null): {
  mask: number;
  candidates: number;
} {
  let raw = 0;
  if (tags) for (const t of tags) raw |= TAG_BITS.get(t.toLowerCase()) ?? 0;
  if (libraryName) raw |= LIBRARY_BITS.get(libraryName.toLowerCase()) ?? 0;
  return { mask: raw & ~FILE_CONFIRMED_MASK, candidates: raw & FILE_CONFIRMED_MASK };
}

/** Frameworks evidenced by a repo's file paths (repo-relative, as in `siblings[].rfilename`). */
export function classifyFiles(paths: readonly string[]): number {
  let mask = 0;
  for (const f of FRAMEWORKS) {
    if (f.id === "tfjs") {
      if (hasTfjsWeights(paths)) mask |= 2 ** f.bit;
      continue;
    }
    if (f.filePatterns.some((re) => paths.some((p) => re.test(p)))) mask |= 2 ** f.bit;
  }
  return mask;
}

// TF.js converter output: model.json plus group<N>-shard<i>of<n>[.bin] in the same folder
// (HF's own demo repos drop the .bin), or hand-made weights*.bin beside it. A lone model.json is
// not tfjs (transformers.js and many configs ship one).
const SHARD_RE = /^(group\d+-shard\d+of\d+(\.bin)?|[^/]*\.bin)$/;
// .bin files that other libraries write next to a config-like model.json; never tfjs shards.
const NOT_SHARD_RE = /^(pytorch_model|training_args|optimizer|scheduler|rng_state|adapter_model|openvino_model)[^/]*\.bin$/;

/** Folders (with trailing slash, "" for the root) holding a model.json with weight shards beside it. */
export function tfjsModelDirs(paths: readonly string[]): string[] {
  const dirs = new Map<string, { json: boolean; shards: boolean }>();
  for (const p of paths) {
    const slash = p.lastIndexOf("/");
    const dir = p.slice(0, slash + 1);
    const base = p.slice(slash + 1);
    const e = dirs.get(dir) ?? { json: false, shards: false };
    if (base === "model.json") e.json = true;
    else if (SHARD_RE.test(base) && !NOT_SHARD_RE.test(base)) e.shards = true;
    dirs.set(dir, e);
  }
  return [...dirs].filter(([, e]) => e.json && e.shards).map(([d]) => d).sort();
}

export function hasTfjsWeights(paths: readonly string[]): boolean {
  return tfjsModelDirs(paths).length > 0;
}

/** Framework ids of a mask, in config order. */
export function frameworksOfMask(mask: number): string[] {
  return FRAMEWORKS.filter((f) => (mask & 2 ** f.bit) !== 0).map((f) => f.id);
}

export function maskOf(ids: readonly string[]): number {
  return ids.reduce((m, id) => m | bitOf(id), 0);
}
