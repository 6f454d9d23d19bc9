/**
 * The dashboard while a first crawl fills a new database, and after that crawl is SIGKILLed: the
 * first crawl defers the NOCASE search indexes (built at its end), so search and model pages must
 * answer without them. And the header's status must agree with the crawl monitor about whether a
 * crawl is running once its process is gone. A real `next start`, a real crawl process, the fake
 * Hub over loopback, real signals.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { startFakeHub, type FakeHub } from "../../lib/fake-hub/server";
import { startCli, tempDir } from "../helpers/cli";
import { BUILD_TIMEOUT_MS, buildApp, startNextServer, type NextServer } from "../helpers/next-server";

let hub: FakeHub;
beforeAll(async () => {
  await buildApp();
  hub = await startFakeHub({ models: 40_000, seed: 11, day: "2026-11-27", rateLimit: false });
}, BUILD_TIMEOUT_MS);
afterAll(() => hub?.close());

function read<T>(db: string, sql: string): T | undefined {
  try {
    const sqlite = openSqlite(db, { readonly: true });
    try {
      return sqlite.prepare(sql).get() as T | undefined;
    } finally {
      sqlite.close();
    }
  } catch {
    return undefined;
  }
}
const pagesDone = (db: string) => read<{ p: number }>(db, "SELECT coalesce(max(pages), 0) AS p FROM crawls")?.p ?? 0;

async function waitFor(cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The reads a visitor makes: search by prefix (models and authors), a model's API answer and page. */
async function visit(server: NextServer, repoId: string): Promise<Record<string, number>> {
  const urls = [`/api/models?q=a`, `/api/models?q=${encodeURIComponent(repoId.slice(0, 3))}`, `/api/models/${repoId}`, `/models/${repoId}`, `/models?q=a`];
  const out: Record<string, number> = {};
  for (const u of urls) {
    const res = await fetch(server.url + u, { redirect: "manual" });
    await res.arrayBuffer();
    out[u] = res.status;
  }
  return out;
}

describe("a first crawl and the dashboard", () => {
  test("search and model pages answer during a first crawl and after it is SIGKILLed; status agrees with the crawl monitor", async () => {
    const db = path.join(tempDir("hf-trends-first-"), "first.db");
    const server = await startNextServer({ DATABASE_PATH: db, HF_ENDPOINT: hub.url });
    hub.setFaults({ slowPageMs: 250 });
    const crawl = startCli("crawl.ts", ["--quiet"], { DATABASE_PATH: db, HF_ENDPOINT: hub.url, CRAWL_RETRY_BASE_MS: "5" });
    try {
      await waitFor(() => pagesDone(db) >= 2);
      // The first crawl of an empty database runs without the search indexes.
      expect(read(db, "SELECT name FROM sqlite_master WHERE name = 'models_repo_id_nocase'")).toBeUndefined();
      const repoId = read<{ r: string }>(db, "SELECT repo_id AS r FROM models ORDER BY id LIMIT 1")!.r;

      // During the crawl: every read answers 200 (a model page may redirect: 3xx is fine, 5xx never).
      const during: Record<string, number>[] = [];
      while (pagesDone(db) < 8) during.push(await visit(server, repoId));
      expect(during.length).toBeGreaterThan(0);
      for (const v of during) for (const [u, s] of Object.entries(v)) expect(s, u).toBeLessThan(400);

      // While it runs, status and the monitor both say so.
      const running = (await (await fetch(`${server.url}/api/status`)).json()) as { running: string | null };
      expect(running.running).toMatch(/crawl running/);

      crawl.kill("SIGKILL");
      expect((await crawl.result).signal).toBe("SIGKILL");
      expect(read(db, "SELECT name FROM sqlite_master WHERE name = 'models_repo_id_nocase'")).toBeUndefined();

      // After the kill, before any resume: the same reads still answer, with data.
      const after = await visit(server, repoId);
      for (const [u, s] of Object.entries(after)) expect(s, u).toBeLessThan(400);
      const search = (await (await fetch(`${server.url}/api/models?q=${encodeURIComponent(repoId)}`)).json()) as { models?: { repoId: string }[] };
      expect(JSON.stringify(search)).toContain(repoId);
      const model = await fetch(`${server.url}/api/models/${repoId}`);
      expect(model.status).toBe(200);
      expect(await model.text()).toContain(repoId);

      // The killed crawl's row still says "running"; its lock's process is gone. Both views say
      // that nothing runs, at once (not after a heartbeat timeout).
      expect(read<{ status: string }>(db, "SELECT status FROM crawls WHERE id = 1")?.status).toBe("running");
      const status = (await (await fetch(`${server.url}/api/status`)).json()) as { running: string | null };
      const live = (await (await fetch(`${server.url}/api/crawls/live`)).json()) as { live: unknown };
      expect(live.live).toBeNull();
      expect(status.running).toBeNull();
    } finally {
      hub.setFaults({});
      if (crawl.exitCode === null && crawl.signalCode === null) crawl.kill("SIGKILL");
      await server.stop();
    }
  }, 240_000);

  test("an unusable DATABASE_PATH: pages and APIs say so without showing the server's path", async () => {
    const dir = tempDir("hf-trends-secret-folder-");
    const file = path.join(dir, "is-a-directory.db");
    fs.mkdirSync(file);
    const server = await startNextServer({ DATABASE_PATH: file });
    try {
      for (const u of ["/api/status", "/api/trends", "/", "/models?q=a", "/api/crawls/live", "/crawls"]) {
        const res = await fetch(server.url + u);
        const body = await res.text();
        expect(res.status, u).toBeLessThan(600);
        expect(body, u).not.toContain(dir);
        expect(body, u).not.toContain("secret-folder");
      }
      const status = await fetch(`${server.url}/api/status`);
      expect(status.status).toBe(503);
      expect(((await status.json()) as { error: string }).error).toMatch(/database \(DATABASE_PATH\) cannot be opened.*directory/);
      // The operator finds the path in the server's own log.
      expect(server.output()).toContain(file);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
