"use client";
/**
 * The model's input: for an image model, a picture (drawn samples, an upload, or a file dropped on
 * the zone) and how its pixels are scaled; for any other model, one editor per input tensor with
 * the shape from the model's signature, random or zero values, or typed numbers.
 */
import { useEffect, useRef, useState } from "react";
import type { PixelScale, TensorInfo } from "@/lib/runner/tfjs-runner";
import { SAMPLE_IMAGES, renderSample } from "./sample-images";
import { formatShape, formatFull } from "@/lib/charts/format";
import styles from "../try.module.css";

/** Editors hold at most this many values as text; larger inputs use generated values. */
export const MAX_EDITABLE = 4_096;

export type ImageSource = { id: string; label: string; element: HTMLCanvasElement | HTMLImageElement; preview: string };

export function sampleSource(id: string): ImageSource {
  const img = SAMPLE_IMAGES.find((s) => s.id === id) ?? SAMPLE_IMAGES[0];
  const element = renderSample(img);
  return { id: img.id, label: img.label, element, preview: element.toDataURL("image/png") };
}

export function ImageInput({
  source, scale, size, onSource, onScale, disabled,
}: {
  source: ImageSource | null;
  scale: PixelScale;
  size: { height: number; width: number; channels: number };
  onSource: (s: ImageSource) => void;
  onScale: (s: PixelScale) => void;
  disabled: boolean;
}) {
  const [dragging, setDragging] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const urlRef = useRef<string | null>(null);
  useEffect(() => () => {
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
  }, []);

  const fromFile = async (file: File | undefined) => {
    if (!file) return;
    if (!file.type.startsWith("image/")) {
      setProblem(`${file.name} is not an image.`);
      return;
    }
    setProblem(null);
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    const url = URL.createObjectURL(file);
    urlRef.current = url;
    const img = new Image();
    img.src = url;
    try {
      await img.decode();
    } catch {
      setProblem(`${file.name} could not be read as an image.`);
      return;
    }
    onSource({ id: "upload", label: file.name, element: img, preview: url });
  };

  return (
    <div className={styles.inputBox} data-testid="image-input">
      <p className="small muted">
        The picture is resized to {size.width} x {size.height} pixels ({size.channels === 1 ? "grey" : size.channels === 4 ? "RGBA" : "RGB"}) and
        scaled as chosen below. It stays in your browser.
      </p>
      <div className={styles.samples} role="group" aria-label="Sample pictures">
        {SAMPLE_IMAGES.map((s) => (
          <button key={s.id} type="button" className={styles.sampleButton} aria-pressed={source?.id === s.id} disabled={disabled}
            data-testid={`sample-image-${s.id}`} onClick={() => onSource(sampleSource(s.id))}>
            {s.label}
          </button>
        ))}
      </div>
      <label
        className={`${styles.drop} ${dragging ? styles.dropActive : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void fromFile(e.dataTransfer.files[0]);
        }}
      >
        {source ? (
          // eslint-disable-next-line @next/next/no-img-element -- a local preview (a data: or blob: URL), not a remote image: next/image adds nothing here
          <img src={source.preview} alt={`Input: ${source.label}`} className={styles.preview} data-testid="image-preview" />
        ) : null}
        <span>
          Drop an image here or <span className={styles.linkish}>choose a file</span>
          {source ? <span className="muted"> · using {source.label}</span> : null}
        </span>
        <input type="file" accept="image/*" className={styles.fileInput} data-testid="image-file" disabled={disabled}
          onChange={(e) => void fromFile(e.target.files?.[0])} />
      </label>
      {problem ? <p className={styles.inlineError} role="alert">{problem}</p> : null}
      <label className="small">
        Pixel values{" "}
        <select value={scale} onChange={(e) => onScale(e.target.value as PixelScale)} disabled={disabled} data-testid="pixel-scale">
          <option value="0..1">0 to 1 (most Keras models)</option>
          <option value="-1..1">-1 to 1 (MobileNet, Teachable Machine)</option>
          <option value="0..255">0 to 255 (raw)</option>
        </select>
      </label>
    </div>
  );
}

export function TensorEditor({
  inputs, texts, onText, onRandom, onZeros, disabled,
}: {
  inputs: (TensorInfo & { concrete: number[]; size: number })[];
  texts: string[];
  onText: (k: number, text: string) => void;
  onRandom: () => void;
  onZeros: () => void;
  disabled: boolean;
}) {
  return (
    <div className={styles.inputBox} data-testid="tensor-editor">
      {inputs.map((inp, k) => (
        <div key={inp.name + k} className={styles.tensor}>
          <label htmlFor={`tensor-${k}`} className="small">
            <strong className="wrap-anywhere">{inp.name}</strong> <span className="muted">{inp.dtype}, shape {formatShape(inp.shape)} → {formatShape(inp.concrete)}, {formatFull(inp.size)} values</span>
          </label>
          {inp.size <= MAX_EDITABLE ? (
            <textarea id={`tensor-${k}`} className={styles.editor} value={texts[k] ?? ""} spellCheck={false} disabled={disabled}
              data-testid="tensor-text" rows={Math.min(6, Math.max(2, Math.ceil(inp.size / 12)))}
              onChange={(e) => onText(k, e.target.value)} />
          ) : (
            <p className="small muted" data-testid="tensor-generated">Too many values to type: random values are used (Random / Zeros below).</p>
          )}
        </div>
      ))}
      <div className={styles.buttons}>
        <button type="button" onClick={onRandom} disabled={disabled} data-testid="tensor-random">Random</button>
        <button type="button" onClick={onZeros} disabled={disabled} data-testid="tensor-zeros">Zeros</button>
      </div>
    </div>
  );
}
