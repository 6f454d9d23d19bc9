/**
 * npm run build's prebuild step (and `node --import tsx scripts/copy-tfjs-wasm.ts` by hand): copies tfjs-backend-wasm's
 * .wasm files to public/tfjs-wasm/, where the in-browser runner loads them from. Idempotent.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { copyTfjsWasm, WASM_DIR } from "../lib/runner/wasm-assets";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
try {
  const written = copyTfjsWasm(root);
  process.stdout.write(`tfjs-wasm: ${written.length ? `copied ${written.map((f) => path.basename(f)).join(", ")}` : "up to date"} in ${WASM_DIR}/\n`);
} catch (err) {
  process.stderr.write(`tfjs-wasm: could not copy the TensorFlow.js wasm files (${(err as Error).message}); run npm ci first\n`);
  process.exit(1);
}
