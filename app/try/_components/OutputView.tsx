"use client";
/**
 * What the model returned, read for its task: top classes as bars (with the repo's labels when it
 * has them) for classifiers, dimension and norm for embeddings, the cosine similarity of two
 * sentences, and always the shapes and values. A regression's values are never called classes.
 */
import type { PredictResult } from "@/lib/runner/runtime";
import { formatShape, formatValue, formatFull } from "@/lib/charts/format";
import styles from "../try.module.css";

export function OutputView({ result }: { result: PredictResult }) {
  const { outputs } = result;
  return (
    <div className={styles.outputs} data-testid="outputs">
      {result.similarity !== undefined && result.similarity !== null ? (
        <p data-testid="similarity" data-value={result.similarity}>
          Cosine similarity of the two sentences: <strong className="num">{result.similarity.toFixed(4)}</strong>
        </p>
      ) : null}
      {result.tokens ? (
        <p className="small muted" data-testid="tokens" data-tokens={JSON.stringify(result.tokens)}>
          Tokens: {result.tokens.map((t) => t.join(" · ")).join(" | ")}
        </p>
      ) : null}
      {outputs.map((o, k) => {
        const max = o.top ? Math.max(...o.top.map((t) => Math.abs(t.value)), 1e-12) : 1;
        const probabilities = o.top !== null && o.values.length === o.size && o.values.every((v) => v >= 0 && v <= 1) && Math.abs(o.values.reduce((a, b) => a + b, 0) - 1) < 1e-3;
        return (
          <div key={o.name + k} className={styles.output} data-testid="output" data-name={o.name}>
            <div className="small">
              <strong className="wrap-anywhere">{o.name}</strong> <span className="muted">shape {formatShape(o.shape)}, {formatFull(o.size)} values</span>
            </div>
            {o.embedding ? (
              <p className="small" data-testid="embedding" data-dim={o.embedding.dim} data-norm={o.embedding.norm}>
                An embedding of dimension <strong>{o.embedding.dim}</strong>, norm <strong className="num">{formatValue(o.embedding.norm)}</strong>
              </p>
            ) : null}
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
