/**
 * The backfill of true creation dates, a per-repo pass (repo-pass.ts runs it).
 *
 * Legacy repos carry the 2022-03-02 floor as createdAt (docs/hub-api.md §7.3); the date of
 * their oldest commit is the real one. listCommits pages newest first, so the oldest commit is the
 * last item yielded. A system "initial commit" is the creation itself ("initial-commit"); anything
 * else means a squashed history, whose oldest commit is only an upper bound ("oldest-commit"). A
 * repo that is gone (404, or 401 as the Hub answers anonymous callers for missing repos) or has no
 * commits is "not-found": recorded once, never retried, not an error of the run.
 */
import { listCommits } from "@huggingface/hub";
import {
  checkCredentials, isRepoGone, runRepoPass, type PassContext, type PassDefinition, type PassOptions, type PassRow,
  type PassSummary,
} from "./repo-pass";

export type TrueCreatedSource = "initial-commit" | "oldest-commit" | "not-found";

export interface BackfillResult {
  repoId: string;
  source: TrueCreatedSource;
  /** Epoch seconds; absent when not-found. */
  trueCreatedAt?: number;
  /** Commits seen (the whole history was walked). */
  commits: number;
}

export type BackfillOptions = PassOptions;
export type BackfillSummary = PassSummary<BackfillResult>;

/** Walks a repo's history (newest first) and classifies its oldest commit. */
export async function oldestCommit(repoId: string, ctx: PassContext): Promise<BackfillResult> {
  let last: { title: string; authors: { username: string }[]; date: Date } | undefined;
  let commits = 0;
  try {
    for await (const c of listCommits({
      repo: { type: "model", name: repoId },
      batchSize: 1000,
      hubUrl: ctx.hubUrl,
      ...(ctx.token ? { accessToken: ctx.token } : {}),
      fetch: ctx.fetch,
    })) {
      last = c;
      commits++;
    }
  } catch (err) {
    checkCredentials(err);
    if (isRepoGone(err)) return { repoId, source: "not-found", commits };
    throw err;
  }
  const time = last ? last.date.getTime() : NaN;
  if (!last || Number.isNaN(time)) return { repoId, source: "not-found", commits };
  const initial =
    last.title.trim().toLowerCase() === "initial commit" && last.authors.some((a) => a.username === "system");
  return { repoId, source: initial ? "initial-commit" : "oldest-commit", trueCreatedAt: Math.floor(time / 1000), commits };
}

const DUE_WHERE =
  "created_at_is_floor = 1 AND true_created_source IS NULL AND gone_since_crawl IS NULL";

export function backfillDefinition(): PassDefinition<PassRow, BackfillResult> {
  return {
    kind: "backfill",
    scope: {},
    selectDue(sqlite, after, n) {
      return sqlite
        .prepare<[string, number], PassRow>(
          `SELECT id, hub_id AS hubId, repo_id AS repoId FROM models WHERE ${DUE_WHERE} AND hub_id > ? ORDER BY hub_id LIMIT ?`,
        )
        .all(after ?? "", n);
    },
    countDue(sqlite, after) {
      return sqlite
        .prepare<[string], { n: number }>(`SELECT count(*) AS n FROM models WHERE ${DUE_WHERE} AND hub_id > ?`)
        .get(after ?? "")!.n;
    },
    process: (row, ctx) => oldestCommit(row.repoId, ctx),
    write(sqlite, row, r) {
      sqlite
        .prepare("UPDATE models SET true_created_at = ?, true_created_source = ? WHERE id = ?")
        .run(r.trueCreatedAt ?? null, r.source, row.id);
      return { outcome: r.source, changed: r.source !== "not-found" };
    },
  };
}

/**
 * True creation dates for the legacy repos not backfilled yet (created_at_is_floor, no source), in
 * `_id` order. Throws LockHeldError when another crawl holds the DB (after lockWaitMs).
 */
export function runBackfill(opts: BackfillOptions): Promise<BackfillSummary> {
  return runRepoPass(opts, backfillDefinition());
}
