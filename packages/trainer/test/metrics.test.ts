import { describe, expect, it } from "vitest";
import { binaryAuc, defaultMetric, getMetric, METRICS } from "../src/index.js";

const f = (...v: number[]) => Float64Array.from(v);

describe("metrics against hand-computed values", () => {
  it("auc counts concordant pairs, ties as half", () => {
    // Pairs (pos, neg): (0.8,0.1) ✓ (0.8,0.4) ✓ (0.35,0.1) ✓ (0.35,0.4) ✗ → 3/4
    expect(METRICS.auc.compute(f(0, 0, 1, 1), f(0.1, 0.4, 0.35, 0.8), 2)).toBeCloseTo(0.75, 12);
    expect(binaryAuc(f(0, 1), f(0.5, 0.5))).toBe(0.5);
    expect(binaryAuc(f(1, 1), f(0.2, 0.3))).toBeNaN();
  });

  it("multiclass auc is the one-vs-rest macro average", () => {
    const y = f(0, 1, 2, 0);
    const p = f(0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.4, 0.4, 0.2);
    // class 0: pos {0.7,0.4} vs neg {0.2,0.1} → 1; class 1: pos {0.5} vs {0.2,0.3,0.4} → 1;
    // class 2: pos {0.6} vs {0.1,0.3,0.2} → 1
    expect(METRICS.auc.compute(y, p, 3)).toBeCloseTo(1, 12);
    const flipped = f(0.2, 0.7, 0.1, 0.5, 0.2, 0.3, 0.1, 0.3, 0.6, 0.4, 0.4, 0.2);
    // class 0 now: pos {0.2,0.4} vs neg {0.5,0.1}: (0.2>0.1)(0.4>0.1) = 2/4; class 1: pos {0.2} vs {0.7,0.3,0.4} → 0
    expect(METRICS.auc.compute(y, flipped, 3)).toBeCloseTo((0.5 + 0 + 1) / 3, 12);
  });

  it("logloss is the mean negative log-likelihood", () => {
    expect(METRICS.logloss.compute(f(1, 0), f(0.8, 0.4), 2)).toBeCloseTo(
      -(Math.log(0.8) + Math.log(0.6)) / 2,
      12,
    );
    expect(METRICS.logloss.compute(f(2, 0), f(0.1, 0.2, 0.7, 0.5, 0.25, 0.25), 3)).toBeCloseTo(
      -(Math.log(0.7) + Math.log(0.5)) / 2,
      12,
    );
    expect(Number.isFinite(METRICS.logloss.compute(f(1), f(0), 2))).toBe(true);
  });

  it("accuracy, class_error and neg_class_error agree", () => {
    const y = f(1, 0, 1, 1);
    const p = f(0.9, 0.6, 0.4, 0.7);
    expect(METRICS.accuracy.compute(y, p, 2)).toBe(0.5);
    expect(METRICS.class_error.compute(y, p, 2)).toBe(0.5);
    expect(METRICS.neg_class_error.compute(y, p, 2)).toBe(-0.5);
  });

  it("f1 is the positive class's F1 for binary, macro for multiclass", () => {
    // predicted 1,1,0,1 vs 1,0,1,1: tp=2 fp=1 fn=1 → 4/6
    expect(METRICS.f1.compute(f(1, 0, 1, 1), f(0.9, 0.6, 0.4, 0.7), 2)).toBeCloseTo(2 / 3, 12);
    // predicted classes 0,1,1 vs truth 0,1,2: F1 class0 = 1, class1 = 2/3, class2 = 0
    const p = f(0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.6, 0.3);
    expect(METRICS.f1.compute(f(0, 1, 2), p, 3)).toBeCloseTo((1 + 2 / 3 + 0) / 3, 12);
  });

  it("rmse, mae and r2", () => {
    const y = f(1, 2, 3, 4);
    const p = f(1, 3, 2, 6);
    expect(METRICS.rmse.compute(y, p, 1)).toBeCloseTo(Math.sqrt(6 / 4), 12);
    expect(METRICS.mae.compute(y, p, 1)).toBeCloseTo(1, 12);
    expect(METRICS.r2.compute(y, p, 1)).toBeCloseTo(1 - 6 / 5, 12);
  });

  it("knows each metric's direction and task", () => {
    for (const name of ["auc", "accuracy", "neg_class_error", "f1", "r2"])
      expect(METRICS[name].higherIsBetter).toBe(true);
    for (const name of ["logloss", "class_error", "rmse", "mae"])
      expect(METRICS[name].higherIsBetter).toBe(false);
    expect(defaultMetric("binary")).toBe("auc");
    expect(defaultMetric("multiclass")).toBe("logloss");
    expect(defaultMetric("regression")).toBe("rmse");
    expect(() => getMetric("rmse", "binary")).toThrow(/does not apply to binary.*auc/);
    expect(() => getMetric("nope", "regression")).toThrow(/Unknown metric "nope".*rmse, mae, r2/);
  });
});
