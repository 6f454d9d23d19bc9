import path from "node:path";
import { expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { runCrawl } from "../../lib/crawl/run-crawl";
import { reclassifyModels } from "../../lib/crawl/reclassify";
import { bitOf } from "../../lib/frameworks/classify";
import { startFakeHub } from "../../lib/fake-hub/server";
import { runCli, tempDir } from "../helpers/cli";
import { expectedModels, storedModels } from "../helpers/stored";

test("reclassify re-derives masks from stored tags, keeps file-confirmed bits, and rebuilds rollups to a recount", async () => {
  const hub = await startFakeHub({ models: 3_000, seed: 8, day: "2026-11-27", rateLimit: false });
  try {
    const db = path.join(tempDir(), "r.db");
    const sqlite = openSqlite(db);
    expect((await runCrawl({ sqlite, hubUrl: hub.url, fetch: { backoffBaseMs: 5 } })).status).toBe("completed");
    // Simulate masks written by older rules: wrong bits everywhere, one tfjs bit confirmed by files.
    sqlite.prepare("UPDATE models SET framework_mask = ? WHERE id % 3 = 0").run(bitOf("mlx"));
    sqlite.prepare("UPDATE models SET framework_mask = framework_mask | ? WHERE id = 1").run(bitOf("tfjs"));
    const tfjsBefore = (sqlite.prepare("SELECT framework_mask AS m FROM models WHERE id = 1").get() as { m: number }).m & bitOf("tfjs");
    const dry = reclassifyModels(sqlite, { dryRun: true });
    expect(dry.changed).toBeGreaterThan(0);
    const r = reclassifyModels(sqlite);
    expect(r.changed).toBe(dry.changed);
    const expected = expectedModels(hub.truth());
    const stored = storedModels(sqlite).map((m) => ({ ...m, frameworkMask: m.frameworkMask & ~bitOf("tfjs") }));
    expect(stored).toEqual(expected.map((m) => ({ ...m, frameworkMask: m.frameworkMask & ~bitOf("tfjs") })));
    expect((sqlite.prepare("SELECT framework_mask AS m FROM models WHERE id = 1").get() as { m: number }).m & bitOf("tfjs")).toBe(tfjsBefore);
    const recount = sqlite.prepare("SELECT framework_mask AS mask, count(*) AS n FROM models WHERE gone_since_crawl IS NULL GROUP BY 1 ORDER BY 1").all();
    expect(sqlite.prepare("SELECT framework_mask AS mask, sum(models) AS n FROM rollup_cohorts WHERE framework_mask < 65536 AND period = 'month' GROUP BY 1 ORDER BY 1").all()).toEqual(recount);
    expect(sqlite.prepare("SELECT framework_mask AS mask, sum(models) AS n FROM rollup_crawls WHERE framework_mask < 65536 AND crawl_id = ? GROUP BY 1 ORDER BY 1").all(r.latestFullCrawl)).toEqual(recount);
    sqlite.close();
    const cli = await runCli("reclassify.ts", [], { DATABASE_PATH: db });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/db:reclassify: [\d,]+ models, 0 with changed frameworks; rollups rebuilt/);
    expect((await runCli("reclassify.ts", ["--nope"], { DATABASE_PATH: db })).code).toBe(2);
  } finally {
    await hub.close();
  }
});
