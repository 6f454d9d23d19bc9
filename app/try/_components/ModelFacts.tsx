"use client";
/** The chosen model's facts: runtime and format, task, what it takes, weight size, downloads. */
import type { RunnableModel } from "@/lib/runner/types";
import { formatBytes, formatFull, formatShape } from "@/lib/charts/format";
import { modelHref } from "./links";
import styles from "../try.module.css";

const FORMAT: Record<string, string> = { "graph-model": "GraphModel", "layers-model": "LayersModel", onnx: "ONNX graph", unknown: "unknown" };
const INPUT_KIND: Record<string, string> = { image: "a picture", text: "text (the repo's tokenizer)", tensor: "numbers (tensor editor)" };

export function ModelFacts({ model }: { model: RunnableModel }) {
  const files = model.runtime === "onnx" ? model.modelJsonPath : `${model.shards} weight file${model.shards === 1 ? "" : "s"}`;
  return (
    <dl className={`kv ${styles.facts}`} data-testid="model-facts" data-runtime={model.runtime} data-input-kind={model.inputKind ?? ""}>
      <dt>Task</dt><dd>{model.task ?? "none given"}</dd>
      <dt>Runtime</dt><dd data-testid="model-runtime">{model.runtime === "onnx" ? "ONNX Runtime Web" : "TensorFlow.js"}</dd>
      <dt>Format</dt><dd>{FORMAT[model.format] ?? model.format}, {files}</dd>
      <dt>Weights</dt><dd data-testid="model-size">{formatBytes(model.weightBytes)}</dd>
      <dt>Takes</dt><dd>{model.inputKind ? INPUT_KIND[model.inputKind] : "known after loading"}</dd>
      <dt>Inputs</dt><dd>{model.inputs ? model.inputs.map((i) => `${i.name} ${formatShape(i.shape)}`).join("; ") : "known after loading"}</dd>
      <dt>Downloads</dt><dd>{formatFull(model.downloads30d)} in 30 days · <a href={modelHref(model.repoId)}>model page</a></dd>
    </dl>
  );
}
