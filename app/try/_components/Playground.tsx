"use client";
/**
 * /try's playground: the sampled models on the left, the chosen one on the right (load progress,
 * the backend actually used, the input that fits the model, the output, timings). The behaviour
 * lives in usePlayground (a reducer, state.ts, plus the async work); this file lays it out.
 *
 * The runtimes (TensorFlow.js, ONNX Runtime Web) are loaded only when a model is run, through
 * import() (runtimes.ts): no other page, and not this page's first load, ships either. Model files
 * come straight from the Hub (`config.hubUrl`, told by the server at request time). Every text
 * that comes from a model's files (labels, tensor names, tokens, error messages) is rendered as
 * React text, never as HTML.
 */
import { useRef, useSyncExternalStore } from "react";
import { useRouter } from "next/navigation";
import type { BackendChoice, RunnableModel, RunnerConfig } from "@/lib/runner/types";
import { SampleList } from "./SampleList";
import { ModelFacts } from "./ModelFacts";
import { RunStatus } from "./RunStatus";
import { LoadedView } from "./LoadedView";
import { runtimeTitle } from "./runtimes";
import { selectedModel } from "./state";
import { urlWith, usePlayground } from "./usePlayground";
import { formatBytes, formatFull } from "@/lib/charts/format";
import styles from "../try.module.css";

const BACKEND_CHOICES: { value: BackendChoice; label: string }[] = [
  { value: "auto", label: "auto (wasm, else webgl, else cpu)" },
  { value: "wasm", label: "wasm" },
  { value: "webgl", label: "webgl" },
  { value: "cpu", label: "cpu" },
];

/** useSyncExternalStore's subscribe for a value that never changes once hydrated. */
function noSubscribe(): () => void {
  return () => {};
}

function newSeed(): string {
  return Math.floor(Math.random() * 36 ** 8).toString(36).padStart(8, "0");
}

export function Playground({
  config, sample, seed, backend, initialModel, initialRepo, runnable,
}: {
  config: RunnerConfig;
  sample: RunnableModel[];
  seed: string;
  backend: BackendChoice;
  /** The model named in the URL, when the database knows it as runnable. */
  initialModel: RunnableModel | null;
  /** The model id in the URL (checked with the server when initialModel is null). */
  initialRepo: string | null;
  /** How many runnable models the database knows. */
  runnable: number;
}) {
  const router = useRouter();
  const pg = usePlayground({ config, backend, initialModel, initialRepo });
  const { state, dispatch } = pg;
  const { phase } = state;
  const panelRef = useRef<HTMLElement | null>(null);
  const selected = selectedModel(phase);
  const busy = phase.kind === "loading" || phase.kind === "checking" || state.predicting;
  const run = (m: RunnableModel, allowLarge = false) => void pg.run(m, allowLarge, panelRef.current);

  // Marks the page interactive: a click before hydration would do nothing (tests wait for it).
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);

  return (
    <div className={styles.playground} data-hydrated={hydrated ? "true" : undefined}>
      <section className={`card ${styles.left}`} aria-labelledby="sample-title">
        <div className={`card-head ${styles.panelHead}`}>
          <h2 id="sample-title">A sample of runnable models</h2>
          <button type="button" data-testid="redraw" onClick={() => router.push(urlWith({ seed: newSeed() }), { scroll: false })}>
            Draw another sample
          </button>
        </div>
        <p className="caption">
          {sample.length} of {formatFull(runnable)} models known to run in a browser (TensorFlow.js and ONNX), drawn at random across
          runtimes, tasks and popularity (seed <code data-testid="seed">{seed}</code>: the link reproduces this sample). Gated models are left out.
        </p>
        <form className={styles.typed} onSubmit={(e) => {
          e.preventDefault();
          void pg.check(state.typed.trim());
        }}>
          <label htmlFor="model-id" className="small muted">Or any model on the Hub</label>
          <div className={styles.typedRow}>
            <input id="model-id" value={state.typed} onChange={(e) => dispatch({ type: "typed", text: e.target.value })} placeholder="author/name"
              data-testid="model-input" autoComplete="off" spellCheck={false} />
            <button type="submit" disabled={busy || state.typed.trim() === ""} data-testid="model-check">Check</button>
          </div>
        </form>
        <SampleList models={sample} selected={selected?.repoId ?? null} maxBytes={config.maxBytes} busy={busy} onRun={(m) => run(m)} />
      </section>

      <section ref={panelRef} className={`card ${styles.right}`} aria-labelledby="model-title" data-testid="model-panel" data-phase={phase.kind}>
        <div className={`card-head ${styles.panelHead}`}>
          <h2 id="model-title" className="wrap-anywhere">
            {selected ? selected.repoId : phase.kind === "checking" || phase.kind === "not-runnable" ? phase.repoId : "Pick a model to run"}
          </h2>
          <label className="small">
            Backend{" "}
            <select value={state.backendChoice} onChange={(e) => pg.changeBackend(e.target.value as BackendChoice)} disabled={busy} data-testid="backend-select">
              {BACKEND_CHOICES.map((b) => <option key={b.value} value={b.value}>{b.label}</option>)}
            </select>
          </label>
        </div>

        {state.backendState ? (
          <p className="small" data-testid="backend-line">
            Running on <span className={styles.badge} data-testid="backend-badge">{state.backendState.backend}</span>
            {selected ? <span className="muted"> with {runtimeTitle(selected.runtime)}</span> : null}
            {state.backendState.failed.length ? <span className={styles.warnText}> ({state.backendState.failed.join(", ")} could not start here)</span> : null}
          </p>
        ) : null}

        {phase.kind === "idle" ? (
          <div className="state">
            Choose <strong>Run</strong> on a model of the sample, or type a model id. The model&apos;s files are downloaded from{" "}
            <code>{config.hubUrl}</code> into this page and run here, with TensorFlow.js or ONNX Runtime; models above {formatBytes(config.maxBytes)} ask first.
          </div>
        ) : null}

        {phase.kind === "checking" ? <div className="state" role="status">Checking {phase.repoId}…</div> : null}

        {phase.kind === "not-runnable" ? (
          <div className={`state error ${styles.errorBox}`} role="alert" data-testid="not-runnable" data-code={phase.code}>{phase.message}</div>
        ) : null}

        {selected ? <ModelFacts model={selected} /> : null}

        <RunStatus phase={phase} maxBytes={config.maxBytes} onRun={run} onCancel={pg.cancel}
          onDecline={(m) => dispatch({ type: "phase", phase: { kind: "ready", model: m } })} />

        {phase.kind === "loaded" && state.loaded ? (
          <LoadedView loaded={state.loaded} state={state} dispatch={dispatch} onRerun={() => void pg.rerun()} onFill={pg.fill}
            labelsPath={selected?.labelsPath ?? null} setupLabel={`${runtimeTitle(state.loaded.runtime)} and backend start`} />
        ) : null}

        {state.recorded ? (
          <p className="small muted" data-testid="recorded" data-recorded={state.recorded}>
            {state.recorded === "yes"
              ? "This run's outcome (model, runtime, backend, success or error class, timings) was recorded anonymously for the success-rate table."
              : "This run's outcome could not be recorded (the server refused or could not be reached)."}
          </p>
        ) : null}
      </section>
    </div>
  );
}
