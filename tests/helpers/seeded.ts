/** A database built through the real path (fake Hub + crawls across days + backfill + files pass). */
import path from "node:path";
import { buildDemoDb, type BuildOptions, type BuildSummary } from "../../lib/demo/build";
import { tempDir } from "./cli";

export const SEED_OPTIONS: Omit<BuildOptions, "file"> = {
  models: 3_000,
  seed: 11,
  fullCrawlDays: [14, 7, 1, 0],
  incrementalDays: [3],
};

export async function seededDb(opts: Partial<BuildOptions> = {}): Promise<{ file: string; summary: BuildSummary }> {
  const file = path.join(tempDir("hf-trends-dash-"), "seeded.db");
  const summary = await buildDemoDb({ ...SEED_OPTIONS, ...opts, file });
  return { file, summary };
}

/**
 * A Hub with a known answer (lib/fake-hub ProfileOptions): TensorFlow ahead in new models until
 * KNOWN_CROSSOVER_MONTH, PyTorch from it; every model gains 10 downloads a day; crawled weekly, then
 * daily (so a per-interval sum would fall ~86% when the cadence changes and a per-day rate must not).
 */
export const KNOWN_CROSSOVER_MONTH = "2025-03";
export const KNOWN_HUB: Omit<BuildOptions, "file"> = {
  models: 6_000,
  seed: 5,
  fullCrawlDays: [35, 28, 21, 14, 7, 3, 2, 1, 0],
  incrementalDays: [],
  backfill: false,
  files: false,
  profile: { crossoverMonth: KNOWN_CROSSOVER_MONTH, downloadRate: 10 },
};
