import type { Tensor } from "@tensorflow/tfjs-core";
import type { Matrix } from "../../preprocess/matrix.js";
import type { TaskKind } from "../../task.js";
import { Rng } from "../../util/random.js";
import { neuralBackend } from "./backend.js";
import {
  forward,
  initialWeights,
  type NetworkShape,
  type NetworkTensors,
  type NetworkWeights,
  readWeights,
  toTensors,
} from "./network.js";

export interface TrainSettings {
  learningRate: number;
  weightDecay: number;
  dropout: number;
  batchSize: number;
  maxEpochs: number;
  patience: number;
  seed: number;
  signal?: AbortSignal;
}

/** Row-major float32 copy of a column-major matrix (the layout the network reads). */
export function rowMajor(x: Matrix, rows?: ArrayLike<number>): Float32Array {
  const n = rows ? rows.length : x.nRows;
  const p = x.nCols;
  const out = new Float32Array(n * p);
  for (let j = 0; j < p; j++) {
    const col = x.columns[j];
    for (let i = 0; i < n; i++) out[i * p + j] = col[rows ? rows[i] : i];
  }
  return out;
}

/** Mean member loss: squared error, sigmoid or softmax cross-entropy; `y` holds values, 0/1 or one-hot rows. */
function memberLoss(kind: TaskKind, out: Tensor, y: Tensor): Tensor {
  const tf = neuralBackend();
  if (kind === "regression") return tf.mean(tf.squaredDifference(out, y));
  if (kind === "binary") return tf.mean(tf.softplus(out).sub(out.mul(y)));
  return tf.mean(tf.neg(tf.sum(tf.logSoftmax(out).mul(y), -1)));
}

/** @internal The ensemble's prediction from member outputs: mean value, or mean probability (the TabM rule). */
export function combine(kind: TaskKind, out: Tensor): Tensor {
  const tf = neuralBackend();
  if (kind === "regression") return tf.mean(out, 0);
  if (kind === "binary") return tf.mean(tf.sigmoid(out), 0);
  return tf.mean(tf.softmax(out), 0);
}

/** Loss of the combined prediction, for early stopping (what the model will be judged on). */
function combinedLoss(kind: TaskKind, out: Tensor, y: Tensor): number {
  const tf = neuralBackend();
  return tf.tidy(() => {
    const p = combine(kind, out);
    if (kind === "regression") return tf.mean(tf.squaredDifference(p, y)).dataSync()[0];
    const eps = 1e-7;
    const clipped = p.clipByValue(eps, 1 - eps);
    if (kind === "binary")
      return tf
        .mean(tf.neg(y.mul(clipped.log()).add(tf.sub(1, y).mul(tf.sub(1, clipped).log()))))
        .dataSync()[0];
    return tf.mean(tf.neg(tf.sum(clipped.log().mul(y), -1))).dataSync()[0];
  });
}

/**
 * Mini-batch AdamW (decoupled weight decay on the weight matrices) with early stopping: `valid` rows are scored
 * after every epoch, and the weights of the best epoch are kept. Deterministic for a seed: the initial weights,
 * batch order and dropout masks all come from it.
 */
export function fitNetwork(
  shape: NetworkShape,
  kind: TaskKind,
  train: { x: Float32Array; y: Float32Array; n: number },
  valid: { x: Float32Array; y: Float32Array; n: number },
  settings: TrainSettings,
): { weights: NetworkWeights; epochs: number; bestEpoch: number } {
  const tf = neuralBackend();
  const rng = new Rng(settings.seed);
  const net = toTensors(shape, initialWeights(shape, rng), true);
  const matrices = [...net.layers.map((l) => l.w), net.headW] as import("@tensorflow/tfjs-core").Variable[];
  const variables = [
    ...matrices,
    ...net.layers.flatMap((l) => [l.r, l.s, l.b].filter(Boolean)),
    net.headB,
  ] as import("@tensorflow/tfjs-core").Variable[];
  const optimizer = tf.train.adam(settings.learningRate);
  const width = shape.outputs;
  const p = shape.inputs;
  const batchSize = Math.max(1, Math.min(settings.batchSize, train.n));
  const order = Int32Array.from({ length: train.n }, (_, i) => i);
  const bx = new Float32Array(batchSize * p);
  const by = new Float32Array(batchSize * width);
  const validX = tf.tensor2d(valid.x, [valid.n, p]);
  const validY = tf.tensor(valid.y, [valid.n, width]);
  let best = Number.POSITIVE_INFINITY;
  let bestWeights: NetworkWeights = readWeights(net);
  let bestEpoch = 0;
  let epoch = 0;
  try {
    for (; epoch < settings.maxEpochs && epoch - bestEpoch <= settings.patience; epoch++) {
      if (settings.signal?.aborted) break;
      rng.shuffle(order);
      for (let start = 0; start < train.n; start += batchSize) {
        const m = Math.min(batchSize, train.n - start);
        for (let i = 0; i < m; i++) {
          const row = order[start + i];
          bx.set(train.x.subarray(row * p, row * p + p), i * p);
          by.set(train.y.subarray(row * width, row * width + width), i * width);
        }
        const seed = rng.uint32();
        tf.tidy(() => {
          const x = tf.tensor2d(bx.subarray(0, m * p), [m, p]);
          const y = tf.tensor(by.subarray(0, m * width), [1, m, width]);
          optimizer.minimize(
            () =>
              memberLoss(
                kind,
                forward(shape, net, x, { rate: settings.dropout, seed }),
                y,
              ) as import("@tensorflow/tfjs-core").Scalar,
            false,
            variables,
          );
          if (settings.weightDecay > 0) {
            const decay = 1 - settings.learningRate * settings.weightDecay;
            for (const w of matrices) w.assign(w.mul(decay));
          }
        });
      }
      const loss = tf.tidy(() => combinedLoss(kind, forward(shape, net, validX), validY));
      if (loss < best - 1e-7 || !Number.isFinite(best)) {
        best = loss;
        bestEpoch = epoch;
        bestWeights = readWeights(net);
      }
    }
  } finally {
    validX.dispose();
    validY.dispose();
    optimizer.dispose();
    for (const v of variables) v.dispose();
  }
  return { weights: bestWeights, epochs: epoch, bestEpoch };
}

/** @internal Combined predictions for row-major inputs, in `batch`-row chunks to bound memory. */
export function predictNetwork(
  shape: NetworkShape,
  kind: TaskKind,
  net: NetworkTensors,
  x: Float32Array,
  n: number,
): Float32Array {
  const tf = neuralBackend();
  const out = new Float32Array(n * shape.outputs);
  const chunk = 8192;
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const values = tf.tidy(() => {
      const input = tf.tensor2d(x.subarray(start * shape.inputs, (start + m) * shape.inputs), [
        m,
        shape.inputs,
      ]);
      return combine(kind, forward(shape, net, input)).dataSync() as Float32Array;
    });
    out.set(values, start * shape.outputs);
  }
  return out;
}
