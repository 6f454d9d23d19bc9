/**
 * npm run fake-hub -- --models 10000 --seed 1 --port 0 [--day 2026-11-27] [...]   (--help lists all)
 *
 * Runs the fake Hugging Face Hub until SIGINT/SIGTERM. The one stdout line
 * "fake hub listening on http://127.0.0.1:PORT (N models, seed S, day D)" is the readiness signal
 * tests parse (with --port 0 it is the only way to learn the port). Bad flags exit 2.
 */
import { HELP, parseCliArgs } from "../lib/fake-hub/cli";
import { startFakeHub } from "../lib/fake-hub/server";

const parsed = parseCliArgs(process.argv.slice(2));
if (parsed.kind === "help") {
  process.stdout.write(HELP);
  process.exit(0);
}
if (parsed.kind === "error") {
  process.stderr.write(`fake-hub: ${parsed.message}\nRun "npm run fake-hub -- --help" for the list of flags.\n`);
  process.exit(2);
}

const { options } = parsed;
let hub;
try {
  if (parsed.runnerFixtures) {
    const { buildRunnerFixtures } = await import("../lib/fake-hub/runner-fixtures");
    const { buildOnnxFixtures } = await import("../lib/fake-hub/onnx-fixtures");
    options.mounts = [...(await buildRunnerFixtures()).repos, ...buildOnnxFixtures().map((f) => f.repo)];
  }
  hub = await startFakeHub(options);
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  const msg = code === "EADDRINUSE" ? `port ${options.port} is already in use` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`fake-hub: ${msg}\n`);
  process.exit(1);
}
process.stdout.write(`fake hub listening on ${hub.url} (${options.models} models, seed ${options.seed}, day ${hub.day})\n`);

let closing = false;
const shutdown = (signal: string) => {
  if (closing) return;
  closing = true;
  hub.close().then(
    () => {
      process.stderr.write(`fake-hub: ${signal}, closed\n`);
      process.exit(0);
    },
    () => process.exit(1),
  );
};
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
