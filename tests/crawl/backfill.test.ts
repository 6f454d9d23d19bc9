/**
 * The creation-date backfill end to end: a listing crawl of the fake Hub into a real SQLite file,
 * then the backfill through the real @huggingface/hub listCommits over loopback.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite, type Sqlite } from "../../db/index";
import { runBackfill, type BackfillOptions } from "../../lib/crawl/backfill";
import { tryAcquireLock } from "../../lib/crawl/lock";
import { runCrawl } from "../../lib/crawl/run-crawl";
import { COHORT_FLOOR_SQL, COHORT_TIME_SQL } from "../../lib/rollups/rollups";
import { startFakeHub, type FakeHub, type FakeModel } from "../../lib/fake-hub/server";
import { runCli, startCli, tempDir } from "../helpers/cli";

const FAST = { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 5000 };
const FAST_ENV = { CRAWL_RETRY_BASE_MS: "5", CRAWL_REQUEST_TIMEOUT_MS: "5000" };
const HUB = { models: 2_000, seed: 11, day: "2026-11-27" };

interface Dated {
  hubId: string;
  createdAt: number;
  trueCreatedAt: number | null;
  source: string | null;
}

function dates(sqlite: Sqlite): Dated[] {
  return sqlite
    .prepare(
      `SELECT hub_id AS hubId, created_at AS createdAt, true_created_at AS trueCreatedAt, true_created_source AS source
       FROM models ORDER BY hub_id`,
    )
    .all() as Dated[];
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** What the backfill must store for each stored model, from the fake Hub's truth. */
function expectedDates(truth: readonly FakeModel[]): Dated[] {
  return truth
    .filter((m) => !m.private)
    .map((m) => ({
      hubId: m._id,
      createdAt: seconds(m.createdAt),
      trueCreatedAt: m.legacy ? seconds(m.firstCommitAt) : null,
      source: m.legacy ? (m.squashed ? "oldest-commit" : "initial-commit") : null,
    }))
    .sort((a, b) => (a.hubId < b.hubId ? -1 : 1));
}

async function crawledDb(hub: FakeHub): Promise<{ sqlite: Sqlite; file: string }> {
  const file = path.join(tempDir(), "t.db");
  const sqlite = openSqlite(file);
  const s = await runCrawl({ sqlite, hubUrl: hub.url, scope: {}, fetch: FAST });
  expect(s.status).toBe("completed");
  return { sqlite, file };
}

function backfill(hub: FakeHub, sqlite: Sqlite, extra: Partial<BackfillOptions> = {}) {
  return runBackfill({ sqlite, hubUrl: hub.url, fetch: FAST, ...extra });
}

function cohortRows(sqlite: Sqlite) {
  return sqlite
    .prepare(
      `SELECT period, period_start, created_floor, framework_mask, task, models, downloads_30d, downloads_all_time, likes
       FROM rollup_cohorts WHERE framework_mask < 65536 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();
}

/** rollup_cohorts computed straight from the models table (month and week), for comparison. */
function recount(sqlite: Sqlite) {
  const q = (period: string, expr: string) =>
    `SELECT '${period}' AS period, ${expr} AS period_start, ${COHORT_FLOOR_SQL} AS created_floor, m.framework_mask,
       COALESCE(m.pipeline_tag, '') AS task, count(*) AS models, sum(m.downloads_30d) AS downloads_30d,
       sum(m.downloads_all_time) AS downloads_all_time, sum(m.likes) AS likes
     FROM models m WHERE m.gone_since_crawl IS NULL GROUP BY 2, 3, 4, 5`;
  return sqlite
    .prepare(
      `SELECT * FROM (${q("month", `strftime('%Y-%m-01', ${COHORT_TIME_SQL}, 'unixepoch')`)}
        UNION ALL ${q("week", `date(${COHORT_TIME_SQL}, 'unixepoch', 'weekday 0', '-6 days')`)})
       ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();
}

let hub: FakeHub;
let truth: FakeModel[];
let legacy: FakeModel[];
beforeAll(async () => {
  hub = await startFakeHub({ ...HUB, rateLimit: false });
  truth = hub.truth();
  legacy = truth.filter((m) => m.legacy && !m.private);
});
afterAll(() => hub.close());

describe("backfill of true creation dates", () => {
  test("every legacy model gets its first commit's date; squashed -> oldest-commit; >1000 commits paged; the rest untouched; rerun is free", async () => {
    const { sqlite } = await crawledDb(hub);
    const before = dates(sqlite);
    expect(legacy.length).toBeGreaterThan(5);
    expect(sqlite.prepare("SELECT count(*) AS n FROM models WHERE created_at_is_floor = 1").get()).toEqual({ n: legacy.length });
    const squashed = legacy.filter((m) => m.squashed);
    const many = legacy.filter((m) => m.commitCount > 1000);
    expect(squashed.length).toBeGreaterThan(0);
    expect(many.length).toBeGreaterThan(0);
    // Floor-flagged cohorts exist before the backfill.
    expect((sqlite.prepare("SELECT count(*) AS n FROM rollup_cohorts WHERE framework_mask < 65536 AND created_floor = 1").get() as { n: number }).n).toBeGreaterThan(0);

    hub.resetStats();
    const s = await backfill(hub, sqlite);
    expect(s.status, s.error).toBe("completed");
    expect(s.kind).toBe("backfill");
    expect(s.done).toBe(legacy.length);
    expect(s.counts).toEqual({ "initial-commit": legacy.length - squashed.length, "oldest-commit": squashed.length });
    expect(s.rollupsRefreshed).toBe(true);
    // One request per repo, plus one more page for each repo with more than 1000 commits.
    const pages = legacy.reduce((n, m) => n + Math.max(1, Math.ceil(m.commitCount / 1000)), 0);
    expect(hub.stats().byRoute["models.commits"]).toBe(pages);
    expect(pages).toBeGreaterThan(legacy.length);
    expect(s.requests).toBe(pages);
    for (const m of many) expect(s.results.find((r) => r.repoId === m.id)?.commits).toBe(m.commitCount);

    // Exactly the truth: legacy ones dated to the second (trueCreatedAt, except squashed histories),
    // API createdAt unchanged everywhere, non-legacy models untouched.
    const after = dates(sqlite);
    expect(after).toEqual(expectedDates(truth));
    expect(after.map((d) => [d.hubId, d.createdAt])).toEqual(before.map((d) => [d.hubId, d.createdAt]));
    for (const m of legacy.filter((x) => !x.squashed)) {
      expect(after.find((d) => d.hubId === m._id)!.trueCreatedAt).toBe(seconds(m.trueCreatedAt));
    }
    for (const m of squashed) expect(after.find((d) => d.hubId === m._id)!.trueCreatedAt).toBeGreaterThan(seconds(m.trueCreatedAt));

    // The crawl row: kind backfill, completed, counters.
    const row = sqlite.prepare("SELECT kind, status, models_seen, requests, scope FROM crawls WHERE id = ?").get(s.crawlId);
    expect(row).toEqual({ kind: "backfill", status: "completed", models_seen: legacy.length, requests: pages, scope: "{}" });
    expect(sqlite.prepare("SELECT count(*) AS n FROM crawl_lock").get()).toEqual({ n: 0 });

    // Rollups: no floor-flagged cohort left (every legacy model was dated) and they equal a recount.
    expect(sqlite.prepare("SELECT count(*) AS n FROM rollup_cohorts WHERE framework_mask < 65536 AND created_floor = 1").get()).toEqual({ n: 0 });
    expect(cohortRows(sqlite)).toEqual(recount(sqlite));
    // Legacy models now sit in their true months, before the floor.
    const early = sqlite.prepare("SELECT sum(models) AS n FROM rollup_cohorts WHERE framework_mask < 65536 AND period = 'month' AND period_start < '2022-03-01'").get();
    expect(early).toEqual({ n: legacy.filter((m) => seconds(m.firstCommitAt) < Date.UTC(2022, 2, 1) / 1000).length });

    // Once per repo: a second run makes no request to /commits.
    hub.resetStats();
    const again = await backfill(hub, sqlite);
    expect(again.status).toBe("completed");
    expect(again.done).toBe(0);
    expect(again.rollupsRefreshed).toBe(false);
    expect(hub.stats().byRoute["models.commits"] ?? 0).toBe(0);
    expect(dates(sqlite)).toEqual(expectedDates(truth));
    sqlite.close();
  });

  test("a repo gone from the Hub is recorded as not-found once, not an error; a dry run writes nothing", async () => {
    const { sqlite } = await crawledDb(hub);
    // A legacy model the Hub no longer has (e.g. deleted after the crawl): rename it in the DB.
    const victim = legacy[legacy.length - 1];
    sqlite.prepare("UPDATE models SET repo_id = 'gone-user/deleted-repo-xyz' WHERE hub_id = ?").run(victim._id);

    const dry = await backfill(hub, sqlite, { dryRun: true, onWouldFetch: () => {} });
    expect(dry.status).toBe("dry-run");
    expect(dry.total).toBe(legacy.length);
    expect(sqlite.prepare("SELECT count(*) AS n FROM crawls WHERE kind = 'backfill'").get()).toEqual({ n: 0 });
    expect(sqlite.prepare("SELECT count(*) AS n FROM models WHERE true_created_source IS NOT NULL").get()).toEqual({ n: 0 });

    const s = await backfill(hub, sqlite);
    expect(s.status, s.error).toBe("completed");
    expect(s.errors).toBe(0);
    expect(s.counts["not-found"]).toBe(1);
    expect(sqlite.prepare("SELECT true_created_at AS t, true_created_source AS s FROM models WHERE hub_id = ?").get(victim._id)).toEqual({ t: null, s: "not-found" });
    // Its cohort stays floor-flagged; everything else equals a recount.
    expect(sqlite.prepare("SELECT sum(models) AS n FROM rollup_cohorts WHERE framework_mask < 65536 AND created_floor = 1 AND period = 'month'").get()).toEqual({ n: 1 });
    expect(cohortRows(sqlite)).toEqual(recount(sqlite));
    hub.resetStats();
    const again = await backfill(hub, sqlite);
    expect(again.done).toBe(0);
    expect(hub.stats().requests).toBe(0);
    sqlite.close();
  });

  test("interrupted by its signal after a few repos, then --resume: same row, same final result", async () => {
    const { sqlite } = await crawledDb(hub);
    const stop = new AbortController();
    const first = await backfill(hub, sqlite, {
      signal: stop.signal,
      onProgress: (p) => {
        if (p.done >= 4) stop.abort();
      },
    });
    expect(first.status).toBe("interrupted");
    expect(first.done).toBe(4);
    const row1 = sqlite.prepare("SELECT id, status, models_seen, resumes FROM crawls WHERE kind = 'backfill'").all();
    expect(row1).toEqual([{ id: first.crawlId, status: "interrupted", models_seen: 4, resumes: 0 }]);
    expect(sqlite.prepare("SELECT count(*) AS n FROM models WHERE true_created_source IS NOT NULL").get()).toEqual({ n: 4 });
    // Processed in _id order: the four lowest legacy _ids.
    const done = (sqlite.prepare("SELECT hub_id FROM models WHERE true_created_source IS NOT NULL ORDER BY hub_id").all() as { hub_id: string }[]).map((r) => r.hub_id);
    expect(done).toEqual(legacy.map((m) => m._id).sort().slice(0, 4));
    expect(sqlite.prepare("SELECT count(*) AS n FROM crawl_lock").get()).toEqual({ n: 0 });

    hub.resetStats();
    const second = await backfill(hub, sqlite, { resume: true });
    expect(second.status, second.error).toBe("completed");
    expect(second.resumed).toBe(true);
    expect(second.crawlId).toBe(first.crawlId);
    expect(second.done).toBe(legacy.length);
    expect(hub.stats().byRoute["models.commits"]).toBe(
      legacy.filter((m) => !done.includes(m._id)).reduce((n, m) => n + Math.max(1, Math.ceil(m.commitCount / 1000)), 0),
    );
    const row2 = sqlite.prepare("SELECT id, status, models_seen, resumes FROM crawls WHERE kind = 'backfill'").all();
    expect(row2).toEqual([{ id: first.crawlId, status: "completed", models_seen: legacy.length, resumes: 1 }]);
    expect(dates(sqlite)).toEqual(expectedDates(truth));
    expect(cohortRows(sqlite)).toEqual(recount(sqlite));
    // Nothing left to resume.
    expect((await backfill(hub, sqlite, { resume: true })).status).toBe("nothing-to-resume");
    sqlite.close();
  });

  test("a rate-limited Hub (20 requests per 500 ms) is paced, and the backfill completes", async () => {
    const tight = await startFakeHub({ ...HUB, rateLimit: { quota: 20, windowMs: 500 } });
    try {
      const { sqlite } = await crawledDb(tight);
      const s = await backfill(tight, sqlite);
      expect(s.status, s.error).toBe("completed");
      expect(s.errors).toBe(0);
      expect(s.done).toBe(legacy.length);
      expect(s.rateLimitWaits).toBeGreaterThan(0);
      expect(dates(sqlite)).toEqual(expectedDates(tight.truth()));
      sqlite.close();
    } finally {
      await tight.close();
    }
  });
});

describe("backfill CLI", () => {
  test("--help exits 0; bad flags exit 2 with a clear message", async () => {
    const env = { DATABASE_PATH: path.join(tempDir(), "none.db"), HF_ENDPOINT: hub.url };
    const [help, bad, zero, both] = await Promise.all([
      runCli("backfill-created.ts", ["--help"], env),
      runCli("backfill-created.ts", ["--bogus"], env),
      runCli("backfill-created.ts", ["--limit", "0"], env),
      runCli("backfill-created.ts", ["--resume", "--limit", "3"], env),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run crawl:backfill-created/);
    expect(help.stdout).toMatch(/--resume/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--bogus'/);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--limit must be a positive integer/);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--resume/);
  });

  test("exits 3 naming the holder while another process holds the lock; runs and prints one summary line after", async () => {
    const { sqlite, file } = await crawledDb(hub);
    const env = { DATABASE_PATH: file, HF_ENDPOINT: hub.url, ...FAST_ENV };
    const lock = tryAcquireLock(sqlite); // this test process is the "other" process for the child
    lock.setCrawl(1);
    let locked;
    try {
      locked = await runCli("backfill-created.ts", ["--limit", "3"], env);
    } finally {
      lock.release();
    }
    expect(locked.code, locked.stderr).toBe(3);
    expect(locked.stderr).toMatch(new RegExp(`another crawl is running \\(crawl #1, pid ${process.pid} on .+\\).*--wait`));
    expect(locked.stdout).toBe("");
    expect(sqlite.prepare("SELECT count(*) AS n FROM crawls WHERE kind = 'backfill'").get()).toEqual({ n: 0 });

    const dry = await runCli("backfill-created.ts", ["--dry-run"], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe(`backfill dry-run: ${legacy.length} repos would be fetched (at least ${legacy.length} requests)\n`);
    expect(dry.stderr.split("\n").filter((l) => l.startsWith("would fetch the commits of")).length).toBe(legacy.length);

    const ok = await runCli("backfill-created.ts", ["--limit", "3", "--quiet"], env);
    expect(ok.code, ok.stderr).toBe(0);
    const lines = ok.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^backfill #\d+ completed: 3 repos \(\d initial-commit, \d oldest-commit, 0 not-found, 0 errors\) in .*, \d+ requests, 0 retries, 0 rate-limit waits .*, rollups refreshed$/);
    expect(sqlite.prepare("SELECT count(*) AS n FROM models WHERE true_created_source IS NOT NULL").get()).toEqual({ n: 3 });
    sqlite.close();
  });

  test("SIGINT finishes the repo in flight, marks the run interrupted and exits 130; --resume completes it", async () => {
    const { sqlite, file } = await crawledDb(hub);
    const env = { DATABASE_PATH: file, HF_ENDPOINT: hub.url, ...FAST_ENV };
    hub.setFaults({ slowPageMs: 150 });
    try {
      const child = startCli("backfill-created.ts", ["--quiet"], env);
      const seen = () => (sqlite.prepare("SELECT max(models_seen) AS n FROM crawls WHERE kind = 'backfill'").get() as { n: number | null }).n ?? 0;
      const deadline = Date.now() + 10_000;
      while (seen() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      child.kill("SIGINT");
      const res = await child.result;
      expect(res.code, res.stderr).toBe(130);
      expect(res.stdout).toMatch(/^backfill #\d+ interrupted: \d+ repos/);
      expect(res.stderr).toMatch(/--resume/);
      const row = sqlite.prepare("SELECT status, models_seen FROM crawls WHERE kind = 'backfill'").get() as { status: string; models_seen: number };
      expect(row.status).toBe("interrupted");
      expect(row.models_seen).toBeGreaterThanOrEqual(2);
      expect(row.models_seen).toBeLessThan(legacy.length);
    } finally {
      hub.setFaults({});
    }
    const done = await runCli("backfill-created.ts", ["--resume", "--quiet"], env);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`^backfill #\\d+ completed: ${legacy.length} repos`));
    expect(dates(sqlite)).toEqual(expectedDates(truth));
    expect(sqlite.prepare("SELECT status, resumes FROM crawls WHERE kind = 'backfill'").all()).toEqual([{ status: "completed", resumes: 1 }]);
    sqlite.close();
  });
});
