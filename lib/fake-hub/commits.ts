/**
 * Commit histories (docs/hub-api.md §7.4). Every repo's history is planned once from its seed: the
 * oldest commit is the `system` "initial commit" at the true creation second, later commits follow
 * at increasing dates. The clock only hides commits dated after the current day, so lastModified
 * and sha move forward as days pass. Edge cases: a squashed legacy repo (oldest commit is the
 * squash, not the creation), a repo with more than 1000 commits, a repo with a single commit.
 * Legacy repos always get one commit after the legacy floor, so that lastModified >= createdAt.
 */
import { DAY_MS, FIRST_MODERN_MS } from "./clock";
import { Stream, hexOf, saltOf } from "./rng";
import { ORGS, userName } from "./names";
import { FW, type Profile } from "./profile";
import { MANY_COMMITS } from "./specials";

export interface CommitAuthor {
  user: string;
  avatar: string;
}

/** The raw API item of GET /api/models/:id/commits/:rev. */
export interface ApiCommit {
  id: string;
  title: string;
  message: string;
  authors: CommitAuthor[];
  date: string;
}

export interface CommitPlan {
  /** Commit dates in ms, oldest first, strictly increasing, whole seconds. */
  times: number[];
  squashed: boolean;
}

const S_PLAN = saltOf("commit-plan");
const S_ID = saltOf("commit-id");
const S_META = saltOf("commit-meta");

/** Forced post-floor commit of legacy repos: between these instants (metadata / safetensors PRs of 2022-2023). */
const LEGACY_TOUCH_FROM = FIRST_MODERN_MS + DAY_MS;
const LEGACY_TOUCH_SPAN = 480 * DAY_MS;

export function planCommits(seed: number, p: Profile, trueCreatedMs: number, legacy: boolean, anchorEndMs: number): CommitPlan {
  const s = new Stream(seed, p.i, S_PLAN);
  const role = p.special?.role;
  if (role === "many-commits") {
    const end = Math.max(anchorEndMs - 10 * DAY_MS, trueCreatedMs + MANY_COMMITS * 60_000);
    const step = Math.floor((end - trueCreatedMs) / MANY_COMMITS / 1000) * 1000;
    const times = [trueCreatedMs];
    for (let j = 1; j < MANY_COMMITS; j++) times.push(trueCreatedMs + j * step + Math.floor(s.next() * (step / 2000)) * 1000);
    return { times, squashed: false };
  }
  if (role === "single-commit") return { times: [trueCreatedMs], squashed: false };
  if (role === "squashed") {
    // A legacy repo squashed in 2024: the creation is gone from its history.
    const squash = Math.max(trueCreatedMs, FIRST_MODERN_MS) + (780 + s.int(0, 60)) * DAY_MS + s.int(0, 86_399) * 1000;
    const times = [squash];
    for (let j = s.int(0, 2); j > 0; j--) times.push(times[times.length - 1] + s.int(3_600, 40 * 86_400) * 1000);
    return { times, squashed: true };
  }

  const times = [trueCreatedMs];
  if (p.kind !== "empty") {
    // First upload minutes after creation, then a geometric number of later commits with
    // log-uniform gaps between a minute and ~200 days.
    times.push(trueCreatedMs + s.int(20, 900) * 1000);
    let more = 0;
    while (more < 10 && s.chance(0.55)) more++;
    for (let j = 0; j < more; j++) {
      const gapS = Math.floor(Math.exp(Math.log(60) + s.next() * (Math.log(200 * 86_400) - Math.log(60))));
      times.push(times[times.length - 1] + gapS * 1000);
    }
  }
  if (legacy && times[times.length - 1] < FIRST_MODERN_MS) {
    const t = LEGACY_TOUCH_FROM + Math.floor((s.next() * LEGACY_TOUCH_SPAN) / 1000) * 1000;
    times.push(Math.max(t, times[times.length - 1] + 1000));
  }
  return { times, squashed: false };
}

/** Number of commits visible before `dayEnd` (all commits before it, oldest first). */
export function visibleCount(plan: CommitPlan, dayEnd: number): number {
  const t = plan.times;
  if (t.length < 64) {
    let n = 0;
    while (n < t.length && t[n] < dayEnd) n++;
    return n;
  }
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid] < dayEnd) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function commitId(seed: number, i: number, j: number): string {
  return hexOf(seed, i, (S_ID + Math.imul(j + 1, 0x61c88647)) | 0, 40);
}

function avatarOf(seed: number, user: string): string {
  let h = 0;
  for (let k = 0; k < user.length; k++) h = (Math.imul(h, 31) + user.charCodeAt(k)) | 0;
  return `https://cdn-avatars.huggingface.co/v1/production/uploads/${hexOf(seed, h >>> 0, S_META, 24)}/${hexOf(seed, h >>> 0, S_META + 1, 20)}.png`;
}

const UPLOAD_TITLES = [
  "Upload folder using huggingface_hub", "Upload model", "Upload 3 files", "Update README.md", "Update config.json",
  "Add files using upload-large-folder tool", "Training in progress, epoch 1", "Training in progress, step 500",
  "End of training", "Upload tokenizer", "Create README.md", "Update README.md (#1)", "Upload 2 files",
];

/** The commit item j (0 = oldest) of model p. */
export function commitAt(seed: number, p: Profile, plan: CommitPlan, j: number, author: string): ApiCommit {
  const id = commitId(seed, p.i, j);
  const date = new Date(plan.times[j]).toISOString();
  if (j === 0 && !plan.squashed) {
    return { id, title: "initial commit", message: "", authors: [{ user: "system", avatar: "https://huggingface.co/avatars/system.svg" }], date };
  }
  const s = new Stream(seed, p.i, (S_META + 7 * (j + 1)) | 0);
  let user = ORGS.includes(author) ? userName(seed, Math.floor(s.next() * 5000)) : author;
  let title: string;
  if (plan.squashed && j === 0) title = "Super-squash branch 'main' using huggingface_hub";
  else if (j === 1 && p.kind !== "empty") title = s.pick(UPLOAD_TITLES.slice(0, 3));
  else if (plan.times[j] > Date.UTC(2022, 9, 1) && p.fw & FW.safetensors && s.chance(0.15)) {
    title = "Adding `safetensors` variant of this model";
    user = "SFconvertbot";
  } else if (plan.times[j] > Date.UTC(2023, 6, 1) && s.chance(0.05)) {
    title = "Librarian Bot: Add base_model information to model";
    user = "librarian-bot";
  } else title = s.pick(UPLOAD_TITLES);
  const authors = [{ user, avatar: avatarOf(seed, user) }];
  if (s.chance(0.05)) {
    const co = userName(seed, Math.floor(s.next() * 5000));
    if (co !== user) authors.push({ user: co, avatar: avatarOf(seed, co) });
  }
  const message = s.chance(0.2) ? `\n\n\n- ${title} (${commitId(seed, p.i, j + 1000).slice(0, 7)})\n\n` : "";
  return { id, title, message, authors, date };
}
