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
