/**
 * The built dashboard for browser and HTTP tests: one `next build` into .next-test (shared by every
 * test file and cached across runs until a source changes: lib/ops/next-build.ts), then `next start`
 * on a free loopback port with the test's DATABASE_PATH and environment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { requestGatePreload, ensureNextBuild, nextBin, nextEnv, type BuildTarget } from "../../lib/ops/next-build";

export const ROOT = path.resolve(__dirname, "../..");
export const TEST_BUILD: BuildTarget = { root: ROOT, distDir: ".next-test" };
/** A cold build on a shared 2-core machine; give hooks that build this long. */
export const BUILD_TIMEOUT_MS = 10 * 60_000;

export async function buildApp(): Promise<void> {
  await ensureNextBuild(TEST_BUILD, { stdio: "pipe" });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface NextServer {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `next start` of the test build; resolves once it answers HTTP. */
export async function startNextServer(env: Record<string, string | undefined>): Promise<NextServer> {
  await buildApp();
  const port = await freePort();
  const child = spawn(process.execPath, [...requestGatePreload(ROOT), nextBin(ROOT), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: nextEnv(TEST_BUILD, { ...process.env, HF_TOKEN: "", HUGGING_FACE_HUB_TOKEN: "", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${out}`);
    try {
      await fetch(`${url}/api/crawls?limit=1`, { signal: AbortSignal.timeout(5_000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`next start did not answer within 90 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    port,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
