/** Running the project's CLIs as real child processes (the way users and the scheduler run them). */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx scripts/<script>`: what `npm run` does, minus npm's own start-up. */
export function startCli(script: string, args: string[], env: Record<string, string | undefined>): ChildProcess & { result: Promise<CliResult> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", script), ...args], {
    cwd: ROOT,
    env: { ...process.env, HF_TOKEN: "", HUGGING_FACE_HUB_TOKEN: "", HF_TRENDS_FAILPOINT: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const result = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return Object.assign(child, { result });
}

export function runCli(script: string, args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return startCli(script, args, env).result;
}

export function tempDir(prefix = "hf-trends-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
