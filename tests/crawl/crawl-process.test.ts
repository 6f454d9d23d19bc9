/**
 * The crawl CLI as a real child process: SIGKILL and resume, SIGINT, the DB lock between two
 * processes, flags, and the token never leaking. The fake Hub runs in the test process.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { runCli, startCli, tempDir } from "../helpers/cli";
import { duplicateCounts, expectedModels, storedModels } from "../helpers/stored";

const FAST_ENV = { CRAWL_RETRY_BASE_MS: "5", CRAWL_REQUEST_TIMEOUT_MS: "5000" };

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub({ models: 9_500, seed: 99, day: "2026-11-27", rateLimit: false });
});
afterAll(() => hub.close());

function env(db: string, extra: Record<string, string> = {}) {
  return { DATABASE_PATH: db, HF_ENDPOINT: hub.url, ...FAST_ENV, ...extra };
}

describe("crash and resume", () => {
  test("SIGKILLed at six seeded points (two inside a page's transaction), resumed each time: the exact set, nothing doubled", async () => {
    const db = path.join(tempDir(), "kill.db");
    const expected = expectedModels(hub.truth());
    // Failpoints kill the process from inside (exactly mid-transaction, or right after a commit);
    // the external kills land wherever the crawl is once it has committed a given page (while the
    // next page is being fetched slowly or written), whatever the machine's speed.
    const runs: { failpoint?: string; killAtPage?: number }[] = [
      { failpoint: "page-tx:2" },
      { failpoint: "after-page:1" },
      { failpoint: "page-tx:1" },
      { killAtPage: 3 },
      { failpoint: "after-page:1" },
      { killAtPage: 6 },
    ];
    hub.setFaults({ slowPageMs: 120 });
    let first = true;
    for (const run of runs) {
      const child = startCli("crawl.ts", first ? ["--quiet"] : ["--resume", "--quiet"], env(db, run.failpoint ? { HF_TRENDS_FAILPOINT: run.failpoint } : {}));
      first = false;
      if (run.killAtPage) {
        const page = run.killAtPage;
        waitFor(() => pagesDone(db) >= page).then(() => child.kill("SIGKILL"), () => {});
      }
      const res = await child.result;
      expect(res.signal, res.stderr).toBe("SIGKILL");
      const sqlite = openSqlite(db);
      expect(duplicateCounts(sqlite)).toEqual({ models: 0, snapshots: 0 });
      // A killed page's rows never show without its checkpoint: rows stored = pages committed x 1000.
      const c = sqlite.prepare("SELECT pages, models_seen FROM crawls WHERE id = 1").get() as { pages: number; models_seen: number };
      expect(sqlite.prepare("SELECT count(*) AS n FROM models").get()).toEqual({ n: c.models_seen });
      sqlite.close();
    }
    hub.setFaults({});
    const done = await runCli("crawl.ts", ["--resume", "--quiet"], env(db));
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/crawl #1 full completed: [\d,]+ models/);
    const sqlite = openSqlite(db);
    expect(storedModels(sqlite)).toEqual(expected);
    expect(duplicateCounts(sqlite)).toEqual({ models: 0, snapshots: 0 });
    // One first snapshot per model: none lost, none doubled.
    expect(sqlite.prepare("SELECT count(*) AS n FROM model_snapshots").get()).toEqual({ n: expected.length });
    const crawl = sqlite.prepare("SELECT status, resumes FROM crawls").all();
    expect(crawl).toHaveLength(1);
    expect(crawl[0]).toMatchObject({ status: "completed" });
    expect((crawl[0] as { resumes: number }).resumes).toBe(runs.length);
    sqlite.close();
  });

  test("killed after its crawl was marked completed, before the search index: --resume (nothing to resume) rebuilds the index", async () => {
    const db = path.join(tempDir(), "index.db");
    const killed = await runCli("crawl.ts", ["--quiet"], env(db, { HF_TRENDS_FAILPOINT: "before-search-index:1" }));
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    const alive = expectedModels(hub.truth()).length;
    const state = (sqlite: ReturnType<typeof openSqlite>) => ({
      crawl: sqlite.prepare("SELECT status FROM crawls WHERE id = 1").pluck().get(),
      index: sqlite.prepare("SELECT crawl_id, models FROM model_search_state").get() ?? null,
      ranks: sqlite.prepare("SELECT count(*) FROM model_search_ranks").pluck().get(),
    });
    let sqlite = openSqlite(db);
    expect(state(sqlite)).toEqual({ crawl: "completed", index: null, ranks: 0 });
    sqlite.close();
    const again = await runCli("crawl.ts", ["--resume"], env(db));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/the search index was not rebuilt after crawl #1 \(stopped before it\): rebuilding it first/);
    expect(again.stdout).toMatch(/nothing to resume/);
    sqlite = openSqlite(db);
    expect(state(sqlite)).toEqual({ crawl: "completed", index: { crawl_id: 1, models: alive }, ranks: alive });
    sqlite.close();
    // Caught up: the next run has nothing to rebuild.
    const third = await runCli("crawl.ts", ["--resume"], env(db));
    expect(third.stderr).not.toMatch(/search index/);
  });

  test("SIGINT finishes the page in flight, marks the crawl interrupted, exits 130; --resume completes it", async () => {
    const db = path.join(tempDir(), "int.db");
    hub.setFaults({ slowPageMs: 150 });
    const child = startCli("crawl.ts", [], env(db));
    await waitFor(() => fs.existsSync(db) && pagesDone(db) >= 2);
    child.kill("SIGINT");
    const res = await child.result;
    hub.setFaults({});
    expect(res.code).toBe(130);
    expect(res.stderr).toMatch(/finishing the page in flight/);
    expect(res.stdout).toMatch(/crawl #1 full interrupted/);
    const sqlite = openSqlite(db);
    const c = sqlite.prepare("SELECT status, checkpoint_url, models_seen, pages FROM crawls WHERE id = 1").get() as { status: string; checkpoint_url: string; models_seen: number; pages: number };
    expect(c.status).toBe("interrupted");
    expect(c.checkpoint_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/models\?.*cursor=/);
    expect(c.models_seen).toBe(c.pages * 1000);
    sqlite.close();
    const done = await runCli("crawl.ts", ["--resume"], env(db));
    expect(done.code, done.stderr).toBe(0);
    expect(storedModels(openSqlite(db))).toEqual(expectedModels(hub.truth()));
  });
});

describe("one crawl at a time", () => {
  test("two crawls started at once: one runs, the other exits 3 naming the holder; with --wait it runs after", async () => {
    const db = path.join(tempDir(), "lock.db");
    openSqlite(db).close(); // migrate first so both children race on the lock, not on migrations
    // Slow pages keep the first crawl running (~5 s) while the second starts, even on a loaded machine.
    hub.setFaults({ slowPageMs: 550 });
    const a = startCli("crawl.ts", ["--quiet"], env(db));
    await waitFor(() => pagesDone(db) >= 1 || lockHeld(db));
    const b = await runCli("crawl.ts", ["--quiet"], env(db));
    expect(b.code).toBe(3);
    expect(b.stderr).toMatch(/another crawl is running \(crawl #1, pid \d+/);
    const waiting = startCli("crawl.ts", ["--quiet", "--wait", "120"], env(db));
    const ra = await a.result;
    hub.setFaults({});
    const rw = await waiting.result;
    expect(ra.code).toBe(0);
    expect(rw.code, rw.stderr).toBe(0);
    expect(rw.stderr).toMatch(/waiting for crawl #1/);
    const sqlite = openSqlite(db);
    expect(sqlite.prepare("SELECT id, status FROM crawls ORDER BY id").all()).toEqual([
      { id: 1, status: "completed" },
      { id: 2, status: "completed" },
    ]);
    expect(storedModels(sqlite)).toEqual(expectedModels(hub.truth()));
    expect(duplicateCounts(sqlite)).toEqual({ models: 0, snapshots: 0 });
    expect(sqlite.prepare("SELECT count(*) AS n FROM crawl_lock").get()).toEqual({ n: 0 });
  });
});

describe("flags and secrets", () => {
  test.each([
    [["--limit", "abc"], /--limit must be a positive integer/],
    [["--limit", "0"], /--limit must be a positive integer/],
    [["--sort", "stars"], /--sort must be one of createdAt/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--resume", "--author", "x"], /--resume continues the stored crawl/],
    [["--author", ""], /--author must not be empty/],
  ])("%j exits 2 with a clear message", async (args, message) => {
    const res = await runCli("crawl.ts", args, env(path.join(tempDir(), "x.db")));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });

  test("--help prints usage and exits 0", async () => {
    const res = await runCli("crawl.ts", ["--help"], {});
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Usage: npm run crawl/);
    expect(res.stdout).toMatch(/--resume/);
  });

  test("HF_TOKEN never appears in output or in the database, on success or on failure", async () => {
    const token = "hf_SuperSecretToken0123456789";
    const dir = tempDir();
    const db = path.join(dir, "secret.db");
    const ok = await runCli("crawl.ts", ["--limit", "1500"], { ...env(db), HF_TOKEN: token });
    expect(ok.code, ok.stderr).toBe(0);
    // A failure whose error text would carry request details: the Hub is unreachable.
    const failed = await runCli("crawl.ts", [], { ...env(db), HF_TOKEN: token, HF_ENDPOINT: "http://127.0.0.1:9", CRAWL_RETRY_BASE_MS: "1" });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/failed/);
    for (const text of [ok.stdout, ok.stderr, failed.stdout, failed.stderr]) expect(text).not.toContain(token);
    for (const f of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, f)).includes(token)).toBe(false);
    const bad = await runCli("crawl.ts", [], { ...env(db), HF_TOKEN: "not-a-token" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/HF_TOKEN must start with 'hf_'/);
    expect(bad.stderr).not.toContain("not-a-token");
  });
});

function pagesDone(db: string): number {
  try {
    const sqlite = openSqlite(db, { readonly: true });
    try {
      return (sqlite.prepare("SELECT coalesce(max(pages), 0) AS p FROM crawls").get() as { p: number }).p;
    } finally {
      sqlite.close();
    }
  } catch {
    return 0;
  }
}

function lockHeld(db: string): boolean {
  try {
    const sqlite = openSqlite(db, { readonly: true });
    try {
      return !!sqlite.prepare("SELECT 1 FROM crawl_lock").get();
    } finally {
      sqlite.close();
    }
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
