import { describe, expect, it } from "vitest";
import { holdoutSplit, kFoldIds, splitsFromFoldIds, validateFoldIds } from "../src/index.js";

describe("k-fold", () => {
  const n = 103;
  const y = Float64Array.from({ length: n }, (_, i) => (i < 20 ? 1 : i < 50 ? 2 : 0));

  it("puts every row in exactly one validation fold, disjoint from its training rows", () => {
    const splits = splitsFromFoldIds(kFoldIds(n, 5, 7));
    expect(splits).toHaveLength(5);
    const seen = new Uint8Array(n);
    for (const { train, valid } of splits) {
      const inValid = new Set(valid);
      expect(train.some((r) => inValid.has(r))).toBe(false);
      expect(train.length + valid.length).toBe(n);
      for (const r of valid) seen[r]++;
    }
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it("balances fold sizes and stratifies classes", () => {
    const folds = kFoldIds(n, 5, 7, y);
    for (let k = 0; k < 5; k++) {
      const rows = [...folds.keys()].filter((i) => folds[i] === k);
      expect(rows.length).toBeGreaterThanOrEqual(20);
      expect(rows.length).toBeLessThanOrEqual(21);
      const ones = rows.filter((r) => y[r] === 1).length;
      expect(ones).toBe(4);
      const twos = rows.filter((r) => y[r] === 2).length;
      expect(twos).toBe(6);
    }
  });

  it("is determined by the seed", () => {
    expect(kFoldIds(n, 5, 7, y)).toEqual(kFoldIds(n, 5, 7, y));
    expect(kFoldIds(n, 5, 7, y)).not.toEqual(kFoldIds(n, 5, 8, y));
  });

  it("shuffles rather than cutting contiguous blocks", () => {
    const folds = kFoldIds(n, 5, 1);
    expect(folds.slice(0, 20).every((f) => f === folds[0])).toBe(false);
  });

  it("refuses impossible settings", () => {
    expect(() => kFoldIds(10, 1, 0)).toThrow(/n_splits/);
    expect(() => kFoldIds(3, 5, 0)).toThrow(/larger than the number of rows/);
  });
});

describe("holdout and predefined folds", () => {
  it("holds out about the requested share, stratified", () => {
    const y = Float64Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const { train, valid } = holdoutSplit(100, 0.2, 3, y);
    expect(valid.length).toBe(20);
    expect(train.length).toBe(80);
    expect(Array.from(valid).filter((r) => y[r] === 1).length).toBe(5);
  });

  it("uses given fold ids as they are", () => {
    const splits = splitsFromFoldIds([0, 1, 0, 2, 1, 2]);
    expect(splits.map((s) => Array.from(s.valid))).toEqual([
      [0, 2],
      [1, 4],
      [3, 5],
    ]);
  });

  it("checks fold ids against the data", () => {
    expect(() => validateFoldIds([0, 1], 3)).toThrow(/2 entries but the data has 3 rows/);
    expect(() => validateFoldIds([0, -1, 1], 3)).toThrow(/row 2/);
    expect(() => splitsFromFoldIds([1, 1, 1])).toThrow(/two distinct/);
  });
});
