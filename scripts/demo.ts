/**
 * npm run demo -- [--models N] [--seed S] [--port P] [--db PATH] [--reuse]
 *
 * The whole product offline, in one command: the fake Hub with a generated Hub, full crawls on
 * several of its days (so the history across crawls exists), an incremental crawl, the createdAt
 * backfill and the tfjs files pass, then the dashboard (`next start`, built first if needed) on
 * that database. The fake Hub keeps running so the model pages' "on the Hub" links work.
 */
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { buildDemoDb } from "../lib/demo/build";
import { startFakeHub, DEFAULT_DAY } from "../lib/fake-hub/server";
import { buildRunnerFixtures } from "../lib/fake-hub/runner-fixtures";
import { EXIT, nonNegativeInt, parseFlags, positiveInt, UsageError } from "../lib/cli/args";
import { ensureNextBuild, nextBin, nextEnv, requestGatePreload } from "../lib/ops/next-build";
import { webPort, webHost, ConfigError } from "../lib/env";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

const HELP = `Usage: npm run demo -- [flags]

Builds a demo database from the fake Hub (crawls on several fake-Hub days, backfill, files pass)
and serves the dashboard on it. Offline; one command.

  --models N   models in the generated Hub (default 40000)
  --seed S     generator seed (default 1)
  --port P     dashboard port (default PORT or 3000)
  --db PATH    database file (default data/demo.db; rebuilt unless --reuse)
  --reuse      keep an existing database at --db instead of rebuilding it
  --help       this text`;

/** Days before the fake Hub's "today" with a full crawl: weekly for two months, then daily. */
const FULL_CRAWL_DAYS = [56, 49, 42, 35, 28, 21, 14, 7, 4, 3, 2, 1, 0];
const INCREMENTAL_DAYS = [10];

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseFlags(process.argv.slice(2), {
      models: { type: "string" },
      seed: { type: "string" },
      port: { type: "string" },
      db: { type: "string" },
      reuse: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    }));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`demo: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  if (values.help) {
    process.stdout.write(HELP + "\n");
    return EXIT.ok;
  }
  let models: number, seed: number, port: number;
  try {
    models = positiveInt("models", values.models) ?? 40_000;
    seed = nonNegativeInt("seed", values.seed) ?? 1;
    port = positiveInt("port", values.port) ?? webPort();
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`demo: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const db = path.resolve(values.db ?? path.join(ROOT, "data", "demo.db"));
  const say = (m: string) => process.stderr.write(`demo: ${m}\n`);

  // The runner's fixture repos (tiny TF.js models with known outputs, and broken ones) are mounted
  // into the demo's Hub, so /try has models to run whatever the generated sample holds.
  say("building the in-browser runner's fixture models");
  const mounts = (await buildRunnerFixtures()).repos;

  if (!(values.reuse && fs.existsSync(db))) {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    fs.mkdirSync(path.dirname(db), { recursive: true });
    say(`generating a ${models.toLocaleString("en-US")}-model Hub (seed ${seed}) and crawling it on ${FULL_CRAWL_DAYS.length} days into ${db}`);
    const t0 = Date.now();
    await buildDemoDb({ file: db, models, seed, fullCrawlDays: FULL_CRAWL_DAYS, incrementalDays: INCREMENTAL_DAYS, mounts, onNotice: say });
    say(`database ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } else say(`reusing ${db}`);

  const hub = await startFakeHub({ models, seed, day: DEFAULT_DAY, rateLimit: false, mounts });
  say(`fake Hub on ${hub.url} (for the model pages' links)`);
  // HF_TRENDS_DIST_DIR: the build to serve (tests point it at theirs); default .next.
  const target = { root: ROOT, distDir: process.env.HF_TRENDS_DIST_DIR || ".next" };
  await ensureNextBuild(target, { stdio: "inherit", log: say });
  const child = spawn(process.execPath, [...requestGatePreload(ROOT), nextBin(ROOT), "start", "-p", String(port), "-H", webHost()], {
    cwd: ROOT,
    env: nextEnv(target, { ...process.env, DATABASE_PATH: db, HF_ENDPOINT: hub.url, PORT: String(port) }),
    stdio: "inherit",
  });
  const host = webHost();
  say(`dashboard on http://${host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "localhost" : host}:${port} (Ctrl-C to stop)`);
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 0)));
  await hub.close();
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(EXIT.failed);
  },
);
