import type { FittedModel } from "../models/family.js";
import type { NeuralModel } from "../models/neural/neural-model.js";
import type { GraphBuilder } from "./graph.js";
import { type TreeJson, treeEnsemble } from "./trees.js";

const DOUBLE = 11;
const FLOAT = 1;

/** Raw scores to predictions as `predict` returns them: values, P(class 1) `[N, 1]`, or probabilities `[N, K]`. */
function link(g: GraphBuilder, z: string, kind: string): string {
  if (kind === "binary" || kind === "logistic") return g.node("Sigmoid", [z]);
  if (kind === "multiclass" || kind === "softmax") return g.node("Softmax", [z], { axis: 1 });
  return z;
}

function gbdtGraph(
  g: GraphBuilder,
  x: string,
  state: { objective: string; width: number; base: number[]; trees: TreeJson[] },
) {
  const w = state.width;
  // Tree t·w + c belongs to output c (one tree per output and round).
  const sums = treeEnsemble(
    g,
    x,
    state.trees.map((t, i) => ({ ...t, target: i % w }) as TreeJson & { target: number }),
    w,
    (tree, leaf, c) => ((tree as TreeJson & { target: number }).target === c ? tree.value[leaf] : 0),
  );
  const z = g.node("Add", [sums, g.constant("base", { type: "double", values: state.base, dims: [1, w] })]);
  return link(g, z, state.objective);
}

function forestGraph(g: GraphBuilder, x: string, state: { kind: string; width: number; trees: TreeJson[] }) {
  const scale = 1 / state.trees.length;
  if (state.kind === "binary") {
    return treeEnsemble(g, x, state.trees, 1, (tree, leaf) => tree.value[leaf * tree.width + 1] * scale);
  }
  return treeEnsemble(
    g,
    x,
    state.trees,
    state.width,
    (tree, leaf, c) => tree.value[leaf * tree.width + c] * scale,
  );
}

function linearGraph(
  g: GraphBuilder,
  x: string,
  state: { kind: string; weights: number[]; intercepts: number[] },
) {
  const k = state.intercepts.length;
  const p = state.weights.length / k;
  // Stored row-major `outputs × features`; MatMul wants `features × outputs`.
  const wT = Array.from({ length: p * k }, (_, i) => state.weights[(i % k) * p + Math.floor(i / k)]);
  const z = g.node("Add", [
    g.node("MatMul", [x, g.constant("w", { type: "double", values: wT, dims: [p, k] })]),
    g.constant("b", { type: "double", values: state.intercepts, dims: [1, k] }),
  ]);
  return link(g, z, state.kind);
}

/** The network in float32 (as trained): BatchEnsemble layers over k members, member predictions averaged. */
function neuralGraph(g: GraphBuilder, x: string, model: NeuralModel) {
  const { shape, weights } = model;
  const f32 = (values: Float32Array, dims: number[]) => g.constant("nn", { type: "float", values, dims });
  let h = g.node("Unsqueeze", [
    g.node("Cast", [x], { to: FLOAT }),
    g.constant("axis0", { type: "int64", values: [0], dims: [1] }),
  ]);
  let fanIn = shape.inputs;
  weights.layers.forEach((layer) => {
    if (layer.r) h = g.node("Mul", [h, f32(layer.r, [shape.k, 1, fanIn])]);
    let z = g.node("MatMul", [h, f32(layer.w, [fanIn, shape.width])]);
    if (layer.s) z = g.node("Mul", [z, f32(layer.s, [shape.k, 1, shape.width])]);
    h = g.node("Relu", [g.node("Add", [z, f32(layer.b, [shape.k, 1, shape.width])])]);
    fanIn = shape.width;
  });
  const out = g.node("Add", [
    g.node("MatMul", [h, f32(weights.headW, [shape.k, fanIn, shape.outputs])]),
    f32(weights.headB, [shape.k, 1, shape.outputs]),
  ]);
  const member =
    model.kind === "binary"
      ? g.node("Sigmoid", [out])
      : model.kind === "multiclass"
        ? g.node("Softmax", [out], { axis: 2 })
        : out;
  let y = g.node("Cast", [g.node("ReduceMean", [member], { axes: [0], keepdims: 0 })], { to: DOUBLE });
  if (model.kind === "regression")
    y = g.node("Add", [g.node("Mul", [y, g.scalar(model.yStd)]), g.scalar(model.yMean)]);
  return y;
}

/** A fitted model's prediction graph over the feature matrix `x` (double `[N, features]`). */
export function familyGraph(g: GraphBuilder, x: string, model: FittedModel): string {
  const state = model.toJSON() as never;
  switch (model.family) {
    case "gbdt":
      return gbdtGraph(g, x, state);
    case "random_forest":
    case "extra_trees":
      return forestGraph(g, x, state);
    case "linear":
      return linearGraph(g, x, state);
    case "mlp":
    case "tabm":
      return neuralGraph(g, x, model as NeuralModel);
    default:
      throw new Error(`No ONNX export for the "${model.family}" family.`);
  }
}
