#!/usr/bin/env node
/**
 * node scripts/run-bundled.mjs <script.ts> [args...]: runs a TypeScript script from a one-file
 * esbuild bundle of the project's own code (packages stay imports from node_modules).
 *
 * Why not tsx for the crawling processes (npm run crawl, the scheduler): tsx's loader runs on a
 * thread of its own, ~47 MB of resident memory for the life of the process (measured: node 41 MB,
 * node --import tsx 88 MB), and the crawler's peak RSS has a budget (issue #2: < 300 MB at 1M
 * models). Bundling takes ~0.2 s per start. Other scripts keep using tsx.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";
import { build } from "esbuild";

// The crawling processes allocate fast and keep little: the client parses ~1 MB of JSON a page
// and the writer thread converts it, while what lives on (the rollup accumulators, mostly outside
// the V8 heap) grows slowly. V8's default lets each heap grow up to several times its live size
// between full collections; at 1.5 times, measured at 3.1M models, the crawl's peak RSS went from
// 290 to 236 MB (the listing from ~265 to ~210 MB) for a few % more CPU. Read by V8 at each
// collection, so it applies from here on, and to the writer thread's heap too.
v8.setFlagsFromString("--heap-growing-percent=50");

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write("usage: node scripts/run-bundled.mjs <script.ts> [args...]\n");
  process.exit(2);
}
const entry = path.resolve(entryArg);
const outDir = path.join(ROOT, "node_modules", ".cache", "hf-trends");
const outfile = path.join(outDir, `${path.basename(entry, ".ts")}-${process.pid}-${Date.now().toString(36)}.mjs`);
fs.mkdirSync(outDir, { recursive: true });
// Each run removes its bundle once loaded (its modules are in memory then); a process killed
// before that leaves one behind: swept here after an hour.
for (const f of fs.readdirSync(outDir)) {
  const file = path.join(outDir, f);
  try {
    if (f.endsWith(".mjs") && Date.now() - fs.statSync(file).mtimeMs > 3600_000) fs.rmSync(file, { force: true });
  } catch {
    /* another process swept it */
  }
}

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  keepNames: true,
  logLevel: "warning",
  plugins: [{
    // Each module keeps its own import.meta.url (paths to migrations, the writer thread's source).
    name: "import-meta-url-per-file",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (a) => ({
        contents: (await fs.promises.readFile(a.path, "utf8")).replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(a.path).href)),
        loader: "ts",
      }));
    },
  }],
});

// The script sees itself as argv[1], as under tsx.
process.argv = [process.argv[0], entry, ...args];
try {
  await import(pathToFileURL(outfile).href);
} finally {
  fs.rmSync(outfile, { force: true });
}
