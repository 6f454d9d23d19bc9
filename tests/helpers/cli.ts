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

const PACKAGE_SCRIPTS = Object.values(
  (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
);

/**
 * Node's arguments for scripts/<script> as package.json's npm script starts it: through
 * scripts/run-bundled.mjs (the crawling processes) or tsx (the rest).
 */
export function nodeArgsFor(script: string): string[] {
  const file = path.join(ROOT, "scripts", script);
  const bundled = PACKAGE_SCRIPTS.some((cmd) => cmd.includes("scripts/run-bundled.mjs") && cmd.endsWith(`scripts/${script}`));
  return bundled ? [path.join(ROOT, "scripts", "run-bundled.mjs"), file] : ["--import", "tsx", file];
}

/** What `npm run` does for scripts/<script>, minus npm's own start-up. */
export function startCli(script: string, args: string[], env: Record<string, string | undefined>): ChildProcess & { result: Promise<CliResult> } {
  const child = spawn(process.execPath, [...nodeArgsFor(script), ...args], {
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
