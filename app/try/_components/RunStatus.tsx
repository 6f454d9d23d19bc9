"use client";
/** The run's states other than "loaded": the size question, loading with progress and Cancel, cancelled, the error. */
import type { ErrorClass, RunnableModel } from "@/lib/runner/types";
import type { Phase } from "./state";
import { formatBytes } from "@/lib/charts/format";
import styles from "../try.module.css";

const ERROR_TITLE: Record<ErrorClass, string> = {
  "not-tfjs": "Not a model this runtime reads",
  "missing-shard": "Missing weight file",
  cors: "The download was blocked",
  "http-error": "The Hub refused the download",
  timeout: "Timed out",
  "shape-mismatch": "Shape mismatch",
  unsupported: "Not supported by the runtime",
  backend: "No backend",
  "load-failed": "The model could not be loaded",
  "predict-failed": "The prediction failed",
};

export function RunStatus({
  phase, maxBytes, onRun, onDecline, onCancel,
}: {
  phase: Phase;
  maxBytes: number;
  onRun: (m: RunnableModel, allowLarge?: boolean) => void;
  onDecline: (m: RunnableModel) => void;
  onCancel: () => void;
}) {
  if (phase.kind === "ready") {
    return (
      <div className={styles.buttons}>
        <button type="button" className={styles.primary} onClick={() => onRun(phase.model)} data-testid="panel-run">Load and run</button>
        {phase.model.weightBytes !== null && phase.model.weightBytes > maxBytes ? (
          <span className={`small ${styles.warnText}`}>Above the {formatBytes(maxBytes)} limit: you will be asked first.</span>
        ) : null}
        {phase.note ? <span className="small muted">{phase.note}</span> : null}
      </div>
    );
  }
  if (phase.kind === "confirm") {
    return (
      <div className={styles.confirm} role="alertdialog" aria-labelledby="confirm-title" data-testid="confirm-large">
        <p id="confirm-title">
          This model&apos;s weights are <strong>{formatBytes(phase.weightBytes)}</strong>, more than the {formatBytes(maxBytes)} this
          server allows without asking. Download them into this page?
        </p>
        <div className={styles.buttons}>
          <button type="button" className={styles.primary} onClick={() => onRun(phase.model, true)} data-testid="confirm-download">
            Download {formatBytes(phase.weightBytes)}
          </button>
          <button type="button" onClick={() => onDecline(phase.model)} data-testid="confirm-cancel">Not now</button>
        </div>
      </div>
    );
  }
  if (phase.kind === "loading") {
    const pct = phase.progress?.total ? Math.min(100, (phase.progress.loaded / phase.progress.total) * 100) : null;
    return (
      <div className={styles.loading} role="status" data-testid="loading">
        <div className={styles.progress} aria-hidden={pct === null}>
          <progress max={100} value={pct ?? undefined} data-testid="progress" />
        </div>
        <p className="small">
          {phase.step}
          {phase.progress?.phase === "weights" ? ` ${formatBytes(phase.progress.loaded)}${phase.progress.total ? ` of ${formatBytes(phase.progress.total)}` : ""}` : ""}
        </p>
        <button type="button" onClick={onCancel} data-testid="cancel">Cancel</button>
      </div>
    );
  }
  if (phase.kind === "cancelled") {
    return (
      <div className="state" data-testid="cancelled">
        Cancelled. <button type="button" onClick={() => onRun(phase.model)}>Run again</button>
      </div>
    );
  }
  if (phase.kind === "error") {
    return (
      <div className={`state error ${styles.errorBox}`} role="alert" data-testid="run-error" data-error-class={phase.errorClass}>
        <strong>{ERROR_TITLE[phase.errorClass]}.</strong> {phase.message}
        <div className={styles.buttons}>
          <button type="button" onClick={() => onRun(phase.model)}>Try again</button>
        </div>
      </div>
    );
  }
  return null;
}
