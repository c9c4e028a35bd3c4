import type { TaskKind } from "../../task.js";
import { softmaxRows } from "../../util/softmax.js";
import { COUNT_UNIT } from "./histogram.js";

/** The last tree's leaf value per tree node, and the node each row fell in. */
export interface TreeStep {
  values: Float64Array;
  nodeOf: Uint16Array;
}

/**
 * A boosting loss: raw scores in, gradients and hessians out. Raw scores are row-major with `width` per row
 * (K for softmax, 1 otherwise).
 */
export interface Objective {
  name: string;
  width: number;
  /** The constant raw score the ensemble starts from. */
  baseScore(y: Float64Array): Float64Array;
  gradients(y: Float64Array, raw: Float64Array, grad: Float64Array[], hess: Float64Array[]): void;
  /**
   * Width-1 objectives: adds the last tree's leaf values (when given) to the raw scores and writes the packed
   * gradients of the result into `gh` (see histogram.ts), in one pass over the rows instead of three; over
   * the rows `start..end` only, so that threads can share the work.
   */
  updateAndPack?(
    y: Float64Array,
    raw: Float64Array,
    gh: Float64Array,
    last: TreeStep | undefined,
    start: number,
    end: number,
  ): void;
  /** Turns raw scores into predictions (values, P(1), or row-major probabilities). */
  transform(raw: Float64Array): Float64Array;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

const squaredError: Objective = {
  name: "squared_error",
  width: 1,
  baseScore(y) {
    let sum = 0;
    for (const v of y) sum += v;
    return Float64Array.of(sum / y.length);
  },
  gradients(y, raw, grad, hess) {
    const g = grad[0];
    const h = hess[0];
    for (let i = 0; i < y.length; i++) {
      g[i] = raw[i] - y[i];
      h[i] = 1;
    }
  },
  updateAndPack(y, raw, gh, last, start, end) {
    for (let i = start; i < end; i++) {
      if (last) raw[i] += last.values[last.nodeOf[i]];
      gh[2 * i] = raw[i] - y[i];
      gh[2 * i + 1] = COUNT_UNIT + 1;
    }
  },
  transform: (raw) => raw.slice(),
};

/** Binary log loss; `soft` replaces the 0/1 labels with target probabilities. */
const logistic = (soft?: Float64Array): Objective => ({
  name: "logistic",
  width: 1,
  baseScore(y) {
    const target = soft ?? y;
    let pos = 0;
    for (const v of target) pos += v;
    const p = Math.min(1 - 1e-6, Math.max(1e-6, pos / y.length));
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(y, raw, grad, hess) {
    const target = soft ?? y;
    const g = grad[0];
    const h = hess[0];
    for (let i = 0; i < y.length; i++) {
      const p = sigmoid(raw[i]);
      g[i] = p - target[i];
      h[i] = Math.max(p * (1 - p), 1e-16);
    }
  },
  updateAndPack(y, raw, gh, last, start, end) {
    const target = soft ?? y;
    for (let i = start; i < end; i++) {
      if (last) raw[i] += last.values[last.nodeOf[i]];
      const p = 1 / (1 + Math.exp(-raw[i]));
      gh[2 * i] = p - target[i];
      // As packGradients: a count of one, and the hessian (at most 0.25 here) floored as in gradients().
      gh[2 * i + 1] = COUNT_UNIT + Math.max(p * (1 - p), 1e-16);
    }
  },
  transform: (raw) => raw.map(sigmoid),
});

/** Multiclass log loss; `soft` (row-major `n × k`) replaces the one-hot labels with target probabilities. */
function softmax(k: number, soft?: Float64Array): Objective {
  return {
    name: "softmax",
    width: k,
    baseScore(y) {
      const counts = new Float64Array(k);
      if (soft) for (let i = 0; i < soft.length; i++) counts[i % k] += soft[i];
      else for (const v of y) counts[v]++;
      return counts.map((c) => Math.log(Math.max(c / y.length, 1e-6)));
    },
    gradients(y, raw, grad, hess) {
      const p = new Float64Array(k);
      for (let i = 0; i < y.length; i++) {
        const base = i * k;
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) max = Math.max(max, raw[base + c]);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += p[c] = Math.exp(raw[base + c] - max);
        for (let c = 0; c < k; c++) {
          const pc = p[c] / sum;
          grad[c][i] = pc - (soft ? soft[base + c] : y[i] === c ? 1 : 0);
          hess[c][i] = Math.max(pc * (1 - pc), 1e-16);
        }
      }
    },
    transform: (raw) => softmaxRows(raw, k),
  };
}

/** The objective for a task, fitting soft targets when given (see `FitInput.soft`). */
export function objectiveFor(kind: TaskKind, nClasses: number, soft?: Float64Array): Objective {
  if (kind === "regression") return squaredError;
  if (kind === "binary") return logistic(soft);
  return softmax(nClasses, soft);
}
