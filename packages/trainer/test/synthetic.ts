import type { Matrix } from "../src/index.js";
import { Rng } from "../src/util/random.js";

/** Uniform features in [-1, 1] and a label computed from them: test data with a known answer. */
export function synthetic(
  n: number,
  p: number,
  label: (x: number[], rng: Rng) => number,
  seed = 1,
): { x: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const columns = Array.from({ length: p }, () => new Float64Array(n));
  const y = new Float64Array(n);
  const row = new Array<number>(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = columns[j][i] = rng.next() * 2 - 1;
    y[i] = label(row, rng);
  }
  return { x: { nRows: n, nCols: p, columns, names: columns.map((_, j) => `x${j}`) }, y };
}

/** The first `n` rows, or the rest. */
export function slice(
  data: { x: Matrix; y: Float64Array },
  from: number,
  to: number,
): { x: Matrix; y: Float64Array } {
  return {
    x: { ...data.x, nRows: to - from, columns: data.x.columns.map((c) => c.slice(from, to)) },
    y: data.y.slice(from, to),
  };
}
