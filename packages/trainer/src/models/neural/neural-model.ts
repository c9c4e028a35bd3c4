import type { Matrix } from "../../preprocess/matrix.js";
import type { TaskKind } from "../../task.js";
import { Rng } from "../../util/random.js";
import type { FitInput, FittedModel, ModelFamily, Params } from "../family.js";
import { fitNetwork, predictNetwork, rowMajor } from "./fit.js";
import { type NetworkShape, type NetworkTensors, type NetworkWeights, toTensors } from "./network.js";

interface NeuralState {
  family: string;
  params: Params;
  kind: TaskKind;
  shape: NetworkShape;
  /** Regression targets are standardised for training; predictions are mapped back. */
  yMean: number;
  yStd: number;
  epochs: number;
  weights: {
    layers: { w: number[]; r?: number[]; s?: number[]; b: number[] }[];
    headW: number[];
    headB: number[];
  };
}

/** A fitted MLP or TabM network; predictions are the mean over its members. */
export class NeuralModel implements FittedModel {
  private tensors?: NetworkTensors;

  constructor(
    readonly family: string,
    readonly params: Params,
    readonly kind: TaskKind,
    readonly shape: NetworkShape,
    readonly weights: NetworkWeights,
    readonly yMean: number,
    readonly yStd: number,
    readonly epochs: number,
  ) {}

  predict(x: Matrix): Float64Array {
    this.tensors ??= toTensors(this.shape, this.weights, false);
    const out = predictNetwork(this.shape, this.kind, this.tensors, rowMajor(x), x.nRows);
    const result = Float64Array.from(out);
    if (this.kind === "regression")
      for (let i = 0; i < result.length; i++) result[i] = result[i] * this.yStd + this.yMean;
    return result;
  }

  toJSON(): NeuralState {
    const list = (a?: Float32Array) => (a ? Array.from(a) : undefined);
    return {
      family: this.family,
      params: this.params,
      kind: this.kind,
      shape: this.shape,
      yMean: this.yMean,
      yStd: this.yStd,
      epochs: this.epochs,
      weights: {
        layers: this.weights.layers.map((l) => ({
          w: Array.from(l.w),
          r: list(l.r),
          s: list(l.s),
          b: Array.from(l.b),
        })),
        headW: Array.from(this.weights.headW),
        headB: Array.from(this.weights.headB),
      },
    };
  }

  static fromJSON(state: NeuralState): NeuralModel {
    const f32 = (a?: number[]) => (a ? Float32Array.from(a) : undefined);
    const w = state.weights;
    return new NeuralModel(
      state.family,
      state.params,
      state.kind,
      state.shape,
      {
        layers: w.layers.map((l) => ({
          w: Float32Array.from(l.w),
          r: f32(l.r),
          s: f32(l.s),
          b: Float32Array.from(l.b),
        })),
        headW: Float32Array.from(w.headW),
        headB: Float32Array.from(w.headB),
      },
      state.yMean,
      state.yStd,
      state.epochs,
    );
  }
}

/** Targets of `rows` as the network reads them: standardised values, 0/1 or one-hot rows, or the soft targets. */
function encodeTargets(
  input: FitInput,
  rows: ArrayLike<number>,
  mean: number,
  std: number,
  y = input.y,
  soft = input.soft,
): Float32Array {
  const n = rows.length;
  if (input.kind === "regression")
    return Float32Array.from({ length: n }, (_, i) => (y[rows[i]] - mean) / std);
  const width = input.kind === "binary" ? 1 : input.nClasses;
  const out = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (soft) for (let c = 0; c < width; c++) out[i * width + c] = soft[r * width + c];
    else if (width === 1) out[i] = y[r];
    else out[i * width + y[r]] = 1;
  }
  return out;
}

/** Fits a network of `k` members (`adapters`: TabM's per-member multipliers) with early stopping. */
export function fitNeural(family: string, input: FitInput, k: number, adapters: boolean): NeuralModel {
  const p = input.params;
  const n = input.x.nRows;
  let mean = 0;
  let std = 1;
  if (input.kind === "regression") {
    for (let i = 0; i < n; i++) mean += input.y[i];
    mean /= Math.max(1, n);
    let sq = 0;
    for (let i = 0; i < n; i++) sq += (input.y[i] - mean) ** 2;
    std = Math.sqrt(sq / Math.max(1, n)) || 1;
  }
  // Early stopping needs rows the network does not fit: the caller's, else a seeded 15% of the training rows.
  let fitRows: Int32Array;
  let valid: { x: Float32Array; y: Float32Array; n: number };
  if (input.valid) {
    fitRows = allRows(n);
    valid = {
      x: rowMajor(input.valid.x),
      y: encodeTargets(input, allRows(input.valid.x.nRows), mean, std, input.valid.y, undefined),
      n: input.valid.x.nRows,
    };
  } else {
    const order = new Rng(input.seed ^ 0x5eed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
    const held = n >= 20 ? Math.max(1, Math.round(n * 0.15)) : 0;
    const heldRows = held > 0 ? order.subarray(0, held) : order;
    fitRows = held > 0 ? order.subarray(held) : order;
    valid = {
      x: rowMajor(input.x, heldRows),
      y: encodeTargets(input, heldRows, mean, std),
      n: heldRows.length,
    };
  }
  const shape: NetworkShape = {
    inputs: input.x.nCols,
    width: Number(p.width),
    depth: Number(p.depth),
    outputs: input.kind === "multiclass" ? input.nClasses : 1,
    k,
    adapters,
  };
  const fitted = fitNetwork(
    shape,
    input.kind,
    {
      x: rowMajor(input.x, fitRows),
      y: encodeTargets(input, fitRows, mean, std),
      n: fitRows.length,
    },
    valid,
    {
      learningRate: Number(p.learning_rate),
      weightDecay: Number(p.weight_decay),
      dropout: Number(p.dropout),
      batchSize: Number(p.batch_size),
      maxEpochs: Number(p.max_epochs),
      patience: Number(p.patience),
      seed: input.seed,
      signal: input.signal,
    },
  );
  return new NeuralModel(family, p, input.kind, shape, fitted.weights, mean, std, fitted.bestEpoch + 1);
}

const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** Parameters and search space shared by the neural families. */
export const NEURAL_DEFAULTS = {
  width: 128,
  depth: 2,
  dropout: 0.1,
  learning_rate: 0.002,
  weight_decay: 1e-5,
  batch_size: 128,
  max_epochs: 100,
  patience: 10,
} satisfies Params;

export const NEURAL_SPACE: ModelFamily["searchSpace"] = {
  width: { type: "categorical", choices: [64, 128, 256] },
  depth: { type: "int", low: 1, high: 4 },
  dropout: { type: "float", low: 0, high: 0.5 },
  learning_rate: { type: "float", low: 1e-4, high: 1e-2, log: true },
  weight_decay: { type: "float", low: 1e-6, high: 1e-3, log: true },
  batch_size: { type: "categorical", choices: [64, 128, 256, 512] },
};
