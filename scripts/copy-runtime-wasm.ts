/**
 * npm run build's prebuild step and npm run dev's predev (and `npx tsx scripts/copy-runtime-wasm.ts`
 * by hand): copies the browser runtimes' .wasm files (TensorFlow.js to public/tfjs-wasm/, ONNX
 * Runtime Web to public/ort-wasm/), where the in-browser runner loads them from. Idempotent.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { copyRuntimeWasm, ORT_WASM_DIR, WASM_DIR } from "../lib/runner/wasm-assets";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
try {
  const written = copyRuntimeWasm(root);
  process.stdout.write(`runtime wasm: ${written.length ? `copied ${written.map((f) => path.basename(f)).join(", ")}` : "up to date"} in ${WASM_DIR}/ and ${ORT_WASM_DIR}/\n`);
} catch (err) {
  process.stderr.write(`runtime wasm: could not copy the runtimes' wasm files (${(err as Error).message}); run npm ci first\n`);
  process.exit(1);
}
