/** The CLI (scripts/fake-hub.ts) as a child process: --help, flag validation, the readiness line, admin, signals. */
import { afterEach, expect, test } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { listModels } from "@huggingface/hub";
import { parseCliArgs } from "../../lib/fake-hub/cli";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

function run(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/fake-hub.ts", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return child;
}

function finish(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((ok) => child.on("close", (code) => ok({ code, stdout, stderr })));
}

/** Resolves with the URL from the "fake hub listening on ..." line. */
function ready(child: ChildProcess): Promise<string> {
  return new Promise((ok, fail) => {
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /^fake hub listening on (http:\/\/127\.0\.0\.1:\d+) \((\d+) models, seed (-?\d+), day (\d{4}-\d\d-\d\d)\)$/m.exec(out);
      if (m) ok(m[1]);
    });
    child.on("close", (code) => fail(new Error(`exited ${code} before ready: ${out}`)));
  });
}

test("--help exits 0 and lists the flags", async () => {
  const r = await finish(run(["--help"]));
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("Usage: npm run fake-hub");
  for (const f of ["--models", "--seed", "--port", "--day", "--quota", "--window-ms", "--error-rate", "--slow-ms"]) expect(r.stdout).toContain(f);
});

test("a bad flag exits 2 with a clear message on stderr", async () => {
  const r = await finish(run(["--models", "10", "--bogus"]));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("unknown flag --bogus");
  expect(r.stdout).toBe("");
  const v = await finish(run(["--models", "ten"]));
  expect(v.code).toBe(2);
  expect(v.stderr).toMatch(/--models must be an integer/);
});

test("flag parsing (in process): values, ranges, conflicts", () => {
  const ok = parseCliArgs(["--models=200", "--seed", "9", "--port", "0", "--day", "2026-12-01", "--quota", "5", "--window-ms", "300", "--error-rate", "0.1", "--slow-ms", "50", "--storm-every", "7"]);
  expect(ok.kind).toBe("run");
  if (ok.kind === "run") {
    expect(ok.options).toMatchObject({ models: 200, seed: 9, port: 0, day: "2026-12-01", rateLimit: { quota: 5, windowMs: 300 } });
    expect(ok.options.faults).toMatchObject({ errorRate: 0.1, slowPageMs: 50, storm429: { every: 7, length: 5, retryAfterMs: 1000 } });
  }
  const bad: string[][] = [["--error-rate", "2"], ["--day", "2026-02-30"], ["--port", "70000"], ["--no-rate-limit", "--quota", "3"], ["--slow-mode", "fast"], ["--models"], ["stray"]];
  for (const args of bad) expect(parseCliArgs(args).kind, args.join(" ")).toBe("error");
  expect(parseCliArgs(["-h"]).kind).toBe("help");
});

test("--port 0 prints the listening line; the client, the admin API and SIGTERM work", async () => {
  const child = run(["--port", "0", "--models", "400", "--seed", "5", "--day", "2026-11-27"]);
  const done = finish(child);
  const url = await ready(child);
  let n = 0;
  for await (const m of listModels({ hubUrl: url, limit: 25 })) n += m.name.includes("/") ? 1 : 0;
  expect(n).toBe(25);
  const state = (await (await fetch(`${url}/__admin/day`, { method: "POST", body: JSON.stringify({ advance: 3 }) })).json()) as { day: string; models: number };
  expect(state).toMatchObject({ day: "2026-11-30", models: 400 });
  const truth = (await (await fetch(`${url}/__admin/truth`)).json()) as unknown[];
  expect(truth.length).toBeGreaterThan(350);
  child.kill("SIGTERM");
  const r = await done;
  expect(r.code).toBe(0);
});
