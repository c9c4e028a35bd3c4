import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
const ELEMENT = { float: 1, int64: 7, string: 8, bool: 9, double: 11 } as const;
export type ElementType = keyof typeof ELEMENT;

type AttributeValue =
  | number
  | string
  | number[]
  | string[]
  | { ints: number[] }
  | { floats: number[] }
  | { tensor: TensorValue };
type TensorValue =
  | { type: "double"; values: Float64Array | number[]; dims: number[] }
  | { type: "float"; values: Float32Array | number[]; dims: number[] }
  | { type: "int64"; values: number[]; dims: number[] }
  | { type: "string"; values: string[]; dims: number[] };

const encoder = new TextEncoder();

function tensorProto(name: string, t: TensorValue) {
  const base = { name, dims: t.dims, dataType: ELEMENT[t.type] };
  if (t.type === "string")
    return onnx.TensorProto.create({ ...base, stringData: t.values.map((s) => encoder.encode(s)) });
  const raw =
    t.type === "double"
      ? new Float64Array(t.values)
      : t.type === "float"
        ? new Float32Array(t.values)
        : BigInt64Array.from(t.values, (v) => BigInt(v));
  return onnx.TensorProto.create({
    ...base,
    rawData: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
  });
}

function attribute(name: string, value: AttributeValue) {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof value === "number")
    return Number.isInteger(value) ? { name, type: A.INT, i: value } : { name, type: A.FLOAT, f: value };
  if (typeof value === "string") return { name, type: A.STRING, s: encoder.encode(value) };
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === "string"))
      return { name, type: A.STRINGS, strings: (value as string[]).map((s) => encoder.encode(s)) };
    return { name, type: A.INTS, ints: value as number[] };
  }
  if ("ints" in value) return { name, type: A.INTS, ints: value.ints };
  if ("floats" in value) return { name, type: A.FLOATS, floats: value.floats };
  return { name, type: A.TENSOR, t: tensorProto(name, value.tensor) };
}

/**
 * Builds an ONNX graph node by node. Names are made unique with a counter, so independent parts (the pipelines of
 * ensemble members) can be added side by side without clashing.
 */
export class GraphBuilder {
  private readonly nodes: ReturnType<typeof onnx.NodeProto.create>[] = [];
  private readonly initializers: ReturnType<typeof onnx.TensorProto.create>[] = [];
  private readonly inputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  private readonly outputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  private counter = 0;
  private readonly constants = new Map<string, string>();

  /** A fresh tensor name. */
  name(hint: string): string {
    return `${hint.replace(/[^\w]/g, "_")}_${this.counter++}`;
  }

  /** A constant tensor; identical small constants are shared. */
  constant(hint: string, value: TensorValue): string {
    const key =
      value.values.length <= 16
        ? JSON.stringify([value.type, value.dims, Array.from(value.values as ArrayLike<unknown>)])
        : undefined;
    const known = key && this.constants.get(key);
    if (known) return known;
    const name = this.name(hint);
    this.initializers.push(tensorProto(name, value));
    if (key) this.constants.set(key, name);
    return name;
  }

  /** A scalar double, shaped `[1, 1]` so it broadcasts against `[N, 1]` columns. */
  scalar(value: number): string {
    return this.constant("c", { type: "double", values: [value], dims: [1, 1] });
  }

  /** Adds a node and returns its (first) output name. */
  node(
    op: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    options: { domain?: string; outputs?: number } = {},
  ): string {
    const outputs = Array.from({ length: options.outputs ?? 1 }, () => this.name(op.toLowerCase()));
    this.nodes.push(
      onnx.NodeProto.create({
        opType: op,
        domain: options.domain ?? "",
        input: inputs,
        output: outputs,
        name: this.name(`n_${op}`),
        attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
      }),
    );
    return outputs[0];
  }

  /** Declares a graph input of shape `[N, width]`. */
  input(name: string, type: ElementType, width = 1): string {
    this.inputs.push(valueInfo(name, type, width));
    return name;
  }

  /** Names `tensor` as a graph output of shape `[N, width]`. */
  output(tensor: string, name: string, type: ElementType, width: number): void {
    this.nodes.push(
      onnx.NodeProto.create({
        opType: "Identity",
        input: [tensor],
        output: [name],
        name: this.name("n_out"),
      }),
    );
    this.outputs.push(valueInfo(name, type, width));
  }

  /** The serialised model (opset 17 and `ai.onnx.ml` 3), with `metadata` as string properties. */
  toBytes(graphName: string, metadata: Record<string, string> = {}): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: "parzen",
      opsetImport: [
        { domain: "", version: 17 },
        { domain: "ai.onnx.ml", version: 3 },
      ],
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      graph: onnx.GraphProto.create({
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      }),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, type: ElementType, width: number) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: { elemType: ELEMENT[type], shape: { dim: [{ dimParam: "N" }, { dimValue: width }] } },
    },
  });
}
