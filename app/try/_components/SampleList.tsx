"use client";
/** The sampled models: task, size, downloads, format and a Run button each. */
import Link from "next/link";
import type { RunnableModel } from "@/lib/runner/types";
import { formatBytes, formatFull } from "@/lib/charts/format";
import { modelHref } from "./links";
import styles from "../try.module.css";

const FORMAT_LABEL: Record<string, string> = { "layers-model": "Layers", "graph-model": "Graph", unknown: "?" };

export function SampleList({
  models, selected, maxBytes, busy, onRun,
}: {
  models: RunnableModel[];
  selected: string | null;
  maxBytes: number;
  busy: boolean;
  onRun: (m: RunnableModel) => void;
}) {
  if (models.length === 0) {
    return (
      <div className="state" data-testid="sample-empty">
        No runnable TensorFlow.js model is known yet. They are found by the files pass after a crawl
        (<code>npm run crawl:files</code>); meanwhile, type a model id above.
      </div>
    );
  }
  return (
    <ul className={styles.list} data-testid="sample-list">
      {models.map((m) => {
        const large = m.weightBytes !== null && m.weightBytes > maxBytes;
        return (
          <li key={m.repoId} className={styles.row} data-testid="sample-row" data-repo={m.repoId} aria-current={selected === m.repoId ? "true" : undefined}>
            <div className={styles.rowMain}>
              <Link href={modelHref(m.repoId)} className={`${styles.repo} wrap-anywhere`} prefetch={false}>{m.repoId}</Link>
              <div className={styles.meta}>
                <span className="tag">{m.task ?? "no task"}</span>
                <span className={large ? styles.large : undefined} data-testid="sample-size" title={large ? `Above the ${formatBytes(maxBytes)} limit: asks before downloading` : "Weight bytes to download"}>
                  {formatBytes(m.weightBytes)}{large ? " (asks first)" : ""}
                </span>
                <span className="num" title="Downloads in the last 30 days">{formatFull(m.downloads30d)} dl</span>
                <span className="muted" title={m.format}>{FORMAT_LABEL[m.format] ?? m.format}</span>
              </div>
            </div>
            <button type="button" className={styles.runButton} data-testid="sample-run" disabled={busy} onClick={() => onRun(m)} aria-label={`Run ${m.repoId}`}>
              Run
            </button>
          </li>
        );
      })}
    </ul>
  );
}
