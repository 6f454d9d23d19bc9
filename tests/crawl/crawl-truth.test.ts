/**
 * The crawls table tells the truth after what can happen to a crawl process: a full disk (SQLite's
 * own SQLITE_FULL, from a failpoint that caps the writer's database), Ctrl-C, SIGKILL. The row ends
 * with the right status, its error and the summary line; the lock is released; `requests` equals
 * what the Hub counted (exactly, unless the process was SIGKILLed: then at most the two pages in
 * flight short, the bound docs/operations.md states).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { runCli, startCli, tempDir } from "../helpers/cli";
import { expectedModels, storedModels } from "../helpers/stored";

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub({ models: 8_000, seed: 21, day: "2026-11-27", rateLimit: false });
});
afterAll(() => hub.close());

const env = (db: string, extra: Record<string, string> = {}) => ({ DATABASE_PATH: db, HF_ENDPOINT: hub.url, CRAWL_RETRY_BASE_MS: "5", ...extra });

function row(db: string) {
  const sqlite = openSqlite(db, { readonly: true });
  try {
    return {
      crawl: sqlite.prepare("SELECT status, error, requests, pages FROM crawls WHERE id = 1").get() as { status: string; error: string | null; requests: number; pages: number },
      lock: sqlite.prepare("SELECT pid FROM crawl_lock").get(),
    };
  } finally {
    sqlite.close();
  }
}

async function waitFor(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
const pagesDone = (db: string) => {
  try {
    return row(db).crawl?.pages ?? 0;
  } catch {
    return 0;
  }
};

describe("the crawls table tells the truth", () => {
  test("disk full during the first crawl: exit 1, the summary line, the row failed with its error, the lock released; --resume completes it", async () => {
    const db = path.join(tempDir("hf-trends-full-"), "full.db");
    hub.resetStats();
    const res = await runCli("crawl.ts", ["--quiet"], env(db, { HF_TRENDS_FAILPOINT: "disk-full:3" }));
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toMatch(/^crawl #1 full failed: [\d,]+ models .* error: .*database or disk is full/m);
    expect(res.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const after = row(db);
    expect(after.crawl.status).toBe("failed");
    expect(after.crawl.error).toMatch(/database or disk is full/);
    expect(after.lock).toBeUndefined();
    expect(after.crawl.requests).toBe(hub.stats().requests);

    const done = await runCli("crawl.ts", ["--resume", "--quiet"], env(db));
    expect(done.code, done.stderr).toBe(0);
    const sqlite = openSqlite(db);
    expect(storedModels(sqlite)).toEqual(expectedModels(hub.truth()));
    expect((sqlite.prepare("SELECT requests FROM crawls WHERE id = 1").get() as { requests: number }).requests).toBe(hub.stats().requests);
    sqlite.close();
  });

  // A real full file system where the test may mount one (root in a container or CI): the crawl's
  // every connection meets ENOSPC, not just the writer's.
  const small = path.join(tempDir("hf-trends-tmpfs-"), "mnt");
  fs.mkdirSync(small);
  let mounted = false;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", small], { stdio: "ignore" });
    mounted = true;
  } catch {
    /* not allowed here: the failpoint test above covers the same path */
  }
  afterAll(() => {
    if (mounted) execFileSync("umount", [small], { stdio: "ignore" });
  });
  test.skipIf(!mounted)("a really full file system (a 3 MB tmpfs): the same truth", async () => {
    const db = path.join(small, "tiny.db");
    hub.resetStats();
    const res = await runCli("crawl.ts", ["--quiet"], env(db));
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toMatch(/^crawl #1 full failed: .* error: .*(database or disk is full|disk I\/O error)/m);
    expect(res.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const after = row(db);
    expect(after.crawl.status).toBe("failed");
    expect(after.lock).toBeUndefined();
  });

  test("Ctrl-C then --resume: requests equal the Hub's count exactly; SIGKILL then --resume: at most two short per kill", async () => {
    hub.setFaults({ slowPageMs: 100 });
    try {
      const db = path.join(tempDir("hf-trends-count-"), "count.db");
      hub.resetStats();
      const a = startCli("crawl.ts", ["--quiet"], env(db));
      await waitFor(() => pagesDone(db) >= 2);
      a.kill("SIGINT");
      expect((await a.result).code).toBe(130);
      expect(row(db).crawl.requests).toBe(hub.stats().requests);

      const b = startCli("crawl.ts", ["--resume", "--quiet"], env(db));
      await waitFor(() => pagesDone(db) >= 5);
      b.kill("SIGKILL");
      await b.result;
      const short = hub.stats().requests - row(db).crawl.requests;
      expect(short).toBeGreaterThanOrEqual(0);
      expect(short).toBeLessThanOrEqual(2);

      hub.setFaults({});
      const c = await runCli("crawl.ts", ["--resume", "--quiet"], env(db));
      expect(c.code, c.stderr).toBe(0);
      const final = hub.stats().requests - row(db).crawl.requests;
      expect(final).toBe(short); // only the SIGKILLed run's uncommitted requests are missing
    } finally {
      hub.setFaults({});
    }
  });
});
