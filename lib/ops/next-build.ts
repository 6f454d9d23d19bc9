/**
 * "Is the dashboard built, and from these sources?" and building it when not, for `npm start` (a
 * fresh clone has no build; a pulled change makes it stale) and for the browser tests.
 *
 * Freshness is a hash of the contents of everything Next bundles (app/, lib/, db/, public/, the
 * Next and TypeScript configs, the lockfile), stored beside the build after it succeeds. Contents,
 * not mtimes: a git checkout touches files without changing them. A lock file lets concurrent
 * starters (two test files, a test and `npm start`) build once: the others wait and reuse it.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";
import { pidAlive } from "../crawl/lock";
import { copyRuntimeWasm } from "../runner/wasm-assets";

const SOURCE_DIRS = ["app", "lib", "db", "components", "public", "styles"];
/**
 * Folders under SOURCE_DIRS that the dashboard never bundles: the fake Hub serves tests, the demo
 * and the benchmarks (docs/architecture.md), so editing it must not rebuild the dashboard.
 */
const NOT_BUNDLED = ["lib/fake-hub"];
const ROOT_FILES = /^(next\.config\.(ts|js|mjs|cjs)|tsconfig\.json|package\.json|package-lock\.json|postcss\.config\.\w+|proxy\.ts|middleware\.ts|instrumentation\.ts)$/;
const STAMP = "hf-trends-build.json";
/** Longest wait for another process's build, ms (a cold build takes 1-3 minutes on 2 cores). */
const LOCK_WAIT_MS = 15 * 60_000;

export interface BuildTarget {
  /** The project root (where package.json is). */
  root: string;
  /** Next's distDir relative to root: ".next" for `npm start`; tests use their own (next.config.ts reads HF_TRENDS_DIST_DIR). */
  distDir: string;
}

/**
 * Paths the project ignores (.gitignore lines without wildcards, e.g. public/tfjs-wasm/): files the
 * build itself generates (its prebuild step copies them) must not make the next start rebuild.
 */
function ignoredPaths(root: string): string[] {
  let text = "";
  try {
    text = fs.readFileSync(path.join(root, ".gitignore"), "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#") && !l.startsWith("!") && !/[*?[\]]/.test(l))
    .map((l) => path.join(root, l.replace(/^\//, "").replace(/\/$/, "")));
}

function walk(dir: string, out: string[], skip: string[] = []): void {
  if (skip.includes(dir)) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out, skip);
    else if (e.isFile() && !skip.includes(p)) out.push(p);
  }
}

function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const skip = [...ignoredPaths(root), ...NOT_BUNDLED.map((d) => path.join(root, d))];
  for (const d of SOURCE_DIRS) walk(path.join(root, d), files, skip);
  for (const f of fs.readdirSync(root)) if (ROOT_FILES.test(f)) files.push(path.join(root, f));
  return files;
}

/** Hash of the path and contents of every file the build depends on. */
export function sourceFingerprint(root: string): string {
  const files = sourceFiles(root);
  const h = createHash("sha256");
  for (const f of files.sort()) {
    h.update(path.relative(root, f));
    h.update("\0");
    h.update(fs.readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex");
}

function stampPath(t: BuildTarget): string {
  return path.join(t.root, t.distDir, STAMP);
}

/** The newest modification time of the files the build depends on, ms. */
function newestSource(root: string): number {
  const files = sourceFiles(root);
  return Math.max(0, ...files.map((f) => fs.statSync(f).mtimeMs));
}

/** The stamp a build leaves beside itself: the source fingerprint it was built from. */
const BuildStamp = z.object({ fingerprint: z.string() });

export function buildIsFresh(t: BuildTarget, fingerprint = sourceFingerprint(t.root)): boolean {
  const buildId = path.join(t.root, t.distDir, "BUILD_ID");
  if (!fs.existsSync(buildId)) return false;
  try {
    return BuildStamp.parse(JSON.parse(fs.readFileSync(stampPath(t), "utf8"))).fingerprint === fingerprint;
  } catch {
    // No stamp (or one that is not ours): a plain `npm run build`. Adopt it when it is newer than every source file.
    if (fs.statSync(buildId).mtimeMs <= newestSource(t.root)) return false;
    fs.writeFileSync(stampPath(t), JSON.stringify({ fingerprint, adoptedAt: new Date().toISOString() }) + "\n");
    return true;
  }
}

/**
 * Preload of every `next start` we run (lib/ops/request-gate.cjs): the client's address (trusting
 * X-Forwarded-For only as far as TRUST_PROXY says), 405 for methods Next mishandles, 400 for
 * `?__proto__`, a JSON 404 for malformed API paths.
 */
export function requestGatePreload(root: string): string[] {
  return ["--require", path.join(root, "lib", "ops", "request-gate.cjs")];
}

/** The `next` CLI script of the installed package. */
export function nextBin(root: string): string {
  return createRequire(path.join(root, "package.json")).resolve("next/dist/bin/next");
}

/** Environment for Next's processes: its own dist dir, and no telemetry calls on a closed network. */
export function nextEnv(t: BuildTarget, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, NEXT_TELEMETRY_DISABLED: "1", ...(t.distDir !== ".next" ? { HF_TRENDS_DIST_DIR: t.distDir } : {}) };
}

async function withBuildLock<T>(t: BuildTarget, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(t.root, `${t.distDir.replace(/[\\/]/g, "_")}.build.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(fs.readFileSync(lock, "utf8").trim());
      if (!Number.isInteger(holder) || holder <= 0 || !pidAlive(holder)) {
        fs.rmSync(lock, { force: true }); // the builder died: its lock is void
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another process (pid ${holder}) has been building the dashboard for too long`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

export interface EnsureOptions {
  log?: (line: string) => void;
  /** Where the build's output goes: "inherit" (npm start shows it) or "pipe" (kept for the error). */
  stdio?: "inherit" | "pipe";
  /** Stops the build (npm start asked to stop while building). */
  signal?: AbortSignal;
}

/**
 * Builds the dashboard unless a fresh build is there. Returns whether it built. Throws with the
 * build's output when `next build` fails.
 */
export async function ensureNextBuild(t: BuildTarget, opts: EnsureOptions = {}): Promise<boolean> {
  const log = opts.log ?? (() => {});
  // The runner's .wasm files are served from public/ (bundlers do not emit them); copied before the
  // fingerprint so a build never lacks them (npm run build does the same in its prebuild step).
  copyRuntimeWasm(t.root);
  if (buildIsFresh(t)) return false;
  return withBuildLock(t, async () => {
    const fingerprint = sourceFingerprint(t.root);
    if (buildIsFresh(t, fingerprint)) return false; // built by whoever held the lock
    log(`building the dashboard (npm run build into ${t.distDir}; a minute or two on first start)`);
    // The project's own build script, with its pre-build steps (the runner's wasm files), not a
    // bare `next build`. In its own process group, so that stopping it stops npm's children too.
    const child = spawn("npm", ["run", "build", "--silent"], {
      cwd: t.root,
      env: nextEnv(t),
      stdio: opts.stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const abort = () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
    };
    opts.signal?.addEventListener("abort", abort, { once: true });
    let output = "";
    child.stdout?.on("data", (d) => (output = (output + d).slice(-20_000)));
    child.stderr?.on("data", (d) => (output = (output + d).slice(-20_000)));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    opts.signal?.removeEventListener("abort", abort);
    if (opts.signal?.aborted) throw new Error("the build was stopped");
    if (code !== 0) throw new Error(`the build failed (exit ${code})${output ? `:\n${output}` : ""}`);
    fs.writeFileSync(stampPath(t), JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }) + "\n");
    return true;
  });
}
