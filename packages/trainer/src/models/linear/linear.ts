import type { Matrix } from "../../preprocess/matrix.js";
import type { TaskKind } from "../../task.js";
import { choleskySolve } from "../../util/cholesky.js";
import { lbfgs } from "../../util/lbfgs.js";
import { softmaxRows } from "../../util/softmax.js";
import type { FitInput, FittedModel, ModelFamily, Params } from "../family.js";

const DEFAULTS = { alpha: 1, C: 1, max_iter: 1000 } satisfies Params;

interface LinearState {
  params: Params;
  kind: TaskKind;
  /** `outputs × features`, row-major. */
  weights: number[];
  intercepts: number[];
}

/** A fitted linear model: ridge regression, or L2-regularised logistic / softmax regression. */
export class LinearModel implements FittedModel {
  readonly family = "linear";
  constructor(
    readonly params: Params,
    private readonly kind: TaskKind,
    readonly weights: Float64Array,
    readonly intercepts: Float64Array,
  ) {}

  /** Linear scores, row-major `n × outputs`. */
  scores(x: Matrix): Float64Array {
    const k = this.intercepts.length;
    const p = x.nCols;
    const out = new Float64Array(x.nRows * k);
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < x.nRows; i++) out[i * k + c] = this.intercepts[c];
      for (let j = 0; j < p; j++) {
        const w = this.weights[c * p + j];
        if (w === 0) continue;
        const col = x.columns[j];
        for (let i = 0; i < x.nRows; i++) {
          const v = col[i];
          if (!Number.isNaN(v)) out[i * k + c] += w * v;
        }
      }
    }
    return out;
  }

  predict(x: Matrix): Float64Array {
    const z = this.scores(x);
    if (this.kind === "regression") return z;
    if (this.kind === "binary") return z.map((v) => 1 / (1 + Math.exp(-v)));
    return softmaxRows(z, this.intercepts.length);
  }

  toJSON(): LinearState {
    return {
      params: this.params,
      kind: this.kind,
      weights: Array.from(this.weights),
      intercepts: Array.from(this.intercepts),
    };
  }
}

/** Ridge regression: minimises ‖y − Xw − b‖² + α‖w‖², intercept unpenalised (solved on centred data). */
function fitRidge(x: Matrix, y: Float64Array, alpha: number): { w: Float64Array; b: number } {
  const n = x.nRows;
  const p = x.nCols;
  const means = x.columns.map((col) => col.reduce((a, v) => a + v, 0) / n);
  const yMean = y.reduce((a, v) => a + v, 0) / n;
  const centred = x.columns.map((col, j) => col.map((v) => v - means[j]));
  const a = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const cj = centred[j];
    for (let k = j; k < p; k++) {
      const ck = centred[k];
      let s = 0;
      for (let i = 0; i < n; i++) s += cj[i] * ck[i];
      a[j * p + k] = s;
      a[k * p + j] = s;
    }
    a[j * p + j] += Math.max(alpha, 1e-10);
    let s = 0;
    for (let i = 0; i < n; i++) s += cj[i] * (y[i] - yMean);
    rhs[j] = s;
  }
  const w = choleskySolve(a, rhs, p);
  let b = yMean;
  for (let j = 0; j < p; j++) b -= w[j] * means[j];
  return { w, b };
}

/**
 * Logistic (K = 1) or multinomial (K classes) regression: minimises the summed log loss + ‖W‖² / (2C) with
 * L-BFGS, intercepts unpenalised — the objective of scikit-learn's LogisticRegression.
 */
function fitLogistic(
  x: Matrix,
  y: Float64Array,
  k: number,
  c: number,
  maxIter: number,
): { w: Float64Array; b: Float64Array } {
  const n = x.nRows;
  const p = x.nCols;
  const nParams = k * (p + 1);
  const z = new Float64Array(n * k);
  const resid = new Float64Array(n * k);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    z.fill(0);
    for (let o = 0; o < k; o++) {
      const b = theta[k * p + o];
      for (let i = 0; i < n; i++) z[i * k + o] = b;
      for (let j = 0; j < p; j++) {
        const w = theta[o * p + j];
        const col = x.columns[j];
        for (let i = 0; i < n; i++) z[i * k + o] += w * col[i];
      }
    }
    let loss = 0;
    if (k === 1) {
      for (let i = 0; i < n; i++) {
        const zi = z[i];
        // log(1 + e^z) − y z, computed stably.
        loss += (zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - y[i] * zi;
        resid[i] = 1 / (1 + Math.exp(-zi)) - y[i];
      }
    } else {
      for (let i = 0; i < n; i++) {
        const base = i * k;
        let max = Number.NEGATIVE_INFINITY;
        for (let o = 0; o < k; o++) max = Math.max(max, z[base + o]);
        let sum = 0;
        for (let o = 0; o < k; o++) sum += Math.exp(z[base + o] - max);
        const logSum = max + Math.log(sum);
        loss += logSum - z[base + y[i]];
        for (let o = 0; o < k; o++) resid[base + o] = Math.exp(z[base + o] - logSum) - (y[i] === o ? 1 : 0);
      }
    }
    grad.fill(0);
    let penalty = 0;
    for (let o = 0; o < k; o++) {
      let gb = 0;
      for (let i = 0; i < n; i++) gb += resid[i * k + o];
      grad[k * p + o] = gb;
      for (let j = 0; j < p; j++) {
        const col = x.columns[j];
        let s = 0;
        for (let i = 0; i < n; i++) s += resid[i * k + o] * col[i];
        const w = theta[o * p + j];
        grad[o * p + j] = s + w / c;
        penalty += (w * w) / (2 * c);
      }
    }
    return loss + penalty;
  };
  const { x: theta } = lbfgs(objective, new Float64Array(nParams), {
    maxIterations: maxIter,
    gradientTolerance: 1e-5,
  });
  return { w: theta.slice(0, k * p), b: theta.slice(k * p) };
}

function fitLinear(input: FitInput): LinearModel {
  const params = { ...DEFAULTS, ...input.params };
  const x = input.x;
  if (input.kind === "regression") {
    const { w, b } = fitRidge(x, input.y, Number(params.alpha));
    return new LinearModel(params, input.kind, w, Float64Array.of(b));
  }
  const k = input.kind === "binary" ? 1 : input.nClasses;
  const { w, b } = fitLogistic(x, input.y, k, Number(params.C), Number(params.max_iter));
  return new LinearModel(params, input.kind, w, b);
}

export const linear: ModelFamily = {
  name: "linear",
  description:
    "Ridge regression, or L2-regularised logistic / softmax regression (L-BFGS), on standardised features.",
  preprocess: { impute: true, scale: true, oneHotMaxLevels: 10 },
  defaults: DEFAULTS,
  searchSpace: {
    alpha: { type: "float", low: 1e-4, high: 100, log: true },
    C: { type: "float", low: 1e-3, high: 100, log: true },
  },
  fit: fitLinear,
  fromJSON(state: unknown) {
    const s = state as LinearState;
    return new LinearModel(s.params, s.kind, Float64Array.from(s.weights), Float64Array.from(s.intercepts));
  },
};
