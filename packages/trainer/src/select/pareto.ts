import { TrainerInputError } from "../errors.js";

/** Whether `a` is at least as good as `b` on every objective and better on one. */
export function dominates(a: number[], b: number[], higherIsBetter: boolean[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    const better = higherIsBetter[i] ? a[i] > b[i] : a[i] < b[i];
    const worse = higherIsBetter[i] ? a[i] < b[i] : a[i] > b[i];
    if (worse) return false;
    if (better) strictly = true;
  }
  return strictly;
}

/** Indices of the points no other point dominates (the Pareto front), in input order. */
export function paretoFront(points: number[][], higherIsBetter: boolean[]): number[] {
  return points
    .map((p, i) => ({ p, i }))
    .filter(
      ({ p, i }) =>
        p.every(Number.isFinite) &&
        !points.some((q, j) => j !== i && q.every(Number.isFinite) && dominates(q, p, higherIsBetter)),
    )
    .map(({ i }) => i);
}

/** The most weight vectors `simplexGrid` will produce: each one is a selection over every trial. */
export const MAX_GRID_POINTS = 10_000;

/**
 * How many weight vectors a grid of `step` over `dims` metrics has — C(1/step + dims − 1, dims − 1) — after
 * checking that `step` is in (0, 1] and divides 1. Counting stops past 10^15, so any input is cheap to count.
 */
export function gridPointCount(dims: number, step: number): number {
  if (!(step > 0 && step <= 1)) {
    throw new TrainerInputError(`grid_size must be in (0, 1], got ${step}.`, { path: "grid_size" });
  }
  const divisions = Math.round(1 / step);
  if (Math.abs(divisions * step - 1) > 1e-9) {
    throw new TrainerInputError(`grid_size ${step} does not divide 1 (try ${1 / divisions}).`, {
      path: "grid_size",
    });
  }
  let count = 1;
  for (let k = 1; k < dims && count <= 1e15; k++) count = (count * (divisions + k)) / k;
  return Math.round(count);
}

/** Refuses a grid with more than `maxPoints` weight vectors, naming the bound (`max_grid_points`). */
export function checkGridSize(dims: number, step: number, maxPoints = MAX_GRID_POINTS): void {
  const count = gridPointCount(dims, step);
  if (count > maxPoints) {
    throw new TrainerInputError(
      `grid_size ${step} over ${dims} metrics makes ${count > 1e15 ? "more than 10^15" : count} weight vectors, more than the ${maxPoints} allowed (max_grid_points).`,
      { path: "grid_size" },
    );
  }
}

/**
 * Weight vectors on the simplex with the given step: every vector of `dims` non-negative multiples of `step`
 * summing to 1 (step 0.25 and two metrics: [0,1], [0.25,0.75], [0.5,0.5], [0.75,0.25], [1,0]).
 */
export function simplexGrid(dims: number, step: number, maxPoints = MAX_GRID_POINTS): number[][] {
  checkGridSize(dims, step, maxPoints);
  const divisions = Math.round(1 / step);
  const out: number[][] = [];
  const walk = (prefix: number[], left: number) => {
    if (prefix.length === dims - 1) {
      out.push([...prefix, left].map((k) => k / divisions));
      return;
    }
    for (let k = 0; k <= left; k++) walk([...prefix, k], left - k);
  };
  if (dims >= 1) walk([], divisions);
  return out;
}

/**
 * Min–max normalisation per metric across candidates, oriented so that 1 is the best observed and 0 the worst;
 * returns a scorer for any vector of metric values (which may fall outside [0, 1]).
 */
export function normaliser(points: number[][], higherIsBetter: boolean[]): (values: number[]) => number[] {
  const dims = higherIsBetter.length;
  const lo = new Array(dims).fill(Number.POSITIVE_INFINITY);
  const hi = new Array(dims).fill(Number.NEGATIVE_INFINITY);
  for (const p of points) {
    for (let d = 0; d < dims; d++) {
      if (!Number.isFinite(p[d])) continue;
      lo[d] = Math.min(lo[d], p[d]);
      hi[d] = Math.max(hi[d], p[d]);
    }
  }
  return (values) =>
    values.map((v, d) => {
      const span = hi[d] - lo[d];
      if (!(span > 0)) return 1;
      return higherIsBetter[d] ? (v - lo[d]) / span : (hi[d] - v) / span;
    });
}
