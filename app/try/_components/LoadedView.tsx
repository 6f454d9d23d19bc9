"use client";
/** A loaded model: the input that fits it (picture, text or tensors), Run again, the output read for its task, the timings. */
import type { LoadedModel } from "@/lib/runner/runtime";
import type { Action, PlaygroundState } from "./state";
import { ImageInput, TensorEditor } from "./InputPanel";
import { OutputView } from "./OutputView";
import { TextInput } from "./TextInput";
import { formatBytes, formatMs } from "@/lib/charts/format";
import styles from "../try.module.css";

export function LoadedView({
  loaded, state, dispatch, onRerun, onFill, labelsPath, setupLabel,
}: {
  loaded: LoadedModel;
  state: PlaygroundState;
  dispatch: (a: Action) => void;
  onRerun: () => void;
  onFill: (mode: "random" | "zeros") => void;
  labelsPath: string | null;
  setupLabel: string;
}) {
  const { predicting, result, timings } = state;
  const editorInputs = loaded.inputs.map((inp) => {
    const concrete = (inp.shape ?? [1]).map((d) => (d === null || d < 0 ? 1 : d));
    return { ...inp, concrete, size: concrete.reduce((a, d) => a * d, 1) };
  });
  return (
    <>
      <h3 className={styles.sub}>Input</h3>
      {loaded.image ? (
        <ImageInput source={state.image} scale={state.scale} size={loaded.image} disabled={predicting}
          onSource={(source) => dispatch({ type: "image", source })} onScale={(scale) => dispatch({ type: "scale", scale })} />
      ) : loaded.text ? (
        <TextInput texts={state.sentences} pair={loaded.text.pair} disabled={predicting} onText={(k, text) => dispatch({ type: "sentence", k, text })} />
      ) : (
        <TensorEditor inputs={editorInputs} texts={state.texts} disabled={predicting}
          onText={(k, text) => dispatch({ type: "text", k, text })} onRandom={() => onFill("random")} onZeros={() => onFill("zeros")} />
      )}
      {state.inputProblem ? <p className={styles.inlineError} role="alert" data-testid="input-problem">{state.inputProblem}</p> : null}
      <div className={styles.buttons}>
        <button type="button" className={styles.primary} onClick={onRerun} disabled={predicting} data-testid="predict">
          {predicting ? "Running…" : "Run again"}
        </button>
      </div>
      <h3 className={styles.sub}>Output</h3>
      {result ? <OutputView result={result} /> : null}
      {timings ? (
        <dl className={`kv ${styles.timings}`} data-testid="timings">
          <dt>{setupLabel}</dt><dd className="num" data-testid="t-setup">{formatMs(timings.setupMs)}</dd>
          <dt>Load (download + build, {formatBytes(loaded.weightBytes)})</dt><dd className="num" data-testid="t-load">{formatMs(timings.loadMs)}</dd>
          <dt>First inference</dt><dd className="num" data-testid="t-first">{formatMs(timings.firstMs)}</dd>
          <dt>Warm inference (mean of {timings.warmRuns})</dt><dd className="num" data-testid="t-warm">{formatMs(timings.warmMs)}</dd>
        </dl>
      ) : null}
      {loaded.labels ? <p className="small muted">Class names from the repo&apos;s {labelsPath}.</p> : null}
    </>
  );
}
