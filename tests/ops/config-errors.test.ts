/**
 * Configuration a user can get wrong, met by the real CLIs as child processes: every variable is
 * validated once at start (exit 2, one clear line, no stack trace), and a DATABASE_PATH that cannot
 * be a database (a directory, foreign bytes, a truncated copy, a kernel pseudo-file, a database
 * from a newer version) is named in the message and refused with exit 2, before any crawl begins.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { openSqlite } from "../../db/index";
import { ROOT, runCli, tempDir } from "../helpers/cli";

/** Nothing listens there: these runs must stop before they contact any Hub. */
const NO_HUB = "http://127.0.0.1:9";
const STACK = /\n\s+at .+:\d+:\d+/;

function crawl(env: Record<string, string>) {
  return runCli("crawl.ts", ["--quiet"], { HF_ENDPOINT: NO_HUB, CRAWL_REQUEST_TIMEOUT_MS: "2000", CRAWL_RETRY_BASE_MS: "5", ...env });
}

describe("DATABASE_PATH that cannot be used: exit 2, naming the path", () => {
  const dir = tempDir("hf-trends-config-");
  const cases: [string, () => string, RegExp][] = [
    ["a directory", () => fs.mkdirSync(path.join(dir, "a-dir"), { recursive: true }) ?? path.join(dir, "a-dir"), /it is a directory/],
    [
      "random bytes",
      () => {
        const f = path.join(dir, "random.db");
        fs.writeFileSync(f, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 251)));
        return f;
      },
      /not a database|not an SQLite file/,
    ],
    [
      "half a database",
      () => {
        const f = path.join(dir, "half.db");
        const sqlite = openSqlite(f);
        sqlite.exec("CREATE TABLE filler (x TEXT)");
        const ins = sqlite.prepare("INSERT INTO filler VALUES (?)");
        for (let i = 0; i < 2000; i++) ins.run("x".repeat(200));
        sqlite.close(); // checkpoints and removes the WAL: the file alone is the database
        fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2));
        return f;
      },
      /truncated|malformed/,
    ],
    ["a file under /proc", () => "/proc/self/hf-trends.db", /under \/proc/],
    ["a /proc pseudo-file", () => "/proc/self/environ", /under \/proc/],
    [
      "a database written by a newer version (an unknown migration)",
      () => {
        const f = path.join(dir, "newer.db");
        const sqlite = openSqlite(f);
        sqlite.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)').run("from-the-future", Date.now() + 365 * 86_400_000);
        sqlite.close();
        return f;
      },
      /newer version of hf-trends/,
    ],
  ];
  for (const [name, make, why] of cases) {
    test(name, async () => {
      const file = make();
      const res = await crawl({ DATABASE_PATH: file });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(file);
      expect(res.stderr).toMatch(why);
      expect(res.stderr).not.toMatch(STACK);
      expect(res.stdout).toBe("");
    });
  }

  test("the scheduler refuses the same way (exit 2, the path named)", async () => {
    const file = path.join(dir, "a-dir");
    fs.mkdirSync(file, { recursive: true });
    const res = await runCli("scheduler.ts", [], { DATABASE_PATH: file, HF_ENDPOINT: NO_HUB });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain(file);
    expect(res.stderr).not.toMatch(STACK);
  });
});

describe("every variable validated once at start (exit 2, a clear message)", () => {
  const db = () => path.join(tempDir("hf-trends-env-"), "t.db");
  const bad: [Record<string, string>, RegExp][] = [
    [{ HF_ENDPOINT: `${NO_HUB}/?x=1` }, /HF_ENDPOINT must be a base URL without a query or fragment/],
    [{ HF_ENDPOINT: `${NO_HUB}/#frag` }, /HF_ENDPOINT must be a base URL without a query or fragment/],
    [{ ADMIN_TOKEN: "short" }, /ADMIN_TOKEN must be at least 16 characters \(the value is not shown\)/],
    [{ CRAWL_SCHEDULE: "61 * * * *" }, /CRAWL_SCHEDULE is not a valid cron pattern/],
    [{ HOST: "http://example.com/" }, /HOST must be an address to listen on/],
  ];
  for (const [env, message] of bad) {
    test(`crawl with ${JSON.stringify(env)}`, async () => {
      const file = db();
      const res = await crawl({ DATABASE_PATH: file, ...env });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).not.toMatch(STACK);
      expect(res.stderr).not.toContain("short\n"); // a token's value is never echoed
      expect(fs.existsSync(file)).toBe(false); // stopped before touching the database
    });
  }

  test("npm start stops before starting anything on a bad ADMIN_TOKEN, and both problems of two are listed", async () => {
    const file = db();
    const res = await runCli("start.ts", [], { DATABASE_PATH: file, ADMIN_TOKEN: "too-short", INCREMENTAL_SCHEDULE: "every day", HF_ENDPOINT: NO_HUB });
    expect(res.code, res.stderr + res.stdout).toBe(2);
    expect(res.stderr).toMatch(/ADMIN_TOKEN must be at least 16 characters/);
    expect(res.stderr).toMatch(/INCREMENTAL_SCHEDULE is not a valid cron pattern/);
    expect(res.stderr).not.toContain("too-short");
    expect(res.stdout).not.toMatch(/dashboard on/);
    expect(fs.existsSync(file)).toBe(false);
  });

  test("npm run start:web stops before next start on a bad ADMIN_TOKEN", async () => {
    const child = spawn("npm", ["run", "-s", "start:web"], { cwd: ROOT, env: { ...process.env, ADMIN_TOKEN: "short-token", PORT: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, err).toBe(2);
    expect(err).toMatch(/ADMIN_TOKEN must be at least 16 characters/);
    expect(err).not.toContain("short-token");
  });

  test("the scheduler stops on a bad cron at start", async () => {
    const res = await runCli("scheduler.ts", [], { DATABASE_PATH: db(), CRAWL_SCHEDULE: "* * *", HF_ENDPOINT: NO_HUB });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/CRAWL_SCHEDULE/);
    expect(res.stderr).not.toMatch(STACK);
  });
});
