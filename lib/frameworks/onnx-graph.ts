/**
 * ONNX models as the runner sees them (docs/runner.md "ONNX"): which .onnx file of a repo to run,
 * which side files matter (tokenizer, image processor, config), what the model takes (image, text
 * or tensors), and the graph's own signature read from the protobuf without any ONNX library.
 * Pure: shared by the crawler's ONNX files pass, the server's check and the browser runner.
 *
 * Reading the signature: a ModelProto's graph (field 7) lists its initializers (the weights, field
 * 5) before its inputs (11) and outputs (12), so the whole file must be at hand; the parser skips
 * over each weight without copying it. Inputs that are also initializers (old exporters list
 * them) are not inputs a visitor fills.
 */
import type { InputSpec } from "./model-json";

export type OnnxInputKind = "image" | "text" | "tensor";

export interface OnnxSignature {
  inputs: InputSpec[];
  outputs: InputSpec[];
}

/** TensorProto.DataType -> the dtype names the runner shows. */
const ELEM_TYPES: Record<number, string> = {
  1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64", 8: "string", 9: "bool", 10: "float16",
  11: "float64", 12: "uint32", 13: "uint64", 16: "bfloat16",
};

class Reader {
  pos: number;
  constructor(readonly b: Uint8Array, start = 0, readonly end = b.length) {
    this.pos = start;
  }
  done(): boolean {
    return this.pos >= this.end;
  }
  varint(): number {
    let v = 0;
    let mul = 1;
    for (let k = 0; k < 10; k++) {
      if (this.pos >= this.end) throw new Error("truncated varint");
      const byte = this.b[this.pos++];
      v += (byte & 0x7f) * mul;
      if (byte < 0x80) return v;
      mul *= 128;
    }
    throw new Error("varint too long");
  }
  /** The next field's number and wire type, and for length-delimited fields a sub-reader. */
  field(): { no: number; wire: number; sub?: Reader; value?: number } {
    const key = this.varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) return { no, wire, value: this.varint() };
    if (wire === 1) return this.skip(no, wire, 8);
    if (wire === 5) return this.skip(no, wire, 4);
    if (wire === 2) {
      const len = this.varint();
      if (this.pos + len > this.end) throw new Error("truncated field");
      const sub = new Reader(this.b, this.pos, this.pos + len);
      this.pos += len;
      return { no, wire, sub };
    }
    throw new Error(`unsupported wire type ${wire}`);
  }
  private skip(no: number, wire: number, n: number) {
    if (this.pos + n > this.end) throw new Error("truncated field");
    this.pos += n;
    return { no, wire };
  }
  text(): string {
    return new TextDecoder().decode(this.b.subarray(this.pos, this.end));
  }
}

function valueInfo(r: Reader): InputSpec {
  let name = "";
  let dtype = "unknown";
  let shape: (number | null)[] | null = null;
  while (!r.done()) {
    const f = r.field();
    if (f.no === 1 && f.sub) name = f.sub.text();
    else if (f.no === 2 && f.sub) {
      // TypeProto.tensor_type (1): elem_type (1), shape (2) of dims (1): dim_value (1) | dim_param (2)
      const t = f.sub;
      while (!t.done()) {
        const tf = t.field();
        if (tf.no !== 1 || !tf.sub) continue;
        const tt = tf.sub;
        while (!tt.done()) {
          const x = tt.field();
          if (x.no === 1 && x.value !== undefined) dtype = ELEM_TYPES[x.value] ?? `type ${x.value}`;
          else if (x.no === 2 && x.sub) {
            shape = [];
            while (!x.sub.done()) {
              const d = x.sub.field();
              if (d.no !== 1 || !d.sub) continue;
              let dim: number | null = null;
              while (!d.sub.done()) {
                const dv = d.sub.field();
                if (dv.no === 1 && dv.value !== undefined) dim = dv.value;
              }
              shape.push(dim);
            }
          }
        }
      }
    }
  }
  return { name, dtype, shape };
}

function initializerName(r: Reader): string | null {
  while (!r.done()) {
    const f = r.field();
    if (f.no === 8 && f.sub) return f.sub.text();
  }
  return null;
}

/** The graph's inputs and outputs; throws when the bytes are not an ONNX model. */
export function readOnnxSignature(bytes: Uint8Array): OnnxSignature {
  const top = new Reader(bytes);
  let graph: Reader | null = null;
  let irVersion: number | null = null;
  while (!top.done()) {
    const f = top.field();
    if (f.no === 1 && f.value !== undefined) irVersion = f.value;
    else if (f.no === 7 && f.sub) graph = f.sub;
  }
  if (!graph || irVersion === null) throw new Error("not an ONNX model (no ir_version or graph)");
  const inputs: InputSpec[] = [];
  const outputs: InputSpec[] = [];
  const weights = new Set<string>();
  while (!graph.done()) {
    const f = graph.field();
    if (!f.sub) continue;
    if (f.no === 5) {
      const n = initializerName(f.sub);
      if (n) weights.add(n);
    } else if (f.no === 11) inputs.push(valueInfo(f.sub));
    else if (f.no === 12) outputs.push(valueInfo(f.sub));
  }
  return { inputs: inputs.filter((i) => !weights.has(i.name)), outputs };
}

// ---------------------------------------------------------------------------------------------
// Files and input kind
// ---------------------------------------------------------------------------------------------

/** An image input: one float tensor [N, C, H, W] or [N, H, W, C] with 1, 3 or 4 channels. */
export function onnxImageInput(inputs: readonly InputSpec[]): { height: number | null; width: number | null; channels: number; layout: "nchw" | "nhwc" } | null {
  if (inputs.length !== 1) return null;
  const [i] = inputs;
  if (!i.shape || i.shape.length !== 4 || !/^float/.test(i.dtype)) return null;
  const [, a, b, c] = i.shape;
  const ch = (d: number | null) => d === 1 || d === 3 || d === 4;
  if (ch(a) && !ch(c)) return { channels: a!, height: b, width: c, layout: "nchw" };
  if (ch(c)) return { channels: c!, height: a, width: b, layout: "nhwc" };
  if (ch(a)) return { channels: a!, height: b, width: c, layout: "nchw" };
  return null;
}

/** A text input: token ids (an integer input named like input_ids). */
export function onnxTextInput(inputs: readonly InputSpec[]): boolean {
  return inputs.some((i) => /input_ids/.test(i.name) && /int/.test(i.dtype));
}

export interface OnnxRepoFiles {
  /** The .onnx file to run. */
  onnxPath: string;
  /** Every .onnx file of the repo with its size (null when the Hub did not say). */
  onnxFiles: { path: string; size: number | null }[];
  tokenizerPath: string | null;
  tokenizerConfigPath: string | null;
  configPath: string | null;
  preprocessorPath: string | null;
}

/** External-data files (weights beside the graph) cannot be loaded from one URL: such graphs are not run. */
const EXTERNAL_DATA = /\.onnx[._]data$|\.onnx_data$/;

/**
 * The repo's .onnx files and the one the runner takes: the plain model in onnx/ or at the root
 * (transformers.js layout: onnx/model.onnx, then quantized variants), else the smallest.
 */
export function pickOnnxFiles(files: readonly { path: string; size: number | null }[]): OnnxRepoFiles | null {
  const onnx = files.filter((f) => /\.onnx$/i.test(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
  if (onnx.length === 0) return null;
  const hasExternal = new Set(files.filter((f) => EXTERNAL_DATA.test(f.path)).map((f) => f.path.replace(/[._]data$/, "")));
  const usable = onnx.filter((f) => !hasExternal.has(f.path));
  if (usable.length === 0) return null;
  const prefer = ["onnx/model.onnx", "model.onnx", "onnx/model_quantized.onnx", "model_quantized.onnx"];
  const chosen = prefer.map((p) => usable.find((f) => f.path === p)).find(Boolean)
    ?? [...usable].sort((a, b) => (a.size ?? Infinity) - (b.size ?? Infinity))[0];
  const dir = chosen.path.includes("/") ? chosen.path.slice(0, chosen.path.lastIndexOf("/") + 1) : "";
  const parent = dir.replace(/[^/]+\/$/, "");
  const near = (name: string) => [dir + name, parent + name, name].find((p) => files.some((f) => f.path === p)) ?? null;
  return {
    onnxPath: chosen.path,
    onnxFiles: onnx.map((f) => ({ path: f.path, size: f.size })),
    tokenizerPath: near("tokenizer.json"),
    tokenizerConfigPath: near("tokenizer_config.json"),
    configPath: near("config.json"),
    preprocessorPath: near("preprocessor_config.json"),
  };
}

/**
 * What the model takes. From the graph's signature when it was read (the final word: a model is
 * "image" only when its one input is an image tensor, "text" when it takes token ids and has a
 * tokenizer). Without a signature (a graph above the size limit, not downloaded): a tokenizer says
 * text; an image-processor config alone is not enough to call it an image model (null: known once
 * the browser has loaded it); nothing says tensors. A file that is not an ONNX graph: tensors.
 */
export function onnxInputKind(
  files: Pick<OnnxRepoFiles, "tokenizerPath" | "preprocessorPath">,
  signature: OnnxSignature | "unreadable" | null,
): OnnxInputKind | null {
  if (signature === "unreadable") return "tensor";
  if (signature) {
    if (files.tokenizerPath && onnxTextInput(signature.inputs)) return "text";
    if (onnxImageInput(signature.inputs)) return "image";
    return "tensor";
  }
  if (files.tokenizerPath) return "text";
  if (files.preprocessorPath) return null;
  return "tensor";
}
