/**
 * Re-derives every stored model's framework mask from its stored tags and library_name with the
 * current lib/frameworks/config.ts, then rebuilds the rollups that depend on masks: the cohort
 * rollups and the per-crawl rollups of the latest completed full crawl (its values are the models'
 * current ones). Per-crawl rollups of earlier crawls keep the tag classification they were written
 * with: the values of every model at those crawls are not all stored (snapshots are change-only), so
 * a rebuild would mix today's tags with yesterday's numbers. Their framework lens is re-derived from
 * their own tag x library rows with today's rules (lib/rollups/framework-basis.ts).
 *
 * File-confirmed bits (tfjs) are kept as the files pass left them; candidates are re-derived.
 */
import type { Sqlite } from "../../db/index";
import { classifyTags, FILE_CONFIRMED_MASK } from "../frameworks/classify";
import { lastCompletedCrawl } from "./crawl-runs";
import { refreshCohortRollups, writeCrawlRollup } from "../rollups/rollups";
import { rebuildAuthorsFrameworkBasis, rebuildPastCrawlsFrameworkBasis } from "../rollups/framework-basis";
import { RULES_VERSION } from "../frameworks/rules";

export interface ReclassifyResult {
  models: number;
  changed: number;
  latestFullCrawl: number | null;
}

export function reclassifyModels(sqlite: Sqlite, opts: { dryRun?: boolean } = {}): ReclassifyResult {
  const read = sqlite.prepare("SELECT id, tags, library_name, framework_mask, framework_candidates FROM models");
  const update = sqlite.prepare("UPDATE models SET framework_mask = ?, framework_candidates = ? WHERE id = ?");
  let models = 0;
  let changed = 0;
  const pending: [number, number, number][] = [];
  for (const r of read.iterate() as IterableIterator<{ id: number; tags: string; library_name: string | null; framework_mask: number; framework_candidates: number }>) {
    models++;
    const { mask, candidates } = classifyTags(JSON.parse(r.tags) as string[], r.library_name);
    const next = mask | (r.framework_mask & FILE_CONFIRMED_MASK);
    if (next !== r.framework_mask || candidates !== r.framework_candidates) {
      changed++;
      pending.push([next, candidates, r.id]);
    }
  }
  const latest = lastCompletedCrawl(sqlite, ["full"]);
  if (opts.dryRun) return { models, changed, latestFullCrawl: latest?.id ?? null };
  sqlite.transaction(() => {
    for (const p of pending) update.run(...p);
    const cohortsCrawl = lastCompletedCrawl(sqlite, ["full", "incremental", "scoped"]);
    if (cohortsCrawl) refreshCohortRollups(sqlite, cohortsCrawl.id);
    if (latest) {
      const prev = sqlite
        .prepare<[number], { id: number }>("SELECT id FROM crawls WHERE kind = 'full' AND status = 'completed' AND id < ? ORDER BY id DESC LIMIT 1")
        .get(latest.id);
      writeCrawlRollup(sqlite, latest.id, prev?.id ?? null);
    }
    rebuildPastCrawlsFrameworkBasis(sqlite, latest?.id ?? null);
    if (latest) rebuildAuthorsFrameworkBasis(sqlite, latest.id);
    markClassified(sqlite);
  }).immediate();
  return { models, changed, latestFullCrawl: latest?.id ?? null };
}

/** The rules version the stored classification was built with (null: never, e.g. upgraded from before 0008). */
export function classifiedVersion(sqlite: Sqlite): string | null {
  const r = sqlite.prepare<[], { v: string }>("SELECT rules_version AS v FROM classification_state WHERE id = 1").get();
  return r?.v ?? null;
}

function markClassified(sqlite: Sqlite): void {
  sqlite
    .prepare("INSERT INTO classification_state (id, rules_version, classified_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET rules_version = excluded.rules_version, classified_at = excluded.classified_at")
    .run(RULES_VERSION, Math.floor(Date.now() / 1000));
}

/**
 * Run after migrations by every process that writes (npm start, the scheduler, crawls, db:migrate,
 * the demo): when the rules changed since the stored classification, reclassify and rebuild the
 * rollups. An empty database is just stamped. Returns what was done, for the caller's log line.
 */
export function ensureClassified(sqlite: Sqlite): ReclassifyResult | null {
  if (classifiedVersion(sqlite) === RULES_VERSION) return null;
  const empty = sqlite.prepare("SELECT 1 FROM models LIMIT 1").get() === undefined;
  if (empty) {
    markClassified(sqlite);
    return null;
  }
  return reclassifyModels(sqlite);
}
