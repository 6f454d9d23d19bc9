"use client";
/**
 * /try's playground: the sampled models on the left, the chosen one on the right (load progress,
 * the backend actually used, the input, the output, timings).
 *
 * TensorFlow.js is loaded only when a model is run, through `import()` of lib/runner/tfjs-runner
 * (which imports tfjs and its wasm backend): no other page, and not this page's first load, ships
 * it. Model files come straight from the Hub (`config.hubUrl`, told by the server at request time).
 * Every text that comes from a model's files (labels, tensor names, error messages) is rendered
 * as React text, never as HTML.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useRouter } from "next/navigation";
import type { BackendChoice, BackendState, LoadedModel, PixelScale, PredictInput, PredictResult, Progress } from "@/lib/runner/tfjs-runner";
import type { CheckResponse, ErrorClass, ResultBody, RunnableModel, RunnerConfig } from "@/lib/runner/types";
import { REPO_ID_RE } from "@/lib/runner/types";
import { SampleList } from "./SampleList";
import { ImageInput, MAX_EDITABLE, TensorEditor, sampleSource, type ImageSource } from "./InputPanel";
import { OutputView } from "./OutputView";
import { formatBytes, formatFull, formatMs, formatShape } from "@/lib/charts/format";
import { modelHref, seedOf } from "./links";
import styles from "../try.module.css";

type Runner = typeof import("@/lib/runner/tfjs-runner");

let runnerPromise: Promise<Runner> | null = null;
/** The runner module (and with it tfjs), fetched on the first run only. */
function loadRunner(): Promise<Runner> {
  return (runnerPromise ??= import("@/lib/runner/tfjs-runner"));
}

type Phase =
  | { kind: "idle" }
  | { kind: "checking"; repoId: string }
  | { kind: "not-runnable"; repoId: string; code: string; message: string }
  | { kind: "ready"; model: RunnableModel; note?: string }
  | { kind: "confirm"; model: RunnableModel; weightBytes: number }
  | { kind: "loading"; model: RunnableModel; step: string; progress: Progress | null }
  | { kind: "loaded"; model: RunnableModel }
  | { kind: "error"; model: RunnableModel; errorClass: ErrorClass; message: string }
  | { kind: "cancelled"; model: RunnableModel };

interface Timings {
  setupMs: number;
  loadMs: number;
  firstMs: number;
  warmMs: number | null;
  warmRuns: number;
}

const ERROR_TITLE: Record<ErrorClass, string> = {
  "not-tfjs": "Not a TensorFlow.js model",
  "missing-shard": "Missing weight file",
  cors: "The download was blocked",
  "http-error": "The Hub refused the download",
  timeout: "Timed out",
  "shape-mismatch": "Shape mismatch",
  unsupported: "Not supported by TensorFlow.js",
  backend: "No backend",
  "load-failed": "The model could not be loaded",
  "predict-failed": "The prediction failed",
};

const BACKEND_CHOICES: { value: BackendChoice; label: string }[] = [
  { value: "auto", label: "auto (wasm, else webgl, else cpu)" },
  { value: "wasm", label: "wasm" },
  { value: "webgl", label: "webgl" },
  { value: "cpu", label: "cpu" },
];

function urlWith(params: Record<string, string | null>): string {
  const u = new URL(window.location.href);
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === "") u.searchParams.delete(k);
    else u.searchParams.set(k, v);
  }
  return `${u.pathname}?${u.searchParams.toString()}`;
}

function newSeed(): string {
  return Math.floor(Math.random() * 36 ** 8).toString(36).padStart(8, "0");
}

async function report(body: ResultBody): Promise<boolean> {
  try {
    const r = await fetch("/api/runner/results", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), keepalive: true,
    });
    return r.status === 201;
  } catch {
    return false;
  }
}

/** useSyncExternalStore's subscribe for a value that never changes once hydrated. */
function noSubscribe(): () => void {
  return () => {};
}

function initialPhase(initialModel: RunnableModel | null, initialRepo: string | null): Phase {
  if (initialModel) return { kind: "ready", model: initialModel };
  if (!initialRepo) return { kind: "idle" };
  if (!REPO_ID_RE.test(initialRepo)) return { kind: "not-runnable", repoId: initialRepo, code: "bad-id", message: 'A model id looks like "author/name".' };
  return { kind: "checking", repoId: initialRepo };
}

/** Asks the server whether a model is runnable (it may check the Hub): the phase its answer means. */
async function phaseFromServer(repoId: string): Promise<Phase> {
  let res: CheckResponse;
  try {
    const r = await fetch(`/api/runner/check?model=${encodeURIComponent(repoId)}`);
    res = (await r.json()) as CheckResponse;
  } catch (err) {
    res = { ok: false, code: "hub-error", message: `The server could not be asked (${(err as Error).message}).` };
  }
  return res.ok ? { kind: "ready", model: res.model } : { kind: "not-runnable", repoId, code: res.code, message: res.message };
}

export function Playground({
  config, sample, seed, backend: initialBackend, initialModel, initialRepo, runnable,
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
  // A model named in the URL that the database does not know as runnable starts as "checking" (or
  // "not-runnable" for an id that cannot be one); the effect below asks the server.
  const [phase, setPhase] = useState<Phase>(() => initialPhase(initialModel, initialRepo));
  const [backendChoice, setBackendChoice] = useState<BackendChoice>(initialBackend);
  const [backendState, setBackendState] = useState<BackendState | null>(null);
  const [typed, setTyped] = useState(initialRepo ?? "");
  const [texts, setTexts] = useState<string[]>([]);
  const [inputProblem, setInputProblem] = useState<string | null>(null);
  const [image, setImage] = useState<ImageSource | null>(null);
  const [scale, setScale] = useState<PixelScale>("0..1");
  const [result, setResult] = useState<PredictResult | null>(null);
  const [timings, setTimings] = useState<Timings | null>(null);
  const [recorded, setRecorded] = useState<"yes" | "no" | null>(null);
  const [predicting, setPredicting] = useState(false);
  const loadedRef = useRef<LoadedModel | null>(null);
  // The same model as state, for rendering (a ref read during render would not re-render).
  const [loaded, setLoaded] = useState<LoadedModel | null>(null);
  const generatedRef = useRef<number[][]>([]);
  const abortRef = useRef<AbortController | null>(null);
  const panelRef = useRef<HTMLElement | null>(null);
  const selected = phase.kind === "idle" || phase.kind === "checking" || phase.kind === "not-runnable" ? null : phase.model;
  const busy = phase.kind === "loading" || phase.kind === "checking" || predicting;

  // Marks the page interactive: a click before hydration would do nothing (tests wait for it).
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);

  // Dispose the model when the page goes away.
  useEffect(() => () => {
    abortRef.current?.abort();
    loadedRef.current?.model.dispose();
  }, []);

  const select = useCallback((m: RunnableModel | null, repoId: string | null) => {
    window.history.replaceState(null, "", urlWith({ model: repoId }));
    abortRef.current?.abort();
    loadedRef.current?.model.dispose();
    loadedRef.current = null;
    setLoaded(null);
    setResult(null);
    setTimings(null);
    setRecorded(null);
    setInputProblem(null);
    setBackendState(null);
    if (m) setPhase({ kind: "ready", model: m });
  }, []);


  const check = useCallback(async (repoId: string) => {
    select(null, repoId);
    if (!REPO_ID_RE.test(repoId)) {
      setPhase({ kind: "not-runnable", repoId, code: "bad-id", message: 'A model id looks like "author/name".' });
      return;
    }
    setPhase({ kind: "checking", repoId });
    setPhase(await phaseFromServer(repoId));
  }, [select]);

  // A model named in the URL that the server did not know as runnable: ask it (it may check the Hub).
  const checkedInitial = useRef(false);
  useEffect(() => {
    if (checkedInitial.current) return;
    checkedInitial.current = true;
    if (phase.kind === "checking") void phaseFromServer(phase.repoId).then(setPhase);
  }, [phase]);

  /** The editor's values, or a message saying what is wrong with them. */
  const inputFor = (m: LoadedModel, runner: Runner): PredictInput | string => {
    if (m.image) {
      const src = image ?? sampleSource("red");
      if (!image) setImage(src);
      return { kind: "image", source: src.element, scale };
    }
    const values: number[][] = [];
    for (let k = 0; k < m.inputs.length; k++) {
      const size = runner.valuesNeeded(m.inputs[k].shape);
      if (size > MAX_EDITABLE) {
        values.push(generatedRef.current[k] ?? runner.randomValues(size, seedOf(m.repoId) + k));
        continue;
      }
      const nums = runner.parseNumbers(texts[k] ?? "");
      if (!nums) return `Input "${m.inputs[k].name}" holds something that is not a number.`;
      values.push(nums);
    }
    return { kind: "tensors", values };
  };

  const fillEditors = (m: LoadedModel, runner: Runner, mode: "random" | "zeros") => {
    const next: string[] = [];
    generatedRef.current = [];
    m.inputs.forEach((inp, k) => {
      const size = runner.valuesNeeded(inp.shape);
      const vals = mode === "zeros" ? new Array<number>(size).fill(0) : runner.randomValues(size, seedOf(m.repoId) + k);
      generatedRef.current[k] = vals;
      next.push(size <= MAX_EDITABLE ? vals.join(", ") : "");
    });
    setTexts(next);
    return next;
  };

  const run = useCallback(async (m: RunnableModel, allowLarge = false) => {
    select(m, m.repoId);
    // On a phone the panel is below the list: bring it into view.
    if (window.matchMedia("(max-width: 900px)").matches) panelRef.current?.scrollIntoView({ block: "start" });
    const abort = new AbortController();
    abortRef.current = abort;
    setPhase({ kind: "loading", model: m, step: "Loading TensorFlow.js…", progress: null });
    const t0 = performance.now();
    let runner: Runner;
    try {
      runner = await loadRunner();
    } catch (err) {
      setPhase({ kind: "error", model: m, errorClass: "backend", message: `TensorFlow.js could not be loaded: ${(err as Error).message}` });
      return;
    }
    const record = async (outcome: ResultBody["outcome"], backend: string, extra: Partial<ResultBody> = {}) => {
      const b = (["wasm", "webgl", "cpu", "webgpu"] as const).find((x) => x === backend);
      if (!b) return;
      setRecorded((await report({ model: m.repoId, backend: b, outcome, format: m.format, ...extra })) ? "yes" : "no");
    };
    // Before a backend started (tfjs itself failed to load), the run counts under the one asked for.
    const asked = backendChoice === "auto" ? "wasm" : backendChoice;
    let lastProgress = 0;
    const onProgress = (p: Progress) => {
      // At most ~10 repaints a second while bytes stream in; phase changes always show.
      const now = performance.now();
      if (p.phase === "weights" && p.loaded > 0 && p.loaded !== p.total && now - lastProgress < 100) return;
      lastProgress = now;
      setPhase({
        kind: "loading", model: m, progress: p,
        step: p.phase === "model.json" ? "Downloading model.json…" : p.phase === "weights" ? `Downloading ${p.file ?? "weights"}…` : "Building the model…",
      });
    };
    let backend = "";
    try {
      const tf = await runner.loadTf();
      setPhase({ kind: "loading", model: m, step: "Starting the backend…", progress: null });
      const bs = await runner.startBackend(tf, backendChoice);
      backend = bs.backend;
      setBackendState(bs);
      const setupMs = performance.now() - t0;
      setPhase({ kind: "loading", model: m, step: "Downloading model.json…", progress: null });
      const loaded = await runner.loadModel(tf, {
        hubUrl: config.hubUrl, model: m, maxBytes: config.maxBytes, allowLarge, timeoutMs: config.timeoutMs, signal: abort.signal, onProgress,
      });
      loadedRef.current = loaded;
      setLoaded(loaded);
      const editorTexts = loaded.image ? [] : fillEditors(loaded, runner, "random");
      setPhase({ kind: "loading", model: m, step: "First prediction…", progress: null });
      let input: PredictInput;
      if (loaded.image) {
        const src = image ?? sampleSource("red");
        setImage(src);
        input = { kind: "image", source: src.element, scale };
      } else {
        input = { kind: "tensors", values: editorTexts.map((t, k) => (t ? runner.parseNumbers(t) ?? [] : generatedRef.current[k])) };
      }
      const r = await runner.predict(tf, loaded, input);
      setResult(r);
      setTimings({ setupMs, loadMs: loaded.loadMs, firstMs: r.firstMs, warmMs: r.warmMs, warmRuns: r.warmRuns });
      setPhase({ kind: "loaded", model: m });
      await record("ok", r.backend, { loadMs: loaded.loadMs, firstMs: r.firstMs, warmMs: r.warmMs });
    } catch (err) {
      if (err instanceof runner.NeedsConfirmation) {
        setPhase({ kind: "confirm", model: m, weightBytes: err.weightBytes });
      } else if (err instanceof runner.Cancelled) {
        setPhase({ kind: "cancelled", model: m });
      } else if (err instanceof runner.RunnerError) {
        setPhase({ kind: "error", model: m, errorClass: err.errorClass, message: err.message });
        await record(err.errorClass, backend || asked);
      } else {
        const message = err instanceof Error ? err.message : String(err);
        setPhase({ kind: "error", model: m, errorClass: "load-failed", message });
        await record("load-failed", backend || asked);
      }
    } finally {
      if (abortRef.current === abort) abortRef.current = null;
    }
  }, [backendChoice, config, select, image, scale]);

  const rerun = async () => {
    const loaded = loadedRef.current;
    if (!loaded || phase.kind !== "loaded") return;
    const runner = await loadRunner();
    const tf = await runner.loadTf();
    const input = inputFor(loaded, runner);
    if (typeof input === "string") {
      setInputProblem(input);
      return;
    }
    setInputProblem(null);
    setPredicting(true);
    try {
      const r = await runner.predict(tf, loaded, input);
      setResult(r);
      setTimings((t) => (t ? { ...t, firstMs: t.firstMs, warmMs: r.warmMs, warmRuns: r.warmRuns } : t));
    } catch (err) {
      if (err instanceof runner.BadInput) setInputProblem(err.message);
      else setInputProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setPredicting(false);
    }
  };

  const changeBackend = (b: BackendChoice) => {
    setBackendChoice(b);
    window.history.replaceState(null, "", urlWith({ backend: b === "auto" ? null : b }));
    if (selected && (phase.kind === "loaded" || phase.kind === "error" || phase.kind === "cancelled")) {
      select(selected, selected.repoId);
      setPhase({ kind: "ready", model: selected, note: `Run again to use ${b === "auto" ? "the best backend" : b}.` });
    }
  };

  const editorInputs = useMemo(() => {
    if (!loaded || loaded.image) return [];
    return loaded.inputs.map((inp) => {
      const concrete = (inp.shape ?? [1]).map((d) => (d === null || d < 0 ? 1 : d));
      return { ...inp, concrete, size: concrete.reduce((a, d) => a * d, 1) };
    });
  }, [loaded]);

  const progressPct = phase.kind === "loading" && phase.progress?.total ? Math.min(100, (phase.progress.loaded / phase.progress.total) * 100) : null;

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
          {sample.length} of {formatFull(runnable)} TensorFlow.js models known to run in a browser, drawn at random across tasks and
          popularity (seed <code data-testid="seed">{seed}</code>: the link reproduces this sample). Gated models are left out.
        </p>
        <form className={styles.typed} onSubmit={(e) => {
          e.preventDefault();
          void check(typed.trim());
        }}>
          <label htmlFor="model-id" className="small muted">Or any model on the Hub</label>
          <div className={styles.typedRow}>
            <input id="model-id" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="author/name" data-testid="model-input"
              autoComplete="off" spellCheck={false} />
            <button type="submit" disabled={busy || typed.trim() === ""} data-testid="model-check">Check</button>
          </div>
        </form>
        <SampleList models={sample} selected={selected?.repoId ?? null} maxBytes={config.maxBytes} busy={busy} onRun={(m) => void run(m)} />
      </section>

      <section ref={panelRef} className={`card ${styles.right}`} aria-labelledby="model-title" data-testid="model-panel" data-phase={phase.kind}>
        <div className={`card-head ${styles.panelHead}`}>
          <h2 id="model-title" className="wrap-anywhere">
            {selected ? selected.repoId : phase.kind === "checking" || phase.kind === "not-runnable" ? phase.repoId : "Pick a model to run"}
          </h2>
          <label className="small">
            Backend{" "}
            <select value={backendChoice} onChange={(e) => changeBackend(e.target.value as BackendChoice)} disabled={busy} data-testid="backend-select">
              {BACKEND_CHOICES.map((b) => <option key={b.value} value={b.value}>{b.label}</option>)}
            </select>
          </label>
        </div>

        {backendState ? (
          <p className="small" data-testid="backend-line">
            Running on <span className={styles.badge} data-testid="backend-badge">{backendState.backend}</span>
            {backendState.failed.length ? <span className={styles.warnText}> ({backendState.failed.join(", ")} could not start here)</span> : null}
          </p>
        ) : null}

        {phase.kind === "idle" ? (
          <div className="state">
            Choose <strong>Run</strong> on a model of the sample, or type a model id. The model&apos;s files are downloaded from{" "}
            <code>{config.hubUrl}</code> into this page and run here, with TensorFlow.js; models above {formatBytes(config.maxBytes)} ask first.
          </div>
        ) : null}

        {phase.kind === "checking" ? <div className="state" role="status">Checking {phase.repoId}…</div> : null}

        {phase.kind === "not-runnable" ? (
          <div className={`state error ${styles.errorBox}`} role="alert" data-testid="not-runnable" data-code={phase.code}>{phase.message}</div>
        ) : null}

        {selected ? (
          <dl className={`kv ${styles.facts}`} data-testid="model-facts">
            <dt>Task</dt><dd>{selected.task ?? "none given"}</dd>
            <dt>Format</dt><dd>{selected.format === "graph-model" ? "GraphModel" : selected.format === "layers-model" ? "LayersModel" : "unknown"}, {selected.shards} weight file{selected.shards === 1 ? "" : "s"}</dd>
            <dt>Weights</dt><dd data-testid="model-size">{formatBytes(selected.weightBytes)}</dd>
            <dt>Inputs</dt><dd>{selected.inputs ? selected.inputs.map((i) => `${i.name} ${formatShape(i.shape)}`).join("; ") : "known after loading"}</dd>
            <dt>Downloads</dt><dd>{formatFull(selected.downloads30d)} in 30 days · <a href={modelHref(selected.repoId)}>model page</a></dd>
          </dl>
        ) : null}

        {phase.kind === "ready" ? (
          <div className={styles.buttons}>
            <button type="button" className={styles.primary} onClick={() => void run(phase.model)} data-testid="panel-run">Load and run</button>
            {phase.model.weightBytes !== null && phase.model.weightBytes > config.maxBytes ? (
              <span className={`small ${styles.warnText}`}>Above the {formatBytes(config.maxBytes)} limit: you will be asked first.</span>
            ) : null}
            {phase.note ? <span className="small muted">{phase.note}</span> : null}
          </div>
        ) : null}

        {phase.kind === "confirm" ? (
          <div className={styles.confirm} role="alertdialog" aria-labelledby="confirm-title" data-testid="confirm-large">
            <p id="confirm-title">
              This model&apos;s weights are <strong>{formatBytes(phase.weightBytes)}</strong>, more than the {formatBytes(config.maxBytes)} this
              server allows without asking. Download them into this page?
            </p>
            <div className={styles.buttons}>
              <button type="button" className={styles.primary} onClick={() => void run(phase.model, true)} data-testid="confirm-download">
                Download {formatBytes(phase.weightBytes)}
              </button>
              <button type="button" onClick={() => setPhase({ kind: "ready", model: phase.model })} data-testid="confirm-cancel">Not now</button>
            </div>
          </div>
        ) : null}

        {phase.kind === "loading" ? (
          <div className={styles.loading} role="status" data-testid="loading">
            <div className={styles.progress} aria-hidden={progressPct === null}>
              <progress max={100} value={progressPct ?? undefined} data-testid="progress" />
            </div>
            <p className="small">
              {phase.step}
              {phase.progress?.phase === "weights" ? ` ${formatBytes(phase.progress.loaded)}${phase.progress.total ? ` of ${formatBytes(phase.progress.total)}` : ""}` : ""}
            </p>
            <button type="button" onClick={() => abortRef.current?.abort()} data-testid="cancel">Cancel</button>
          </div>
        ) : null}

        {phase.kind === "cancelled" ? (
          <div className="state" data-testid="cancelled">
            Cancelled. <button type="button" onClick={() => void run(phase.model)}>Run again</button>
          </div>
        ) : null}

        {phase.kind === "error" ? (
          <div className={`state error ${styles.errorBox}`} role="alert" data-testid="run-error" data-error-class={phase.errorClass}>
            <strong>{ERROR_TITLE[phase.errorClass]}.</strong> {phase.message}
            <div className={styles.buttons}>
              <button type="button" onClick={() => void run(phase.model)}>Try again</button>
            </div>
          </div>
        ) : null}

        {phase.kind === "loaded" && loaded ? (
          <>
            <h3 className={styles.sub}>Input</h3>
            {loaded.image ? (
              <ImageInput source={image} scale={scale} size={loaded.image} onSource={setImage} onScale={setScale} disabled={predicting} />
            ) : (
              <TensorEditor
                inputs={editorInputs}
                texts={texts}
                onText={(k, t) => setTexts((xs) => xs.map((x, j) => (j === k ? t : x)))}
                onRandom={() => void loadRunner().then((r) => fillEditors(loaded, r, "random"))}
                onZeros={() => void loadRunner().then((r) => fillEditors(loaded, r, "zeros"))}
                disabled={predicting}
              />
            )}
            {inputProblem ? <p className={styles.inlineError} role="alert" data-testid="input-problem">{inputProblem}</p> : null}
            <div className={styles.buttons}>
              <button type="button" className={styles.primary} onClick={() => void rerun()} disabled={predicting} data-testid="predict">
                {predicting ? "Running…" : "Run again"}
              </button>
            </div>
            <h3 className={styles.sub}>Output</h3>
            {result ? <OutputView outputs={result.outputs} /> : null}
            {timings ? (
              <dl className={`kv ${styles.timings}`} data-testid="timings">
                <dt>TensorFlow.js and backend start</dt><dd className="num" data-testid="t-setup">{formatMs(timings.setupMs)}</dd>
                <dt>Load (download + build, {formatBytes(loaded.weightBytes)})</dt><dd className="num" data-testid="t-load">{formatMs(timings.loadMs)}</dd>
                <dt>First inference</dt><dd className="num" data-testid="t-first">{formatMs(timings.firstMs)}</dd>
                <dt>Warm inference (mean of {timings.warmRuns})</dt><dd className="num" data-testid="t-warm">{formatMs(timings.warmMs)}</dd>
              </dl>
            ) : null}
            {loaded.labels ? <p className="small muted">Class names from the repo&apos;s {selected?.labelsPath}.</p> : null}
          </>
        ) : null}

        {recorded ? (
          <p className="small muted" data-testid="recorded" data-recorded={recorded}>
            {recorded === "yes"
              ? "This run's outcome (model, backend, success or error class, timings) was recorded anonymously for the success-rate table."
              : "This run's outcome could not be recorded (the server refused or could not be reached)."}
          </p>
        ) : null}
      </section>
    </div>
  );
}
