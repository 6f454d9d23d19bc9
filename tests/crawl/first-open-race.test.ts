/**
 * Processes that open a new database at the same moment (two crawls, the scheduler and the web
 * server after a deploy) race in the first open: switching to WAL and applying the migrations.
 * Each must wait for the other, never die with "database is locked" or re-run a migration.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { ROOT, startCli, tempDir } from "../helpers/cli";

const STACK = /\n\s+at .+:\d+:\d+/;

/** `n` processes that each open `file` (WAL + migrations) at the same wall-clock instant. */
async function openAtOnce(file: string, n: number): Promise<{ code: number | null; err: string }[]> {
  const at = Date.now() + 1500; // every child has loaded tsx and the db module by then
  const code = `
    const { openSqlite } = await import(${JSON.stringify(path.join(ROOT, "db/index.ts"))});
    while (Date.now() < ${at}) {}
    openSqlite(${JSON.stringify(file)}).close();`;
  return Promise.all(
    Array.from({ length: n }, () => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      child.stderr!.on("data", (d) => (err += d));
      return new Promise<{ code: number | null; err: string }>((resolve) => child.on("close", (c) => resolve({ code: c, err })));
    }),
  );
}

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub({ models: 3_000, seed: 5, day: "2026-11-27", rateLimit: false });
});
afterAll(() => hub.close());

describe("first open of a new database by several processes at once", () => {
  test("four processes, five new databases: every open succeeds and each migration is applied once", async () => {
    const dir = tempDir("hf-trends-race-");
    for (let round = 0; round < 5; round++) {
      const file = path.join(dir, `race-${round}.db`);
      const results = await openAtOnce(file, 4);
      for (const r of results) expect(r.code, r.err).toBe(0);
      const sqlite = openSqlite(file);
      const applied = sqlite.prepare('SELECT hash, count(*) AS n FROM "__drizzle_migrations" GROUP BY hash HAVING n > 1').all();
      expect(applied).toEqual([]);
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      sqlite.close();
    }
  });

  test("two crawls started at once on a new database: one crawls, the other exits 3 (or runs after); never a stack trace", async () => {
    const dir = tempDir("hf-trends-race-crawl-");
    hub.setFaults({ slowPageMs: 300 });
    try {
      for (let round = 0; round < 3; round++) {
        const db = path.join(dir, `crawl-${round}.db`);
        const env = { DATABASE_PATH: db, HF_ENDPOINT: hub.url, CRAWL_RETRY_BASE_MS: "5" };
        const [a, b] = await Promise.all([startCli("crawl.ts", ["--quiet"], env).result, startCli("crawl.ts", ["--quiet"], env).result]);
        for (const r of [a, b]) {
          expect([0, 3], r.stderr).toContain(r.code);
          expect(r.stderr).not.toMatch(STACK);
          expect(r.stderr).not.toMatch(/fatal/);
        }
        expect([a.code, b.code]).toContain(0);
        if (a.code === 3 || b.code === 3) expect(a.stderr + b.stderr).toMatch(/another crawl is running/);
      }
    } finally {
      hub.setFaults({});
    }
  });
});
