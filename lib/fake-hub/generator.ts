/**
 * The deterministic, lazy data model of the fake Hub. Nothing is materialised up front: model i
 * (0 = oldest) is computed on demand from (seed, i), so a 1,000,000-model Hub costs nothing to
 * start and a createdAt page costs O(page).
 *
 * Size and growth: `models` (N) is the number of models created up to the anchor day. The real
 * Hub's growth curve (clock.ts) is scaled so that it reaches N at the end of the anchor day, and
 * model i is created when the scaled curve passes i + 0.5: creation times are non-decreasing in i,
 * and moving the clock to a later day adds models N, N+1, ... at the real Hub's rate (about
 * 0.12%/day in late 2026). Deleted repos are part of N (a constant hazard of 1/35 per repo-year,
 * profile.ts), so about 4.5% fewer than N are live on a late-2026 anchor day.
 *
 * `_id` = 8 hex of the API createdAt in epoch seconds + 10 hex derived from the seed + 6 hex of i:
 * strictly increasing in i, which is what lets sort=createdAt walk i downward.
 */
import {
  DAY_MS, FIRST_MODERN_MS, LEGACY_FLOOR_MS, dayEndMs, hubCountAt, hubTimeAt, iso, parseDay,
} from "./clock";
import { hexOf, saltOf } from "./rng";
import { HOSTILE, NameCodec, UserPool } from "./names";
import { MOUNT_BASE, Specials } from "./specials";
import { buildProfile, type Profile, type ProfileContext } from "./profile";
import { popularityAt, type Popularity } from "./popularity";
import { commitAt, commitId, planCommits, visibleCount, type ApiCommit, type CommitPlan } from "./commits";
import { materialize, planFiles, type FileBlob, type PlannedFile } from "./files";
import { tfjsArtifacts, type TfjsArtifacts } from "./tfjs";
import type { FakeModel, MountedRepo, ProfileOptions } from "./types";

export type { FakeModel, FakeHubOptions, FaultOptions, RateLimitOptions, Gated } from "./types";
export type { Profile } from "./profile";

export const DEFAULT_DAY = "2026-11-27";

/** `_id` keeps i in 6 hex digits. */
const MAX_MODELS = 0xffffff;
/** Share of legacy repos whose createdAt reads ...23:29:04 (the rest ...05), as on the real Hub. */
const LEGACY_04_SHARE = 0.75;
/**
 * Per-model plans are memoised only for Hubs up to this size (tests, sorted listings). For bigger
 * Hubs a crawl visits each model once, and a memo only promotes garbage to the old generation:
 * measured, it made a 1M-model createdAt walk ~35% slower.
 */
const CACHE_MAX_MODELS = 120_000;

export interface Entry {
  profile: Profile;
  trueCreatedMs: number;
  apiCreatedMs: number;
  legacy: boolean;
  plan: CommitPlan;
  objectId: string;
  /** API createdAt as served. */
  createdAt: string;
}

/** A day of the clock, with what every per-model computation needs precomputed. */
export interface DayCtx {
  day: string;
  /** UTC midnight starting the day, and the exclusive end of the day (epoch ms). */
  start: number;
  end: number;
  /** Models created up to the end of the day (indexes 0..count-1; deleted ones included). */
  count: number;
}

/** A model as seen on one day, with the cheap fields every listing needs. */
export interface ModelView {
  i: number;
  entry: Entry;
  _id: string;
  id: string;
  author: string;
  private: boolean;
  createdAt: string;
  lastModifiedMs: number;
  /** Visible commits; the head commit is number commitCount - 1 (see FakeHubData.sha). */
  commitCount: number;
  pop: Popularity;
}

export interface Lookup {
  i: number;
  /** True when the id asked for is an old (pre-rename) id or differs in case. */
  redirect: boolean;
  view: ModelView;
}

export class FakeHubData {
  readonly seed: number;
  readonly models: number;
  readonly anchorDay: string;
  readonly legacyCount: number;
  readonly specials: Specials;
  readonly codec: NameCodec;
  private readonly scale: number;
  private readonly legacy04: number;
  private readonly idMid: string;
  private readonly ctx: ProfileContext;
  private readonly hostileIndex = new Map<string, number>();
  /** Lower-cased ids of mounted repos -> index (their names carry no decodable token). */
  private readonly mountIndex = new Map<string, number>();
  private cache = new Map<number, Entry>();

  constructor(opts: { models: number; seed: number; anchorDay?: string; mounts?: readonly MountedRepo[]; profile?: ProfileOptions }) {
    if (!Number.isInteger(opts.models) || opts.models < 1 || opts.models > MAX_MODELS / 2) {
      throw new Error(`models must be an integer between 1 and ${MAX_MODELS / 2}`);
    }
    if (!Number.isInteger(opts.seed)) throw new Error("seed must be an integer");
    this.seed = opts.seed >>> 0;
    this.models = opts.models;
    this.anchorDay = opts.anchorDay ?? DEFAULT_DAY;
    const anchorEnd = dayEndMs(this.anchorDay);
    this.scale = this.models / hubCountAt(anchorEnd);
    this.legacyCount = this.countBefore(LEGACY_FLOOR_MS);
    this.legacy04 = Math.ceil(this.legacyCount * LEGACY_04_SHARE);
    this.idMid = hexOf(this.seed, 0, saltOf("objectid-mid"), 10);
    this.codec = new NameCodec(this.seed);
    const mounts = opts.mounts ?? [];
    if (mounts.length > 0 && this.models <= MOUNT_BASE + mounts.length) {
      throw new Error(`mounted repos sit at indexes ${MOUNT_BASE}..${MOUNT_BASE + mounts.length - 1}: the Hub needs more than ${MOUNT_BASE + mounts.length} models`);
    }
    mounts.forEach((m, k) => {
      if (!/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(m.id)) throw new Error(`mounted repo id must be "author/name" with URL-safe characters, got "${m.id}"`);
      if (this.mountIndex.has(m.id.toLowerCase())) throw new Error(`mounted repo ${m.id} given twice`);
      this.mountIndex.set(m.id.toLowerCase(), MOUNT_BASE + k);
    });
    this.specials = new Specials(Math.max(70, this.legacyCount), mounts);
    this.ctx = { seed: this.seed, codec: this.codec, users: new UserPool(this.seed, Math.max(30, Math.floor(this.models / 4))), anchorEndMs: anchorEnd, options: opts.profile };
    HOSTILE.forEach((h, k) => this.hostileIndex.set(`${h.author}/${h.name}`.toLowerCase(), 50 + k));
  }

  /** Number of models created before instant `ms` (indexes 0..n-1). */
  countBefore(ms: number): number {
    const x = this.scale * hubCountAt(ms) - 0.5;
    return x <= 0 ? 0 : Math.min(MAX_MODELS, Math.ceil(x - 1e-9));
  }

  /** Number of models created up to the end of `day` (deleted ones included). */
  countAt(day: string): number {
    return this.countBefore(dayEndMs(day));
  }

  dayCtx(day: string): DayCtx {
    const start = parseDay(day);
    return { day, start, end: start + DAY_MS, count: this.countBefore(start + DAY_MS) };
  }

  /** Exact (sub-second) creation instant of model i from the growth curve. */
  rawCreatedMs(i: number): number {
    return hubTimeAt((i + 0.5) / this.scale);
  }

  entry(i: number): Entry {
    const hit = this.cache.get(i);
    if (hit) return hit;
    const raw = this.rawCreatedMs(i);
    const legacy = i < this.legacyCount;
    const sec = Math.floor(raw / 1000) * 1000;
    const trueCreatedMs = legacy ? sec : Math.max(sec, FIRST_MODERN_MS);
    const apiCreatedMs = legacy ? LEGACY_FLOOR_MS + (i < this.legacy04 ? 0 : 1000) : trueCreatedMs;
    const profile = buildProfile(this.ctx, i, trueCreatedMs, this.specials.get(i));
    const plan = planCommits(this.seed, profile, trueCreatedMs, legacy, this.ctx.anchorEndMs);
    const objectId = (apiCreatedMs / 1000).toString(16).padStart(8, "0") + this.idMid + i.toString(16).padStart(6, "0");
    const e: Entry = { profile, trueCreatedMs, apiCreatedMs, legacy, plan, objectId, createdAt: iso(apiCreatedMs) };
    if (this.models <= CACHE_MAX_MODELS && this.cache.size < 2 * CACHE_MAX_MODELS) this.cache.set(i, e);
    return e;
  }

  objectId(i: number): string {
    return this.entry(i).objectId;
  }

  /** Index encoded in one of this Hub's `_id`s, or -1. */
  indexOfObjectId(oid: string): number {
    if (!/^[0-9a-f]{24}$/.test(oid) || oid.slice(8, 18) !== this.idMid) return -1;
    return parseInt(oid.slice(18), 16);
  }

  currentAuthor(p: Profile, dayEnd: number): string {
    return p.renameAtMs < dayEnd ? p.renamedAuthor : p.author;
  }

  /** The model as the API shows it on day `dc`, or undefined if it does not exist then (private ones do exist). */
  view(i: number, dc: DayCtx): ModelView | undefined {
    if (i < 0 || i >= dc.count) return undefined;
    const e = this.entry(i);
    if (e.profile.deleteAtMs < dc.end) return undefined;
    const p = e.profile;
    const n = visibleCount(e.plan, dc.end);
    const author = p.renameAtMs < dc.end ? p.renamedAuthor : p.author;
    return {
      i, entry: e, _id: e.objectId, id: `${author}/${p.name}`, author, private: p.private,
      createdAt: e.createdAt,
      lastModifiedMs: e.plan.times[n > 0 ? n - 1 : 0],
      commitCount: n,
      pop: popularityAt(p, e.trueCreatedMs, dc.start),
    };
  }

  /** Id of the head commit visible in a view. */
  sha(v: ModelView): string {
    return commitId(this.seed, v.i, Math.max(0, v.commitCount - 1));
  }

  files(i: number): PlannedFile[] {
    const e = this.entry(i);
    return planFiles(this.seed, e.profile, e.trueCreatedMs);
  }

  blob(i: number, f: PlannedFile): FileBlob {
    return materialize(this.seed, this.entry(i).profile, f);
  }

  /** TF.js artifacts of a TF.js repo (model.json text, shards, the weight bytes the manifest declares). */
  tfjs(i: number): TfjsArtifacts | undefined {
    const p = this.entry(i).profile;
    return p.tfjs ? tfjsArtifacts(this.seed, i, p.tfjs) : undefined;
  }

  /** Commits visible on `day`, newest first, from `offset`. */
  commits(i: number, dc: DayCtx, offset: number, limit: number): { total: number; items: ApiCommit[] } {
    const e = this.entry(i);
    const dayEnd = dc.end;
    const total = visibleCount(e.plan, dayEnd);
    const author = this.currentAuthor(e.profile, dayEnd);
    const items: ApiCommit[] = [];
    for (let k = offset; k < Math.min(total, offset + limit); k++) items.push(commitAt(this.seed, e.profile, e.plan, total - 1 - k, author));
    return { total, items };
  }

  /** Whether `rev` names a commit visible on `day` (or a symbolic ref we serve). */
  hasRevision(i: number, dc: DayCtx, rev: string): boolean {
    if (rev === "main" || rev === "HEAD" || rev === "refs/heads/main") return true;
    if (!/^[0-9a-f]{7,40}$/.test(rev)) return false;
    const n = visibleCount(this.entry(i).plan, dc.end);
    for (let j = n - 1; j >= 0; j--) if (commitId(this.seed, i, j).startsWith(rev)) return true;
    return false;
  }

  /** Finds a repo by id (case-insensitive; old ids of renamed repos too) on `day`. */
  lookup(repoId: string, dc: DayCtx): Lookup | undefined {
    const lower = repoId.toLowerCase();
    const slash = lower.indexOf("/");
    if (slash <= 0 || slash !== lower.lastIndexOf("/")) return undefined;
    let i = this.hostileIndex.get(lower) ?? this.mountIndex.get(lower) ?? -1;
    if (i < 0) {
      const name = lower.slice(slash + 1);
      i = this.codec.index(name.slice(name.lastIndexOf("-") + 1));
    }
    if (i < 0) return undefined;
    const view = this.view(i, dc);
    if (!view) return undefined;
    const p = view.entry.profile;
    const current = view.id.toLowerCase();
    const original = `${p.author}/${p.name}`.toLowerCase();
    if (lower !== current && lower !== original) return undefined;
    return { i, view, redirect: repoId !== view.id };
  }

  /** The full ground-truth record of a live model (private ones included). */
  model(i: number, day: string): FakeModel | undefined {
    const dc = this.dayCtx(day);
    const v = this.view(i, dc);
    return v ? this.toModel(v, dc) : undefined;
  }

  toModel(v: ModelView, dc: DayCtx): FakeModel {
    const e = v.entry;
    const p = e.profile;
    const m: FakeModel = {
      _id: v._id, id: v.id, author: v.author, private: p.private, gated: p.gated, disabled: false,
      tags: [...p.tags], downloads: v.pop.downloads, downloadsAllTime: v.pop.downloadsAllTime, likes: v.pop.likes,
      trendingScore: v.pop.trendingScore, createdAt: v.createdAt, lastModified: iso(v.lastModifiedMs), sha: this.sha(v),
      siblings: this.files(v.i).map((f) => f.path), trueCreatedAt: iso(e.trueCreatedMs),
      firstCommitAt: iso(e.plan.times[0]), commitCount: v.commitCount, legacy: e.legacy, squashed: e.plan.squashed,
      previousIds: p.renameAtMs < dc.end ? [`${p.author}/${p.name}`] : [], index: v.i, kind: p.kind,
      framework: { intended: [...p.framework.intended], attributed: [...p.framework.attributed] },
    };
    if (p.pipeline_tag !== undefined) m.pipeline_tag = p.pipeline_tag;
    if (p.library_name !== undefined) m.library_name = p.library_name;
    return m;
  }

  /** Every live model on `day`, oldest first; private ones only when asked. */
  truth(day: string, opts: { includePrivate?: boolean } = {}): FakeModel[] {
    const dc = this.dayCtx(day);
    const out: FakeModel[] = [];
    for (let i = 0; i < dc.count; i++) {
      const v = this.view(i, dc);
      if (v && (opts.includePrivate || !v.private)) out.push(this.toModel(v, dc));
    }
    return out;
  }

  /** Expected growth per day around `day` (models/day), for tests reasoning about the clock. */
  expectedNewPerDay(day: string): number {
    const end = dayEndMs(day);
    return this.scale * (hubCountAt(end) - hubCountAt(end - DAY_MS));
  }
}
