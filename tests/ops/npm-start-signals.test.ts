/**
 * Stopping `npm start` the ways people and machines do, on the real process tree (npm, the
 * supervisor, the scheduler, `next start`): SIGTERM to npm (a container runtime, a plain `kill`),
 * SIGINT to npm alone, Ctrl-C (SIGINT to the whole foreground process group), and npm killed
 * outright. Each must stop every process of the tree, free the port, and exit 0 for a clean stop
 * (README "Running it as a service"). The Hub is unreachable: no crawl, so stops are quick.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pidAlive } from "../../lib/crawl/lock";
import { tempDir } from "../helpers/cli";
import { BUILD_TIMEOUT_MS, buildApp, freePort, ROOT } from "../helpers/next-server";
import { waitFor } from "../helpers/scheduler-process";

/** Every process whose ancestry leads to `root` (from /proc), root included. */
function tree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone */
    }
  }
  const out = [root];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (out.includes(ppid) && !out.includes(pid)) {
        out.push(pid);
        grew = true;
      }
    }
  }
  return out;
}

interface Started {
  pid: number;
  port: number;
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  orphans: number[];
}

const started: Started[] = [];

async function npmStart(): Promise<Started> {
  const port = await freePort();
  const closed = await freePort();
  const db = path.join(tempDir("hf-trends-npm-start-"), "start.db");
  // Its own process group, like a shell's foreground job: Ctrl-C is a SIGINT to the whole group.
  const child = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env, DATABASE_PATH: db, PORT: String(port), HF_TRENDS_DIST_DIR: ".next-test", HF_ENDPOINT: `http://127.0.0.1:${closed}`,
      HF_TOKEN: "", ADMIN_TOKEN: "", ALERT_WEBHOOK_URL: "", INCREMENTAL_SCHEDULE: "off", npm_lifecycle_event: "",
    },
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  const s: Started = { pid: child.pid!, port, output: () => out, exit, orphans: [] };
  started.push(s);
  await waitFor(() => /\[web\].*Ready/.test(out) && /\[scheduler\].*cannot reach the Hub/.test(out), "npm start: the dashboard ready and the scheduler running", 180_000, 100);
  return s;
}

/** After the stop: no process of the tree is left, and nothing answers on the port. */
async function expectAllGone(s: Started, before: number[]): Promise<void> {
  await waitFor(() => before.every((p) => !pidAlive(p)), `every process of npm start's tree to exit (${before.join(", ")})`, 30_000, 100);
  await expect(fetch(`http://127.0.0.1:${s.port}/api/health`)).rejects.toThrow();
}

beforeAll(async () => {
  await buildApp(); // npm start reuses the test build (HF_TRENDS_DIST_DIR)
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  // A failed test must not leave its tree running.
  for (const s of started) for (const p of tree(s.pid)) if (pidAlive(p)) process.kill(p, "SIGKILL");
});

describe("stopping npm start", () => {
  test("SIGTERM to the npm process: every process stops gracefully and npm exits 0", async () => {
    const s = await npmStart();
    const procs = tree(s.pid);
    expect(procs.length).toBeGreaterThanOrEqual(4); // npm, supervisor, scheduler, web
    process.kill(s.pid, "SIGTERM");
    const { code } = await s.exit;
    expect(code, s.output()).toBe(0);
    expect(s.output()).toMatch(/SIGTERM received; stopping/);
    expect(s.output()).toMatch(/hf-trends: scheduler stopped/);
    expect(s.output()).toMatch(/hf-trends: web stopped/);
    await expectAllGone(s, procs);
  }, 240_000);

  test("SIGINT to the npm process alone is not ignored: the same graceful stop, exit 0", async () => {
    const s = await npmStart();
    const procs = tree(s.pid);
    process.kill(s.pid, "SIGINT");
    const { code } = await s.exit;
    expect(code, s.output()).toBe(0);
    expect(s.output()).toMatch(/SIGINT received; stopping/);
    await expectAllGone(s, procs);
  }, 240_000);

  test("Ctrl-C (SIGINT to the foreground process group) is one graceful stop, not an escalation, and exits 0", async () => {
    const s = await npmStart();
    const procs = tree(s.pid);
    process.kill(-s.pid, "SIGINT");
    const { code } = await s.exit;
    expect(code, s.output()).toBe(0);
    expect(s.output().match(/SIGINT received; stopping/g)).toHaveLength(1);
    expect(s.output()).not.toMatch(/stopping now/);
    await expectAllGone(s, procs);
  }, 240_000);

  test("npm killed outright (SIGKILL): the supervisor notices and stops everything", async () => {
    const s = await npmStart();
    const procs = tree(s.pid);
    process.kill(s.pid, "SIGKILL");
    await s.exit;
    await expectAllGone(s, procs.filter((p) => p !== s.pid));
  }, 240_000);
});
