/**
 * Repos pinned at fixed indexes (for any Hub of >= 100 models) so that tests always find them:
 * hostile names, TF.js variants and look-alikes, gated / private / renamed repos and the commit
 * history edge cases. Special repos are never deleted and never randomly private or renamed.
 */
import type { Gated, MountedRepo } from "./types";

export type TfjsVariant = "layers" | "subfolder" | "quantized" | "noformat" | "noext";

export type Special =
  | { role: "squashed" }
  | { role: "many-commits" }
  | { role: "single-commit" }
  | { role: "renamed-soon" }
  | { role: "renamed-past" }
  | { role: "gated"; gated: Exclude<Gated, false> }
  | { role: "private" }
  | { role: "hostile"; hostile: number }
  | { role: "tfjs"; variant: TfjsVariant; gated?: Exclude<Gated, false> }
  | { role: "lone-model-json" }
  | { role: "transformers.js" }
  | { role: "mounted"; repo: MountedRepo };

/** Index of the first mounted repo (FakeHubOptions.mounts); the k-th sits at MOUNT_BASE + k. */
export const MOUNT_BASE = 100;

const FIXED: ReadonlyMap<number, Special> = new Map<number, Special>([
  [0, { role: "squashed" }],
  [1, { role: "many-commits" }],
  [41, { role: "renamed-soon" }],
  [43, { role: "renamed-past" }],
  [45, { role: "gated", gated: "auto" }],
  [47, { role: "gated", gated: "manual" }],
  [48, { role: "private" }],
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((k): [number, Special] => [50 + k, { role: "hostile", hostile: k }]),
  [60, { role: "tfjs", variant: "layers" }],
  [61, { role: "tfjs", variant: "subfolder" }],
  [62, { role: "tfjs", variant: "quantized" }],
  [63, { role: "tfjs", variant: "noformat" }],
  [64, { role: "tfjs", variant: "noext" }],
  // A gated TF.js repo without any tfjs hint: its file list is public, its model.json needs a token.
  [65, { role: "tfjs", variant: "layers", gated: "auto" }],
  [66, { role: "lone-model-json" }],
  [67, { role: "transformers.js" }],
]);

/** Renamed-soon repos change id this many days after the anchor day; renamed-past ones this many before. */
export const RENAME_SOON_DAYS = 3;
export const RENAME_PAST_DAYS = 100;
/** Commits of the many-commits repo (more than one 1000-item page). */
export const MANY_COMMITS = 1234;

export class Specials {
  readonly singleCommitIndex: number;
  private readonly mounted = new Map<number, Special>();
  /**
   * @param firstNonLegacy the single-commit repo must be non-legacy (legacy repos always get a
   *   later commit so that lastModified >= createdAt), so it sits at the first non-legacy index >= 70
   *   that no mounted repo takes.
   */
  constructor(firstNonLegacy: number, mounts: readonly MountedRepo[] = []) {
    mounts.forEach((repo, k) => this.mounted.set(MOUNT_BASE + k, { role: "mounted", repo }));
    let s = Math.max(70, firstNonLegacy);
    while (this.mounted.has(s)) s++;
    this.singleCommitIndex = s;
  }
  get(i: number): Special | undefined {
    if (i === this.singleCommitIndex) return { role: "single-commit" };
    return this.mounted.get(i) ?? FIXED.get(i);
  }
}
