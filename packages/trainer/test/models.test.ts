import { describe, expect, it } from "vitest";
import { availableFamilies, type Booster, getFamily, METRICS, type ModelFamily } from "../src/index.js";
import { slice, synthetic } from "./synthetic.js";

const families = ["gbdt", "random_forest", "extra_trees", "linear"].map(getFamily);

// Known functions: a smooth regression, a linear boundary, and three bands of a sum.
const regression = synthetic(1200, 4, (x, rng) => 2 * x[0] + Math.sin(3 * x[1]) + 0.05 * rng.normal());
const binary = synthetic(1200, 4, (x) => (x[0] + 0.5 * x[1] > 0 ? 1 : 0));
const multiclass = synthetic(1200, 4, (x) => (x[0] + x[1] < -0.5 ? 0 : x[0] + x[1] < 0.5 ? 1 : 2));

function fitAndScore(
  family: ModelFamily,
  data: typeof binary,
  kind: "regression" | "binary" | "multiclass",
  nClasses: number,
) {
  const train = slice(data, 0, 900);
  const test = slice(data, 900, 1200);
  const model = family.fit({ ...train, kind, nClasses, params: family.defaults, seed: 3 });
  const pred = model.predict(test.x);
  return { model, pred, test };
}

describe.each(families)("$name", (family) => {
  it("learns a smooth regression function", () => {
    const { pred, test } = fitAndScore(family, regression, "regression", 1);
    expect(METRICS.r2.compute(test.y, pred, 1)).toBeGreaterThan(family.name === "linear" ? 0.75 : 0.85);
  });

  it("learns a linear class boundary", () => {
    const { pred, test } = fitAndScore(family, binary, "binary", 2);
    expect(pred.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(METRICS.accuracy.compute(test.y, pred, 2)).toBeGreaterThan(0.9);
    expect(METRICS.auc.compute(test.y, pred, 2)).toBeGreaterThan(0.97);
  });

  it("learns three classes with probabilities that sum to one", () => {
    const { pred, test } = fitAndScore(family, multiclass, "multiclass", 3);
    expect(pred.length).toBe(300 * 3);
    for (let i = 0; i < 300; i++) expect(pred[i * 3] + pred[i * 3 + 1] + pred[i * 3 + 2]).toBeCloseTo(1, 9);
    expect(METRICS.accuracy.compute(test.y, pred, 3)).toBeGreaterThan(0.85);
  });

  it("round-trips through JSON with identical predictions", () => {
    const { model, pred, test } = fitAndScore(family, multiclass, "multiclass", 3);
    const restored = family.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(restored.predict(test.x)).toEqual(pred);
    expect(restored.params).toEqual(model.params);
  });

  it("is reproducible for a seed", () => {
    const a = fitAndScore(family, binary, "binary", 2).pred;
    const b = fitAndScore(family, binary, "binary", 2).pred;
    expect(a).toEqual(b);
  });
});

describe("gbdt specifics", () => {
  const gbdt = getFamily("gbdt");

  it("learns which side missing values belong on", () => {
    // Missing x0 means class 1; present x0 decides by sign.
    const data = synthetic(1000, 3, (x, rng) => (rng.next() < 0.3 ? 2 : x[0] > 0 ? 1 : 0));
    for (let i = 0; i < 1000; i++) {
      if (data.y[i] === 2) {
        data.x.columns[0][i] = Number.NaN;
        data.y[i] = 1;
      }
    }
    const train = slice(data, 0, 800);
    const test = slice(data, 800, 1000);
    const model = gbdt.fit({ ...train, kind: "binary", nClasses: 2, params: gbdt.defaults, seed: 1 });
    const pred = model.predict(test.x);
    const missing = [...test.x.columns[0].keys()].filter((i) => Number.isNaN(test.x.columns[0][i]));
    expect(missing.length).toBeGreaterThan(20);
    expect(missing.every((i) => pred[i] > 0.8)).toBe(true);
  });

  it("stops early on validation rows", () => {
    const train = slice(regression, 0, 600);
    const valid = slice(regression, 600, 900);
    const model = gbdt.fit({
      ...train,
      valid,
      kind: "regression",
      nClasses: 1,
      params: { ...gbdt.defaults, n_estimators: 2000, learning_rate: 0.3, early_stopping_rounds: 10 },
      seed: 1,
    }) as Booster;
    expect(model.rounds).toBeLessThan(2000);
    expect(model.toJSON().trees.length).toBe(model.rounds);
  });

  it("respects max_depth and max_leaves", () => {
    const model = gbdt.fit({
      ...binary,
      kind: "binary",
      nClasses: 2,
      params: { ...gbdt.defaults, n_estimators: 3, max_leaves: 64, max_depth: 2 },
      seed: 1,
    }) as Booster;
    for (const tree of model.trees)
      expect(tree.left.filter((l, i) => i < tree.size && l === -1).length).toBeLessThanOrEqual(4);
    const shallow = gbdt.fit({
      ...binary,
      kind: "binary",
      nClasses: 2,
      params: { ...gbdt.defaults, n_estimators: 3, max_leaves: 5 },
      seed: 1,
    }) as Booster;
    for (const tree of shallow.trees) expect((tree.size + 1) / 2).toBeLessThanOrEqual(5);
  });

  it("row and column subsampling still learn", () => {
    const train = slice(binary, 0, 900);
    const test = slice(binary, 900, 1200);
    const model = gbdt.fit({
      ...train,
      kind: "binary",
      nClasses: 2,
      params: { ...gbdt.defaults, subsample: 0.6, colsample_bytree: 0.75, reg_lambda: 1, reg_alpha: 0.1 },
      seed: 5,
    });
    expect(METRICS.auc.compute(test.y, model.predict(test.x), 2)).toBeGreaterThan(0.97);
  });
});

describe("linear specifics", () => {
  it("ridge recovers known coefficients", () => {
    const data = synthetic(500, 3, (x) => 3 * x[0] - 2 * x[1] + 1);
    const model = getFamily("linear").fit({
      ...data,
      kind: "regression",
      nClasses: 1,
      params: { alpha: 1e-6 },
      seed: 0,
    });
    const state = model.toJSON() as { weights: number[]; intercepts: number[] };
    expect(state.weights[0]).toBeCloseTo(3, 4);
    expect(state.weights[1]).toBeCloseTo(-2, 4);
    expect(state.weights[2]).toBeCloseTo(0, 4);
    expect(state.intercepts[0]).toBeCloseTo(1, 4);
  });
});

describe("family registry", () => {
  it("resolves xgboost to Parzen's own booster", () => {
    expect(getFamily("xgboost").name).toBe("gbdt");
    expect(getFamily("XGBoost").description).toMatch(/not the XGBoost library/);
  });

  it("rejects unknown and unavailable families with the list of available ones", () => {
    expect(() => getFamily("catboost")).toThrow(
      /"catboost" is not a known model family. Available: gbdt, random_forest, extra_trees, linear/,
    );
    expect(() => getFamily("tabicl")).toThrow(/pretrained weights.*Available: gbdt/);
    expect(availableFamilies()).toEqual(["gbdt", "random_forest", "extra_trees", "linear", "mlp", "tabm"]);
  });

  it("every family declares a search space over its own parameters", () => {
    for (const family of families) {
      expect(Object.keys(family.searchSpace).length).toBeGreaterThan(0);
      for (const name of Object.keys(family.searchSpace)) expect(family.defaults).toHaveProperty(name);
    }
  });
});
