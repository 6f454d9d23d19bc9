/**
 * A minimal ONNX protobuf writer for the fake Hub's runner fixtures: just the messages and fields
 * a small graph needs (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto with its tensor type and shape), field numbers as in onnx/onnx.proto. Written
 * here rather than taken from a package: the project adds no dependency for test fixtures.
 *
 * The graph's inputs and outputs are written after its initializers (the weights), as exporters
 * do: whoever reads the signature has to get past the weights first (docs/runner.md).
 */

// ---------------------------------------------------------------------------------------------
// Wire format
// ---------------------------------------------------------------------------------------------

function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);

/** A message as a list of encoded fields. */
class Msg {
  private readonly parts: Buffer[] = [];
  int(field: number, v: number | bigint): this {
    this.parts.push(Buffer.from([...key(field, 0), ...varint(v)]));
    return this;
  }
  bytes(field: number, v: Uint8Array): this {
    this.parts.push(Buffer.from([...key(field, 2), ...varint(v.length)]), Buffer.from(v));
    return this;
  }
  str(field: number, v: string): this {
    return this.bytes(field, Buffer.from(v, "utf8"));
  }
  msg(field: number, m: Msg): this {
    return this.bytes(field, m.encode());
  }
  float(field: number, v: number): this {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.parts.push(Buffer.from(key(field, 5)), b);
    return this;
  }
  encode(): Buffer {
    return Buffer.concat(this.parts);
  }
}

// ---------------------------------------------------------------------------------------------
// ONNX messages
// ---------------------------------------------------------------------------------------------

/** TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

export interface OnnxTensor {
  name: string;
  dims: number[];
  /** float32 values (FLOAT) or integers (INT64). */
  values: number[];
  type?: typeof ONNX_FLOAT | typeof ONNX_INT64;
}

export type OnnxAttr = { name: string; ints: number[] } | { name: string; int: number } | { name: string; float: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: OnnxAttr[];
}

export interface OnnxValueInfo {
  name: string;
  elemType: number;
  /** A number, or a symbolic name ("batch", "sequence"). */
  dims: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  opset?: number;
}

function tensorMsg(t: OnnxTensor): Msg {
  const type = t.type ?? ONNX_FLOAT;
  const m = new Msg();
  for (const d of t.dims) m.int(1, d);
  m.int(2, type);
  m.str(8, t.name);
  let raw: Buffer;
  if (type === ONNX_FLOAT) raw = Buffer.from(new Float32Array(t.values).buffer);
  else raw = Buffer.from(new BigInt64Array(t.values.map((v) => BigInt(v))).buffer);
  return m.bytes(9, raw);
}

function attrMsg(a: OnnxAttr): Msg {
  const m = new Msg().str(1, a.name);
  if ("ints" in a) {
    for (const v of a.ints) m.int(8, v);
    return m.int(20, 7); // INTS
  }
  if ("int" in a) return m.int(3, a.int).int(20, 2); // INT
  return m.float(2, a.float).int(20, 1); // FLOAT
}

function valueInfoMsg(v: OnnxValueInfo): Msg {
  const shape = new Msg();
  for (const d of v.dims) shape.msg(1, typeof d === "number" ? new Msg().int(1, d) : new Msg().str(2, d));
  const tensorType = new Msg().int(1, v.elemType).msg(2, shape);
  return new Msg().str(1, v.name).msg(2, new Msg().msg(1, tensorType));
}

/** The bytes of a .onnx file holding `g`. */
export function encodeOnnxModel(g: OnnxGraph): Buffer {
  const graph = new Msg();
  g.nodes.forEach((n, k) => {
    const node = new Msg();
    for (const i of n.inputs) node.str(1, i);
    for (const o of n.outputs) node.str(2, o);
    node.str(3, `${n.op}_${k}`).str(4, n.op);
    for (const a of n.attrs ?? []) node.msg(5, attrMsg(a));
    graph.msg(1, node);
  });
  graph.str(2, g.name);
  for (const t of g.initializers) graph.msg(5, tensorMsg(t));
  for (const v of g.inputs) graph.msg(11, valueInfoMsg(v));
  for (const v of g.outputs) graph.msg(12, valueInfoMsg(v));
  return new Msg()
    .int(1, 8) // ir_version 8
    .str(2, "hf-trends fake hub")
    .msg(7, graph)
    .msg(8, new Msg().str(1, "").int(2, g.opset ?? 13))
    .encode();
}
