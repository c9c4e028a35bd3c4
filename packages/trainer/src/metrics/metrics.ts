import { TrainerInputError } from "../errors.js";
import type { TaskKind } from "../task.js";

/**
 * Predictions as models emit them: regression values (n), positive-class probabilities for binary (n), or
 * row-major class probabilities for multiclass (n × K).
 */
export type Predictions = Float64Array;

export interface Metric {
  name: string;
  /** Whether larger values are better. */
  higherIsBetter: boolean;
  tasks: readonly TaskKind[];
  /** Scores predictions against labels (class indices for classification). */
  compute(y: ArrayLike<number>, pred: Predictions, nClasses: number): number;
}

const EPS = 1e-15;
const CLASSIFICATION: readonly TaskKind[] = ["binary", "multiclass"];

function classOf(pred: Predictions, row: number, nClasses: number): number {
  if (nClasses <= 2) return pred[row] >= 0.5 ? 1 : 0;
  let best = 0;
  const base = row * nClasses;
  for (let k = 1; k < nClasses; k++) if (pred[base + k] > pred[base + best]) best = k;
  return best;
}

function accuracy(y: ArrayLike<number>, pred: Predictions, nClasses: number): number {
  let hit = 0;
  for (let i = 0; i < y.length; i++) if (classOf(pred, i, nClasses) === y[i]) hit++;
  return hit / y.length;
}

/** Area under the ROC curve for scores against 0/1 labels, ties counted half (Mann–Whitney U). */
export function binaryAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]] === score[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[order[k]] === 1) {
        rankSumPos += avgRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

function auc(y: ArrayLike<number>, pred: Predictions, nClasses: number): number {
  if (nClasses <= 2) return binaryAuc(y, pred);
  // One-vs-rest, macro-averaged over the classes present.
  let total = 0;
  let counted = 0;
  const yk = new Float64Array(y.length);
  const sk = new Float64Array(y.length);
  for (let k = 0; k < nClasses; k++) {
    for (let i = 0; i < y.length; i++) {
      yk[i] = y[i] === k ? 1 : 0;
      sk[i] = pred[i * nClasses + k];
    }
    const a = binaryAuc(yk, sk);
    if (!Number.isNaN(a)) {
      total += a;
      counted++;
    }
  }
  return total / counted;
}

function logloss(y: ArrayLike<number>, pred: Predictions, nClasses: number): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    let p: number;
    if (nClasses <= 2) p = y[i] === 1 ? pred[i] : 1 - pred[i];
    else p = pred[i * nClasses + y[i]];
    sum -= Math.log(Math.min(1 - EPS, Math.max(EPS, p)));
  }
  return sum / y.length;
}

function f1(y: ArrayLike<number>, pred: Predictions, nClasses: number): number {
  const k = Math.max(2, nClasses);
  const tp = new Float64Array(k);
  const fp = new Float64Array(k);
  const fn = new Float64Array(k);
  for (let i = 0; i < y.length; i++) {
    const p = classOf(pred, i, nClasses);
    if (p === y[i]) tp[p]++;
    else {
      fp[p]++;
      fn[y[i]]++;
    }
  }
  const score = (c: number) => (tp[c] === 0 ? 0 : (2 * tp[c]) / (2 * tp[c] + fp[c] + fn[c]));
  if (nClasses <= 2) return score(1);
  let total = 0;
  for (let c = 0; c < k; c++) total += score(c);
  return total / k;
}

function rmse(y: ArrayLike<number>, pred: Predictions): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (y[i] - pred[i]) ** 2;
  return Math.sqrt(sum / y.length);
}

function mae(y: ArrayLike<number>, pred: Predictions): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += Math.abs(y[i] - pred[i]);
  return sum / y.length;
}

function r2(y: ArrayLike<number>, pred: Predictions): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  mean /= y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += (y[i] - pred[i]) ** 2;
    ssTot += (y[i] - mean) ** 2;
  }
  return ssTot === 0 ? Number.NaN : 1 - ssRes / ssTot;
}

export const METRICS: Record<string, Metric> = {
  auc: { name: "auc", higherIsBetter: true, tasks: CLASSIFICATION, compute: auc },
  logloss: { name: "logloss", higherIsBetter: false, tasks: CLASSIFICATION, compute: logloss },
  accuracy: { name: "accuracy", higherIsBetter: true, tasks: CLASSIFICATION, compute: accuracy },
  class_error: {
    name: "class_error",
    higherIsBetter: false,
    tasks: CLASSIFICATION,
    compute: (y, p, k) => 1 - accuracy(y, p, k),
  },
  neg_class_error: {
    name: "neg_class_error",
    higherIsBetter: true,
    tasks: CLASSIFICATION,
    compute: (y, p, k) => accuracy(y, p, k) - 1,
  },
  f1: { name: "f1", higherIsBetter: true, tasks: CLASSIFICATION, compute: f1 },
  rmse: { name: "rmse", higherIsBetter: false, tasks: ["regression"], compute: rmse },
  mae: { name: "mae", higherIsBetter: false, tasks: ["regression"], compute: mae },
  r2: { name: "r2", higherIsBetter: true, tasks: ["regression"], compute: r2 },
};

/** The metric a task is judged by when the caller names none. */
export function defaultMetric(kind: TaskKind): string {
  return kind === "binary" ? "auc" : kind === "multiclass" ? "logloss" : "rmse";
}

/** Looks a metric up and checks that it fits the task; the error lists the metrics that do. */
export function getMetric(name: string, kind: TaskKind): Metric {
  // Own names only: `constructor` or `__proto__` must not find Object's.
  const metric = Object.hasOwn(METRICS, name) ? METRICS[name] : undefined;
  const fitting = Object.values(METRICS)
    .filter((m) => m.tasks.includes(kind))
    .map((m) => m.name);
  if (!metric) {
    throw new TrainerInputError(`Unknown metric "${name}". Metrics for ${kind}: ${fitting.join(", ")}.`, {
      path: "metrics",
    });
  }
  if (!metric.tasks.includes(kind)) {
    throw new TrainerInputError(
      `Metric "${name}" does not apply to ${kind} tasks. Use one of: ${fitting.join(", ")}.`,
      {
        path: "metrics",
      },
    );
  }
  return metric;
}

/** Whether score `a` is better than `b` under the metric (NaN is never better). */
export function isBetter(metric: Metric, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return metric.higherIsBetter ? a > b : a < b;
}
