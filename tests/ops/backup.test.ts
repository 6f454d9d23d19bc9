/**
 * npm run db:backup while a crawl writes: the copy opens, passes PRAGMA integrity_check, is one
 * self-contained file, and holds one committed state (every stored page with its checkpoint).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { runCli, startCli, tempDir } from "../helpers/cli";
import { expectedModels, storedModels } from "../helpers/stored";
import { readDb, waitFor } from "../helpers/scheduler-process";

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub({ models: 9_000, seed: 41, day: "2026-11-27", rateLimit: false });
});
afterAll(() => hub.close());

describe("db:backup", () => {
  test("a backup taken during a crawl opens, passes integrity_check and is consistent", async () => {
    const dir = tempDir("hf-trends-backup-");
    const db = path.join(dir, "live.db");
    hub.setFaults({ slowPageMs: 150 });
    const crawl = startCli("crawl.ts", ["--quiet"], { DATABASE_PATH: db, HF_ENDPOINT: hub.url, CRAWL_RETRY_BASE_MS: "5" });
    const pages = () => readDb(db, (s) => (s.prepare("SELECT pages FROM crawls WHERE id = 1").get() as { pages: number } | undefined)?.pages ?? 0) ?? 0;
    await waitFor(() => pages() >= 2, "two pages");
    // Slower pages from now on: the crawl is still writing while the backup runs, however slowly
    // the backup's process starts on a busy machine.
    hub.setFaults({ slowPageMs: 5_000 });
    const out = path.join(dir, "copy.db");
    const b = await runCli("db-backup.ts", ["--out", out], { DATABASE_PATH: db });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout.trim()).toBe(out);
    expect(b.stderr).toMatch(/integrity_check ok/);
    // The crawl was still running when the copy was taken (it is the one that is live).
    expect(crawl.exitCode).toBeNull();
    hub.setFaults({});
    expect((await crawl.result).code).toBe(0);

    // A single self-contained file: rollback journal, no -wal beside it.
    expect(fs.existsSync(`${out}-wal`)).toBe(false);
    const copy = new Database(out, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
    const c = copy.prepare("SELECT status, pages, models_seen AS models, checkpoint_url AS cp FROM crawls WHERE id = 1").get() as { status: string; pages: number; models: number; cp: string };
    expect(c.status).toBe("running");
    expect(c.pages).toBeGreaterThanOrEqual(2);
    // One committed state: exactly the rows of the committed pages, and the checkpoint that follows them.
    expect(copy.prepare("SELECT count(*) AS n FROM models").get()).toEqual({ n: c.models });
    expect(c.models).toBe(c.pages * 1000);
    expect(c.cp).toMatch(/cursor=/);
    copy.close();
    // The original is untouched and complete.
    expect(storedModels(openSqlite(db))).toEqual(expectedModels(hub.truth()));
  });

  test("default name beside the database, --keep prunes older copies, a missing database fails clearly", async () => {
    const dir = tempDir("hf-trends-backup2-");
    const db = path.join(dir, "hf-trends.db");
    openSqlite(db).close();
    const backups = path.join(dir, "backups");
    fs.mkdirSync(backups);
    for (const stamp of ["20200101T000000Z", "20200102T000000Z", "20200103T000000Z"]) fs.writeFileSync(path.join(backups, `hf-trends-${stamp}.db`), "old");
    fs.writeFileSync(path.join(backups, "keep-me.txt"), "not a backup");
    const r = await runCli("db-backup.ts", ["--keep", "2"], { DATABASE_PATH: db });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(new RegExp(`^${backups.replace(/[/\\]/g, "\\$&")}/hf-trends-\\d{8}T\\d{6}Z\\.db$`));
    expect(fs.readdirSync(backups).sort()).toEqual(["hf-trends-20200103T000000Z.db", path.basename(r.stdout.trim()), "keep-me.txt"].sort());
    const missing = await runCli("db-backup.ts", [], { DATABASE_PATH: path.join(dir, "nope.db") });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no database at/);
  });
});
