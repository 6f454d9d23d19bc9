/**
 * The runner's test world: the fake Hub with the runner fixtures mounted (lib/fake-hub/
 * runner-fixtures.ts: tiny TF.js models with known outputs, broken, oversize, slow, CORS-less and
 * gated variants), a database built through the real path (a full crawl, then the tfjs files
 * pass), and the Hub kept running so the browser downloads the model files from it.
 */
import path from "node:path";
import { openSqlite } from "../../db/index";
import { runCrawl } from "../../lib/crawl/run-crawl";
import { runFilesPass } from "../../lib/crawl/files-pass";
import { buildRunnerFixtures, type FixtureOptions, type RunnerFixtureSet } from "../../lib/fake-hub/runner-fixtures";
import { startFakeHub, type FakeHub, type MountedRepo } from "../../lib/fake-hub/server";
import { tempDir } from "./cli";

const FAST = { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 10_000 };

export interface RunnerWorld {
  hub: FakeHub;
  fx: RunnerFixtureSet;
  /** The database file (crawled, files pass done). */
  db: string;
  close(): Promise<void>;
}

export async function runnerWorld(opts: { models?: number; seed?: number; fixtures?: FixtureOptions; extra?: MountedRepo[] } = {}): Promise<RunnerWorld> {
  const fx = await buildRunnerFixtures(opts.fixtures);
  const hub = await startFakeHub({ models: opts.models ?? 400, seed: opts.seed ?? 23, rateLimit: false, mounts: [...fx.repos, ...(opts.extra ?? [])] });
  const db = path.join(tempDir("hf-trends-runner-"), "runner.db");
  const sqlite = openSqlite(db);
  try {
    const crawl = await runCrawl({ sqlite, hubUrl: hub.url, fetch: FAST });
    if (crawl.status !== "completed") throw new Error(`crawl ${crawl.status}: ${crawl.error ?? ""}`);
    const files = await runFilesPass({ sqlite, hubUrl: hub.url, fetch: FAST });
    if (files.status !== "completed") throw new Error(`files pass ${files.status}: ${files.error ?? ""}`);
  } finally {
    sqlite.close();
  }
  return { hub, fx, db, close: () => hub.close() };
}
