"use client";
/** What the model returned: top classes as bars (with the repo's labels when it has them), shapes and values. */
import type { OutputSummary } from "@/lib/runner/tfjs-runner";
import { formatShape, formatValue, formatFull } from "@/lib/charts/format";
import styles from "../try.module.css";

export function OutputView({ outputs }: { outputs: OutputSummary[] }) {
  return (
    <div className={styles.outputs} data-testid="outputs">
      {outputs.map((o, k) => {
        const max = o.top ? Math.max(...o.top.map((t) => Math.abs(t.value)), 1e-12) : 1;
        const probabilities = o.top !== null && o.values.length === o.size && o.values.every((v) => v >= 0 && v <= 1) && Math.abs(o.values.reduce((a, b) => a + b, 0) - 1) < 1e-3;
        return (
          <div key={o.name + k} className={styles.output} data-testid="output" data-name={o.name}>
            <div className="small">
              <strong className="wrap-anywhere">{o.name}</strong> <span className="muted">shape {formatShape(o.shape)}, {formatFull(o.size)} values</span>
            </div>
            {o.top ? (
              <ol className={styles.top} data-testid="top-k" aria-label={`Top ${o.top.length} of ${o.name}`}>
                {o.top.map((t) => (
                  <li key={t.index} data-testid="top-row" data-index={t.index} data-label={t.label ?? ""} data-value={t.value}>
                    <span className={`${styles.topLabel} wrap-anywhere`}>{t.label ?? `class ${t.index}`}</span>
                    <span className={styles.bar} aria-hidden="true">
                      <span style={{ width: `${Math.max(1, (Math.abs(t.value) / max) * 100)}%` }} />
                    </span>
                    <span className="num">{probabilities ? `${(t.value * 100).toFixed(2)}%` : formatValue(t.value)}</span>
                  </li>
                ))}
              </ol>
            ) : null}
            <details open={!o.top}>
              <summary className="small">Values{o.size > o.values.length ? ` (first ${o.values.length} of ${formatFull(o.size)})` : ""}</summary>
              <code className={styles.values} data-testid="output-values" data-values={JSON.stringify(o.values)}>
                {o.values.map(formatValue).join(", ")}{o.size > o.values.length ? ", …" : ""}
              </code>
            </details>
          </div>
        );
      })}
    </div>
  );
}
