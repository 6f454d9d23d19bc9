/**
 * npm start: the product. The scheduler and the dashboard, as two supervised child processes
 * (docs/decisions.md: a crawl never runs inside the web server).
 *
 * 1. Checks the configuration (exit 2 on a bad variable) and migrates the database.
 * 2. Starts the scheduler first: on an empty database the first crawl begins at once, while the
 *    dashboard is still being built.
 * 3. Builds the dashboard when there is no build or it is stale (a fresh clone, a pull), then
 *    serves it on PORT. A build that fails leaves the scheduler running: data keeps being
 *    collected while the dashboard is fixed.
 * 4. On SIGINT / SIGTERM / SIGHUP: one SIGTERM to each child (the crawl in flight commits its page
 *    and is marked interrupted, to be resumed at the next start), then exits 0 once both have
 *    exited. A second Ctrl-C makes the scheduler exit at once; a third kills both.
 *
 * The npm script is `exec node --import tsx scripts/start.ts`: npm's shell is replaced by this
 * process, so npm hands its SIGINT / SIGTERM straight to it (a shell in between dies of SIGTERM
 * without passing it on, and tsx's own launcher doubles a terminal's Ctrl-C). Should npm die
 * anyway (SIGKILL), this process notices its parent is gone and stops the same graceful way.
 * Without network the scheduler says the Hub is unreachable (and suggests `npm run demo`), keeps
 * trying, and the dashboard serves whatever data there is: nothing crashes.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openSqlite } from "../db/index";
import {
  ConfigError, crawlSchedule, databasePath, hubUrl, incrementalSchedule, validateEnv, webHost, webPort,
} from "../lib/env";
import { EXIT } from "../lib/cli/args";
import { ensureNextBuild, nextBin, nextEnv, requestGatePreload } from "../lib/ops/next-build";
import { Supervisor } from "../lib/ops/supervisor";
import { ensureClassified } from "../lib/crawl/reclassify";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** next.config.ts reads the same variable (tests build into their own directory). */
const BUILD = { root: ROOT, distDir: process.env.HF_TRENDS_DIST_DIR || ".next" };
const log = (line: string) => process.stdout.write(`${line}\n`);
/** Signals closer together than this are one keypress delivered twice, ms. */
const DOUBLE_SIGNAL_MS = 500;

/**
 * Under `npm start`, the parent is npm: if it is gone (killed outright), nobody will forward a
 * stop signal, so stop as if it had sent SIGTERM. Started otherwise (a service manager, a
 * shell with nohup), the parent's life is not ours to follow.
 */
function watchNpmParent(onGone: () => void): void {
  if (process.env.npm_lifecycle_event !== "start") return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      log("hf-trends: npm is gone; stopping");
      onGone();
    }
  }, 1000);
  timer.unref();
}

async function main(): Promise<number> {
  let port: number;
  let host: string;
  let hub: string;
  try {
    validateEnv(); // every variable at once: a bad one stops here, exit 2, before any child starts
    hub = hubUrl();
    port = webPort();
    host = webHost();
    const full = crawlSchedule();
    const incremental = incrementalSchedule();
    log(
      `hf-trends: database ${databasePath()}; Hub ${hub}; full crawls ${full ? `"${full.pattern}" UTC` : "off"}, ` +
        `incremental crawls ${incremental ? `"${incremental.pattern}" UTC` : "off"}`,
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`hf-trends: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  try {
    // Migrations, and a reclassification when the framework rules changed, before either child opens the database.
    const sqlite = openSqlite(databasePath());
    try {
      const r = ensureClassified(sqlite);
      if (r) log(`framework rules changed: ${r.models} models reclassified, rollups rebuilt`);
    } finally {
      sqlite.close();
    }
  } catch (err) {
    // DatabaseOpenError (a directory, a foreign or newer file...) names the path itself: exit 2.
    if (err instanceof ConfigError) {
      process.stderr.write(`hf-trends: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`hf-trends: cannot open the database at ${databasePath()}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failed;
  }

  const sup = new Supervisor(log);
  const building = new AbortController();
  // The first signal stops gracefully. A repeated SIGTERM/SIGHUP changes nothing (a service manager
  // may signal every process of the service, and the children get the same signal directly).
  // Ctrl-C again escalates: the scheduler exits at once (its crawl stays resumable), then SIGKILL.
  // A Ctrl-C reaches this process twice within milliseconds (from the terminal, to the whole job,
  // and forwarded by npm): only a SIGINT at least DOUBLE_SIGNAL_MS after the previous one is "again".
  let signals = 0;
  let escalation = 0;
  let lastSignalAt = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    const now = Date.now();
    const echo = now - lastSignalAt < DOUBLE_SIGNAL_MS;
    lastSignalAt = now;
    signals++;
    building.abort();
    if (signals === 1) {
      log(`hf-trends: ${sig} received; stopping (a running crawl finishes its page and resumes at the next start)`);
      sup.stop();
      return;
    }
    if (sig !== "SIGINT" || echo) return;
    escalation++;
    if (escalation === 1) {
      log("hf-trends: stopping now (Ctrl-C again to kill)");
      sup.escalate();
    } else sup.kill();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  watchNpmParent(() => {
    if (signals === 0) onSignal("SIGTERM");
  });

  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  // Bundled, not under tsx: the scheduler runs the crawls in its process (scripts/run-bundled.mjs).
  sup.start({ name: "scheduler", args: [path.join(ROOT, "scripts", "run-bundled.mjs"), path.join(ROOT, "scripts", "scheduler.ts")], env, cwd: ROOT });

  try {
    await ensureNextBuild(BUILD, { stdio: "inherit", log: (l) => log(`hf-trends: ${l}`), signal: building.signal });
    if (signals === 0) {
      sup.start({
        name: "web",
        args: [...requestGatePreload(ROOT), nextBin(ROOT), "start", "-p", String(port), "-H", host],
        env: nextEnv(BUILD, env),
        cwd: ROOT,
        fatal: (line) => (/EADDRINUSE/.test(line) ? `port ${port} is already in use: set PORT to a free port` : null),
      });
      const shown = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "localhost" : host;
      log(`hf-trends: dashboard on http://${shown}:${port} (crawl monitor: http://${shown}:${port}/crawls)`);
    }
  } catch (err) {
    if (signals === 0) {
      log(`hf-trends: the dashboard could not be built: ${err instanceof Error ? err.message : String(err)}`);
      log("hf-trends: the scheduler keeps crawling; fix the build and run npm start again");
    }
  }
  await sup.done;
  return sup.fatal ? EXIT.failed : EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`hf-trends: fatal: ${String(err?.stack ?? err)}\n`);
    process.exit(EXIT.failed);
  },
);
