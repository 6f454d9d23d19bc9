/**
 * tfjs-backend-wasm's .wasm binaries, served by the app from public/tfjs-wasm/ (the runner calls
 * setWasmPaths("/tfjs-wasm/")). Bundlers do not emit them (without them
 * setBackend("wasm") quietly fails and tfjs runs on another backend), so they are copied from the
 * installed package before every build: `npm run build`'s prebuild step, and the build that
 * `npm start` / `npm run demo` / the tests run through lib/ops/next-build.ts. Node only.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const WASM_DIR = path.join("public", "tfjs-wasm");

/** The .wasm files of the installed @tensorflow/tfjs-backend-wasm. */
export function wasmSources(root: string): string[] {
  const pkg = createRequire(path.join(root, "package.json")).resolve("@tensorflow/tfjs-backend-wasm/package.json");
  const dist = path.join(path.dirname(pkg), "dist");
  return fs.readdirSync(dist).filter((f) => f.endsWith(".wasm")).sort().map((f) => path.join(dist, f));
}

/**
 * Copies the .wasm files into <root>/public/tfjs-wasm/ when missing or different (same bytes are
 * left alone, so the build fingerprint does not change). Returns the files written.
 */
export function copyTfjsWasm(root: string): string[] {
  const out = path.join(root, WASM_DIR);
  fs.mkdirSync(out, { recursive: true });
  const written: string[] = [];
  for (const src of wasmSources(root)) {
    const dst = path.join(out, path.basename(src));
    const bytes = fs.readFileSync(src);
    if (fs.existsSync(dst) && fs.readFileSync(dst).equals(bytes)) continue;
    fs.writeFileSync(dst, bytes);
    written.push(dst);
  }
  return written;
}
