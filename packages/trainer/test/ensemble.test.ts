import { describe, expect, it } from "vitest";
import { blend, caruanaWeights, METRICS, paretoFront, simplexGrid } from "../src/index.js";
import { Rng } from "../src/util/random.js";

describe("Caruana ensemble selection", () => {
  it("finds a blend that beats every member when errors cancel", () => {
    // Three members, each off by a different pattern; their average is exact.
    const y = Float64Array.from({ length: 60 }, (_, i) => Math.sin(i));
    const noise = [
      (i: number) => (i % 3 === 0 ? 2 : -1),
      (i: number) => (i % 3 === 1 ? 2 : -1),
      (i: number) => (i % 3 === 2 ? 2 : -1),
    ];
    const preds = noise.map((e) => Float64Array.from(y, (v, i) => v + e(i)));
    const score = (p: Float64Array) => -METRICS.rmse.compute(y, p, 1);
    const weights = caruanaWeights(preds, score, { rounds: 30 });
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const blended = score(blend(preds, weights));
    for (const p of preds) expect(blended).toBeGreaterThan(score(p));
    expect(-blended).toBeLessThan(0.1);
    for (const w of weights) expect(w).toBeGreaterThan(0.25);
  });

  it("gives a useless member no weight, also when bagged", () => {
    const y = Float64Array.from({ length: 40 }, (_, i) => i % 2);
    const good = Float64Array.from(y, (v) => (v ? 0.8 : 0.2));
    const bad = Float64Array.from(y, (v) => (v ? 0.1 : 0.9));
    const score = (p: Float64Array) => -METRICS.logloss.compute(y, p, 2);
    expect(Array.from(caruanaWeights([bad, good], score))).toEqual([0, 1]);
    const bagged = caruanaWeights([bad, good, good], score, { bags: 10, rng: new Rng(1) });
    expect(bagged[0]).toBe(0);
    expect(bagged[1] + bagged[2]).toBeCloseTo(1, 12);
  });
});

describe("Pareto front", () => {
  it("keeps exactly the non-dominated points", () => {
    // (auc ↑, logloss ↓)
    const points = [
      [0.9, 0.3], // front
      [0.95, 0.35], // front
      [0.85, 0.4], // dominated by 0
      [0.97, 0.5], // front
      [0.9, 0.31], // dominated by 0
      [0.96, 0.6], // dominated by 3
    ];
    expect(paretoFront(points, [true, false])).toEqual([0, 1, 3]);
    expect(
      paretoFront(
        [
          [1, 1],
          [1, 1],
        ],
        [true, true],
      ),
    ).toEqual([0, 1]);
  });
});

describe("simplex grid", () => {
  it("lists every weight vector with the given step", () => {
    expect(simplexGrid(2, 0.25)).toEqual([
      [0, 1],
      [0.25, 0.75],
      [0.5, 0.5],
      [0.75, 0.25],
      [1, 0],
    ]);
    const three = simplexGrid(3, 0.5);
    expect(three).toHaveLength(6);
    for (const w of three) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(simplexGrid(3, 0.1)).toHaveLength(66);
  });

  it("refuses steps that do not divide 1", () => {
    expect(() => simplexGrid(2, 0.3)).toThrow(/does not divide 1/);
    expect(() => simplexGrid(2, 0)).toThrow(/grid_size must be in/);
  });
});
