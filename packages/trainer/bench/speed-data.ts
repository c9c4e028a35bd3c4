// Generated data for the speed benchmark: twenty standard-normal features and a logistic label over ten of
// them plus one interaction, written straight into typed arrays (no per-row objects, so 10M rows fit).
import { loadavg } from "node:os";
import { Frame, type Matrix } from "../src/index.js";
import { Rng } from "../src/util/random.js";

export const FEATURES = 20;

/** `n` rows of the benchmark's logistic problem; a different `seed` gives a fresh sample of it. */
export function makeData(n: number, seed = 2026): { x: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const columns = Array.from({ length: FEATURES }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < FEATURES; j++) {
      const v = rng.normal();
      columns[j][i] = v;
      if (j < 10) z += v * (j % 3 === 0 ? 1 : -0.5);
    }
    z += columns[0][i] * columns[1][i];
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x: { nRows: n, nCols: FEATURES, columns, names: columns.map((_, j) => `f${j}`) }, y };
}

/** The same data as a frame with its label column `y`, as `train` takes it (the columns are not copied). */
export function asFrame(data: { x: Matrix; y: Float64Array }): Frame {
  return new Frame([
    ...data.x.columns.map((values, j) => ({ kind: "numeric" as const, name: data.x.names[j], values })),
    { kind: "numeric" as const, name: "y", values: data.y },
  ]);
}

/** The 1-minute load average, printed beside every timing: the machine is shared. */
export function load(): string {
  return loadavg()[0].toFixed(2);
}

/** The median of some timings. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
