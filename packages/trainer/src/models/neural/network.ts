import type { Tensor } from "@tensorflow/tfjs-core";
import type { Rng } from "../../util/random.js";
import { neuralBackend } from "./backend.js";

/** Shapes of a BatchEnsemble MLP: `k` members share every hidden weight matrix (k = 1 is a plain MLP). */
export interface NetworkShape {
  inputs: number;
  width: number;
  depth: number;
  outputs: number;
  k: number;
  /** Per-member input/output multipliers on hidden layers (TabM); off for a plain MLP. */
  adapters: boolean;
}

/** Parameter arrays, float32, named as in `NetworkState`; the same numbers go into the ONNX export. */
export interface NetworkWeights {
  /** Per hidden layer: shared `in × width`, and `k × in`, `k × width`, `k × width` member vectors. */
  layers: { w: Float32Array; r?: Float32Array; s?: Float32Array; b: Float32Array }[];
  /** Per-member heads: `k × width × outputs`, and `k × outputs`. */
  headW: Float32Array;
  headB: Float32Array;
}

/** Initial weights: He-uniform matrices, zero biases; TabM's first input multipliers are random ±1 per member. */
export function initialWeights(shape: NetworkShape, rng: Rng): NetworkWeights {
  const uniform = (n: number, fanIn: number) => {
    const bound = Math.sqrt(6 / fanIn);
    return Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * bound);
  };
  const layers: NetworkWeights["layers"] = [];
  let fanIn = shape.inputs;
  for (let l = 0; l < shape.depth; l++) {
    const layer: NetworkWeights["layers"][number] = {
      w: uniform(fanIn * shape.width, fanIn),
      b: new Float32Array(shape.k * shape.width),
    };
    if (shape.adapters) {
      layer.r = Float32Array.from({ length: shape.k * fanIn }, () =>
        l === 0 ? (rng.next() < 0.5 ? -1 : 1) : 1,
      );
      layer.s = new Float32Array(shape.k * shape.width).fill(1);
    }
    layers.push(layer);
    fanIn = shape.width;
  }
  return {
    layers,
    headW: uniform(shape.k * fanIn * shape.outputs, fanIn),
    headB: new Float32Array(shape.k * shape.outputs),
  };
}

/** @internal The weights as tensors: trainable variables while fitting, constants when predicting. */
export interface NetworkTensors {
  layers: { w: Tensor; r?: Tensor; s?: Tensor; b: Tensor }[];
  headW: Tensor;
  headB: Tensor;
}

/** @internal */
export function toTensors(shape: NetworkShape, weights: NetworkWeights, trainable: boolean): NetworkTensors {
  const tf = neuralBackend();
  const make = (values: Float32Array, dims: number[]) =>
    trainable ? tf.variable(tf.tensor(values, dims)) : tf.tensor(values, dims);
  let fanIn = shape.inputs;
  const layers = weights.layers.map((layer) => {
    const out = {
      w: make(layer.w, [fanIn, shape.width]),
      r: layer.r && make(layer.r, [shape.k, 1, fanIn]),
      s: layer.s && make(layer.s, [shape.k, 1, shape.width]),
      b: make(layer.b, [shape.k, 1, shape.width]),
    };
    fanIn = shape.width;
    return out;
  });
  return {
    layers,
    headW: make(weights.headW, [shape.k, fanIn, shape.outputs]),
    headB: make(weights.headB, [shape.k, 1, shape.outputs]),
  };
}

/** @internal Reads tensors back into plain arrays (to keep the best epoch, or to save). */
export function readWeights(tensors: NetworkTensors): NetworkWeights {
  const read = (t: Tensor) => t.dataSync() as Float32Array;
  return {
    layers: tensors.layers.map((l) => ({
      w: Float32Array.from(read(l.w)),
      r: l.r && Float32Array.from(read(l.r)),
      s: l.s && Float32Array.from(read(l.s)),
      b: Float32Array.from(read(l.b)),
    })),
    headW: Float32Array.from(read(tensors.headW)),
    headB: Float32Array.from(read(tensors.headB)),
  };
}

/**
 * @internal
 * Member outputs `k × batch × outputs` for inputs `batch × inputs`: each hidden layer is
 * `relu(((h ⊙ r) W) ⊙ s + b)` with W shared by the members, then a linear head per member.
 */
export function forward(
  shape: NetworkShape,
  net: NetworkTensors,
  x: Tensor,
  dropout?: { rate: number; seed: number },
): Tensor {
  const tf = neuralBackend();
  const batch = x.shape[0] as number;
  let h: Tensor = x.reshape([1, batch, shape.inputs]);
  let width = shape.inputs;
  net.layers.forEach((layer, l) => {
    if (layer.r) h = h.mul(layer.r);
    else if (shape.k > 1) h = h.tile([shape.k, 1, 1]);
    const members = h.shape[0] as number;
    let z = tf.matMul(h.reshape([members * batch, width]), layer.w).reshape([members, batch, shape.width]);
    if (layer.s) z = z.mul(layer.s);
    h = tf.relu(z.add(layer.b));
    if (dropout && dropout.rate > 0) h = tf.dropout(h, dropout.rate, undefined, dropout.seed + l);
    width = shape.width;
  });
  if ((h.shape[0] as number) !== shape.k) h = h.tile([shape.k, 1, 1]);
  return tf.matMul(h, net.headW).add(net.headB);
}
