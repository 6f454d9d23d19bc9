/**
 * The browser runtimes' .wasm binaries, served by the app itself (never a CDN: the runner must work
 * offline and under the page's CSP): tfjs-backend-wasm's from public/tfjs-wasm/ (the tfjs runner
 * calls setWasmPaths("/tfjs-wasm/")) and ONNX Runtime Web's from public/ort-wasm/ (the ONNX runner
 * sets env.wasm.wasmPaths = "/ort-wasm/"). Bundlers do not emit them (docs/runner.md "Runtimes and assets":
 * without them tfjs quietly runs on another backend and ONNX Runtime cannot start), so they are
 * copied from the installed packages before every build: `npm run build`'s prebuild step, `npm run
 * dev`'s predev, and the build that `npm start` / `npm run demo` / the tests run through
 * lib/ops/next-build.ts. Both folders are git-ignored. Node only.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const WASM_DIR = path.join("public", "tfjs-wasm");
export const ORT_WASM_DIR = path.join("public", "ort-wasm");

function distOf(root: string, pkg: string): string {
  const req = createRequire(path.join(root, "package.json"));
  if (pkg === "onnxruntime-web") {
    // Its exports map has no ./package.json: find the dist folder from a .wasm it exports.
    return path.dirname(req.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm"));
  }
  return path.join(path.dirname(req.resolve(`${pkg}/package.json`)), "dist");
}

/** The .wasm files of the installed @tensorflow/tfjs-backend-wasm. */
export function wasmSources(root: string): string[] {
  const dist = distOf(root, "@tensorflow/tfjs-backend-wasm");
  return fs.readdirSync(dist).filter((f) => f.endsWith(".wasm")).sort().map((f) => path.join(dist, f));
}

/**
 * The files ONNX Runtime Web's wasm build loads at run time: the plain SIMD binary (14 MB; the
 * JSEP / JSPI / asyncify variants serve WebGPU and are not used) and its loader module.
 */
export function ortWasmSources(root: string): string[] {
  const dist = distOf(root, "onnxruntime-web");
  return ["ort-wasm-simd-threaded.wasm", "ort-wasm-simd-threaded.mjs"].map((f) => path.join(dist, f));
}

function copyInto(root: string, dir: string, sources: string[]): string[] {
  const out = path.join(root, dir);
  fs.mkdirSync(out, { recursive: true });
  const written: string[] = [];
  for (const src of sources) {
    const dst = path.join(out, path.basename(src));
    const bytes = fs.readFileSync(src);
    // Same bytes are left alone, so the build fingerprint does not change.
    if (fs.existsSync(dst) && fs.readFileSync(dst).equals(bytes)) continue;
    fs.writeFileSync(dst, bytes);
    written.push(dst);
  }
  return written;
}

/** Copies tfjs's .wasm files into <root>/public/tfjs-wasm/ when missing or different. */
export function copyTfjsWasm(root: string): string[] {
  return copyInto(root, WASM_DIR, wasmSources(root));
}

/** Copies ONNX Runtime Web's files into <root>/public/ort-wasm/ when missing or different. */
export function copyOrtWasm(root: string): string[] {
  return copyInto(root, ORT_WASM_DIR, ortWasmSources(root));
}

/** Both runtimes' files; returns the files written. */
export function copyRuntimeWasm(root: string): string[] {
  return [...copyTfjsWasm(root), ...copyOrtWasm(root)];
}
