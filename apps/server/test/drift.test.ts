import { frameFromColumns } from "@parzen/trainer";
import { describe, expect, it } from "vitest";
import {
  binCounts,
  chiSquaredSurvival,
  chiSquaredTest,
  kolmogorovSurvival,
  ksTwoSample,
  logGamma,
  psi,
  quantileEdges,
  sortedFinite,
} from "../src/monitors/drift.js";
import { compareFrames } from "../src/monitors/reference.js";
import { seededUniform } from "./deploy-fixtures.js";

// Reference figures are worked out by hand or from first principles right here (closed forms, brute force,
// numerical integration, permutation), never copied from the code under test.

/** Uniform draws, and normal ones from them (Box–Muller). */
function generator(seed: number) {
  const uniform = seededUniform(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** Φ(z) by Simpson's rule on the normal density from 0 to z. */
function normalCdf(z: number): number {
  const n = 2000;
  const h = z / n;
  const f = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  let sum = f(0) + f(z);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return 0.5 + (sum * h) / 3;
}

/** sup |F_a − F_b| evaluated at every observed value: the definition, without the merge. */
function bruteForceD(a: number[], b: number[]): number {
  const ecdf = (xs: number[], t: number) => xs.filter((x) => x <= t).length / xs.length;
  return Math.max(...[...a, ...b].map((t) => Math.abs(ecdf(a, t) - ecdf(b, t))));
}

describe("population stability index", () => {
  it("matches a hand computation", () => {
    // (0.3 − 0.5)·ln(0.3/0.5) + 0 + (0.4 − 0.2)·ln(0.4/0.2)
    const hand = -0.2 * Math.log(0.6) + 0.2 * Math.log(2);
    expect(psi([50, 30, 20], [30, 30, 40])).toBeCloseTo(hand, 12);
    expect(psi([50, 30, 20], [50, 30, 20])).toBe(0);
  });

  it("raises empty bins to 1e-4 instead of dividing by zero", () => {
    const hand = (0.5 - 1) * Math.log(0.5 / 1) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    expect(psi([10, 0], [5, 5])).toBeCloseTo(hand, 12);
  });
});

describe("quantile bins", () => {
  it("cuts at numpy's linearly interpolated quantiles and counts missing values last", () => {
    const values = Float64Array.from([7, 1, 10, 3, 2, 9, 4, 6, 5, 8]);
    // numpy.quantile(1..10, [.2, .4, .6, .8]) = 1 + 9q
    expect(Array.from(quantileEdges(sortedFinite(values), 5))).toEqual(
      [2.8, 4.6, 6.4, 8.2].map((q) => expect.closeTo(q, 12)),
    );
    const edges = Float64Array.from([2.8, 4.6, 6.4, 8.2]);
    expect(Array.from(binCounts([...values, Number.NaN, 2.8], edges))).toEqual([3, 2, 2, 2, 2, 1]);
  });

  it("drops duplicate edges of tied values", () => {
    expect(Array.from(quantileEdges(Float64Array.from([1, 1, 1, 1, 1, 1, 2, 3]), 4))).toEqual([1, 1.25]);
  });
});

describe("Kolmogorov–Smirnov", () => {
  it("finds the largest gap between the two empirical distributions", () => {
    // F_a − F_b at 5: 1 − 3/6.
    expect(
      ksTwoSample(Float64Array.from([1, 2, 3, 4, 5]), Float64Array.from([3, 4, 5, 6, 7, 8])).statistic,
    ).toBe(0.5);
    const { normal } = generator(3);
    for (let trial = 0; trial < 20; trial++) {
      const a = Array.from({ length: 15 + trial }, () => Math.round(normal() * 3) / 3);
      const b = Array.from({ length: 25 - trial }, () => Math.round(normal() * 3 + 1) / 3);
      const d = ksTwoSample(sortedFinite(a), sortedFinite(b)).statistic;
      expect(d).toBeCloseTo(bruteForceD(a, b), 12);
    }
  });

  it("has the Kolmogorov distribution's tail: the textbook critical values, and both series forms agree", () => {
    expect(kolmogorovSurvival(1.2238)).toBeCloseTo(0.1, 4);
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 4);
    // Below 1.18 the function uses the theta form; the alternating series must give the same value there.
    for (const lambda of [0.6, 0.8, 1.0, 1.17]) {
      let series = 0;
      for (let j = 1; j <= 200; j++) series += 2 * (-1) ** (j - 1) * Math.exp(-2 * j * j * lambda * lambda);
      expect(kolmogorovSurvival(lambda)).toBeCloseTo(series, 10);
    }
  });

  it("gives p-values a permutation test agrees with", () => {
    const { normal, uniform } = generator(11);
    const a = Array.from({ length: 60 }, () => normal());
    const b = Array.from({ length: 80 }, () => normal() + 0.35);
    const { statistic, pValue } = ksTwoSample(sortedFinite(a), sortedFinite(b));
    // Shuffle the pooled sample 2,000 times: how often is the gap at least as large by chance?
    const pooled = [...a, ...b];
    let extreme = 0;
    const permutations = 2000;
    for (let p = 0; p < permutations; p++) {
      for (let i = pooled.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        [pooled[i], pooled[j]] = [pooled[j], pooled[i]];
      }
      const d = ksTwoSample(sortedFinite(pooled.slice(0, 60)), sortedFinite(pooled.slice(60))).statistic;
      if (d >= statistic - 1e-12) extreme++;
    }
    const permuted = extreme / permutations;
    expect(pValue).toBeGreaterThan(0.001);
    expect(Math.abs(pValue - permuted)).toBeLessThan(0.03);
  });
});

describe("chi-squared", () => {
  it("has the closed-form tails of small degrees of freedom", () => {
    for (const x of [0.5, 2, 5.991, 9, 20]) {
      // dof 2: e^{−x/2}; dof 4: e^{−x/2}(1 + x/2); dof 1: P(|Z| > √x).
      expect(chiSquaredSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
      expect(chiSquaredSurvival(x, 4)).toBeCloseTo(Math.exp(-x / 2) * (1 + x / 2), 12);
      expect(chiSquaredSurvival(x, 1)).toBeCloseTo(2 * (1 - normalCdf(Math.sqrt(x))), 9);
    }
    expect(chiSquaredSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquaredSurvival(11.0705, 5)).toBeCloseTo(0.05, 5);
    expect(Math.exp(logGamma(5))).toBeCloseTo(24, 10);
    expect(Math.exp(logGamma(0.5))).toBeCloseTo(Math.sqrt(Math.PI), 12);
  });

  it("tests counts against reference proportions", () => {
    // Expected 25 each: (15² + 5² + 5² + 15²)/25 = 20 on 3 degrees of freedom.
    const test = chiSquaredTest([250, 250, 250, 250], [10, 20, 30, 40]);
    expect(test.statistic).toBeCloseTo(20, 12);
    expect(test.dof).toBe(3);
    // dof 3: P(|Z| > √x) + √(2x/π)·e^{−x/2}
    const hand = 2 * (1 - normalCdf(Math.sqrt(20))) + Math.sqrt(40 / Math.PI) * Math.exp(-10);
    expect(test.pValue).toBeCloseTo(hand, 9);
    expect(chiSquaredTest([10, 20, 30], [20, 40, 60]).pValue).toBeCloseTo(1, 12);
  });
});

describe("compareFrames (two dataset versions)", () => {
  it("flags the columns that moved and only those, with each column's statistic", () => {
    const { normal, uniform } = generator(5);
    const version = (shift: number, rainy: number) =>
      frameFromColumns({
        temperature: Array.from({ length: 800 }, () => 15 + 5 * normal() + shift),
        humidity: Array.from({ length: 800 }, () => 60 + 10 * normal()),
        weather: Array.from({ length: 800 }, () => (uniform() < rainy ? "rain" : "sun")),
      });
    const before = version(0, 0.3);
    const after = version(4, 0.6);
    const psi = compareFrames(before, after);
    expect(psi.filter((d) => d.drifted).map((d) => d.column)).toEqual(["temperature", "weather"]);
    const tests = compareFrames(before, after, { numeric: "ks", categorical: "chi_squared" });
    expect(tests.map((d) => [d.column, d.statistic, d.drifted])).toEqual([
      ["temperature", "ks", true],
      ["humidity", "ks", false],
      ["weather", "chi_squared", true],
    ]);
    expect(compareFrames(before, version(0, 0.3)).some((d) => d.drifted)).toBe(false);
  });
});
