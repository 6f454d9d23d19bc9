/**
 * Builds a database the way production does, against the fake Hub: full crawls on several of the
 * fake Hub's days (so the "across crawls" history exists), an incremental crawl between two of
 * them, the createdAt backfill, the tfjs files pass and the ONNX files pass. `npm run demo` and the
 * dashboard's tests use it (docs/decisions.md: query tests seed through the real path, never
 * hand-written rows).
 *
 * The one liberty taken: each crawl's timestamps are set to the fake Hub's day it crawled (about
 * 00:15 UTC), since the crawls of a demo all run within a minute of real time and "data as of",
 * the incomplete period and the crawl axis all read those timestamps.
 */
import { openSqlite, type Sqlite } from "../../db/index";
import { runCrawl } from "../crawl/run-crawl";
import { runBackfill } from "../crawl/backfill";
import { runFilesPass } from "../crawl/files-pass";
import { runOnnxFilesPass } from "../crawl/onnx-files-pass";
import { runnerMaxBytes } from "../env";
import { startFakeHub, DEFAULT_DAY, type FakeHubOptions } from "../fake-hub/server";
import { addDays } from "../fake-hub/clock";
import { ensureClassified } from "../crawl/reclassify";
import { formatFull } from "../charts/format";

export interface BuildOptions {
  file: string;
  models: number;
  seed: number;
  /** The fake Hub's "today" (the last crawl's day); default the fake Hub's default day. */
  anchorDay?: string;
  /** Days before the anchor day with a full crawl, e.g. [28, 21, 14, 7, 1, 0]. */
  fullCrawlDays: number[];
  /** Days before the anchor day with an incremental crawl. */
  incrementalDays?: number[];
  backfill?: boolean;
  files?: boolean;
  /** Repos mounted into the generated Hub (the runner's fixtures in the demo). */
  mounts?: FakeHubOptions["mounts"];
  /** The fake Hub's test knobs (a known crossover month, a constant download rate). */
  profile?: FakeHubOptions["profile"];
  onNotice?: (message: string) => void;
}

const FAST = { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 10_000 };

export interface BuildSummary {
  anchorDay: string;
  crawls: { id: number | null; kind: string; day: string; status: string; models: number }[];
}

function stampCrawl(sqlite: Sqlite, id: number, day: string, minute: number): void {
  const start = Date.parse(`${day}T00:00:00Z`) + (15 + minute) * 60_000;
  sqlite
    .prepare("UPDATE crawls SET started_at = ?, finished_at = CASE WHEN finished_at IS NULL THEN NULL ELSE ? END, heartbeat_at = ? WHERE id = ?")
    .run(start, start + 4 * 60_000, start + 4 * 60_000, id);
}

export async function buildDemoDb(opts: BuildOptions): Promise<BuildSummary> {
  const anchor = opts.anchorDay ?? DEFAULT_DAY;
  const events = [
    ...opts.fullCrawlDays.map((d) => ({ before: d, kind: "full" as const })),
    ...(opts.incrementalDays ?? []).map((d) => ({ before: d, kind: "incremental" as const })),
  ].sort((a, b) => b.before - a.before || (a.kind === "full" ? -1 : 1));
  const first = events.length ? addDays(anchor, -events[0].before) : anchor;
  const hub = await startFakeHub({ models: opts.models, seed: opts.seed, day: first, anchorDay: anchor, rateLimit: false, mounts: opts.mounts, profile: opts.profile });
  const sqlite = openSqlite(opts.file);
  ensureClassified(sqlite);
  const summary: BuildSummary = { anchorDay: anchor, crawls: [] };
  const say = opts.onNotice ?? (() => {});
  try {
    let minute = 0;
    for (const ev of events) {
      const day = addDays(anchor, -ev.before);
      hub.setDay(day);
      const s = await runCrawl({ sqlite, hubUrl: hub.url, fetch: FAST, incremental: ev.kind === "incremental" });
      if (s.crawlId !== null) stampCrawl(sqlite, s.crawlId, day, minute++);
      summary.crawls.push({ id: s.crawlId, kind: s.kind, day, status: s.status, models: s.models });
      say(`crawl #${s.crawlId} ${s.kind} of ${day}: ${s.status}, ${formatFull(s.models)} models`);
      if (s.status !== "completed") throw new Error(`crawl of ${day} ${s.status}: ${s.error ?? ""}`);
    }
    const lastDay = addDays(anchor, -(events[events.length - 1]?.before ?? 0));
    if (opts.backfill ?? true) {
      const b = await runBackfill({ sqlite, hubUrl: hub.url, fetch: FAST });
      if (b.crawlId !== null) stampCrawl(sqlite, b.crawlId, lastDay, minute++);
      summary.crawls.push({ id: b.crawlId, kind: "backfill", day: lastDay, status: b.status, models: b.done });
      say(`backfill of created dates: ${b.status}, ${b.done} repos`);
    }
    if (opts.files ?? true) {
      const f = await runFilesPass({ sqlite, hubUrl: hub.url, fetch: FAST });
      if (f.crawlId !== null) stampCrawl(sqlite, f.crawlId, lastDay, minute++);
      summary.crawls.push({ id: f.crawlId, kind: "files", day: lastDay, status: f.status, models: f.done });
      say(`tfjs files pass: ${f.status}, ${f.done} repos`);
      const o = await runOnnxFilesPass({ sqlite, hubUrl: hub.url, fetch: FAST, maxSignatureBytes: runnerMaxBytes() });
      if (o.crawlId !== null) stampCrawl(sqlite, o.crawlId, lastDay, minute++);
      summary.crawls.push({ id: o.crawlId, kind: "onnx-files", day: lastDay, status: o.status, models: o.done });
      say(`ONNX files pass: ${o.status}, ${o.done} repos`);
    }
  } finally {
    sqlite.close();
    await hub.close();
  }
  return summary;
}
