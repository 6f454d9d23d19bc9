/**
 * The process supervisor of `npm start`: runs the web server and the scheduler as child processes,
 * prefixes their output, restarts one that crashes (with backoff), forwards a stop signal once to
 * each and resolves when every child has exited.
 *
 * Children run in their own process group (detached): a Ctrl-C in the terminal reaches only the
 * supervisor, which forwards exactly one SIGTERM, and a second Ctrl-C as a SIGINT (the scheduler's
 * "exit now"). In exchange they cannot die with the supervisor by themselves, so
 * each is started with lib/ops/orphan-guard.cjs, which stops it when its parent is gone.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

export const ORPHAN_GUARD = path.join(path.dirname(fileURLToPath(import.meta.url)), "orphan-guard.cjs");

export interface ChildSpec {
  name: string;
  /** Node arguments after `node --require orphan-guard.cjs`. */
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** A line of output that means "do not restart, stop everything" (e.g. the port is taken). */
  fatal?: (line: string) => string | null;
}

const MAX_BACKOFF_MS = 60_000;
/** A child that ran this long before crashing restarts after the shortest wait again, ms. */
const STABLE_AFTER_MS = 60_000;

interface Running {
  spec: ChildSpec;
  child: ChildProcess | null;
  failures: number;
  exited: Promise<void>;
}

export class Supervisor {
  private readonly children = new Map<string, Running>();
  private stopping = false;
  private fatalError: string | null = null;
  private resolveDone!: () => void;
  /** Resolves when stopping and every child has exited. */
  readonly done = new Promise<void>((r) => (this.resolveDone = r));

  constructor(private readonly log: (line: string) => void) {}

  get fatal(): string | null {
    return this.fatalError;
  }

  start(spec: ChildSpec): void {
    const r: Running = { spec, child: null, failures: 0, exited: Promise.resolve() };
    this.children.set(spec.name, r);
    this.launch(r);
  }

  private launch(r: Running): void {
    const { spec } = r;
    const started = Date.now();
    const child = spawn(process.execPath, ["--require", ORPHAN_GUARD, ...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    r.child = child;
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on("line", (line) => {
        this.log(`[${spec.name}] ${line}`);
        const fatal = spec.fatal?.(line);
        if (fatal && !this.fatalError) {
          this.fatalError = fatal;
          this.log(`hf-trends: ${fatal}`);
          this.stop();
        }
      });
    }
    r.exited = new Promise<void>((resolve) => {
      child.on("error", (err) => this.log(`hf-trends: ${spec.name} could not start: ${err.message}`));
      child.on("close", (code, signal) => {
        r.child = null;
        resolve();
        if (this.stopping) {
          this.log(`hf-trends: ${spec.name} stopped${code ? ` (exit ${code})` : signal ? ` (${signal})` : ""}`);
          this.checkDone();
          return;
        }
        r.failures = Date.now() - started > STABLE_AFTER_MS ? 1 : r.failures + 1;
        const wait = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (r.failures - 1));
        this.log(`hf-trends: ${spec.name} exited (${signal ?? `exit ${code}`}); restarting in ${Math.round(wait / 1000)} s`);
        const t = setTimeout(() => {
          if (!this.stopping) this.launch(r);
          else this.checkDone();
        }, wait);
        this.onStop.push(() => clearTimeout(t));
      });
    });
  }

  private onStop: (() => void)[] = [];

  private checkDone(): void {
    if (this.stopping && [...this.children.values()].every((r) => r.child === null)) this.resolveDone();
  }

  private signalAll(sig: NodeJS.Signals): void {
    for (const r of this.children.values()) {
      const pid = r.child?.pid;
      if (!pid) continue;
      try {
        process.kill(-pid, sig); // the child's whole group: anything it started goes too
      } catch {
        try {
          process.kill(pid, sig);
        } catch {
          /* already gone */
        }
      }
    }
  }

  /** SIGTERM to every child, once: the graceful stop. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.onStop.forEach((f) => f());
    this.signalAll("SIGTERM");
    this.checkDone();
  }

  /** After stop(): SIGINT, which the scheduler takes as "exit now" (a second Ctrl-C). */
  escalate(): void {
    this.stopping = true;
    this.signalAll("SIGINT");
  }

  /** Last resort (a third signal): SIGKILL. The crawl stays resumable from its last page. */
  kill(): void {
    this.stopping = true;
    this.signalAll("SIGKILL");
  }
}
