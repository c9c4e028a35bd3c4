import type { Matrix } from "../../preprocess/matrix.js";

/** Per feature, the upper edge of each value bin (the last is +Infinity). */
export type BinEdges = Float64Array[];

const SAMPLE_LIMIT = 200_000;

/**
 * Finds up to `maxBins` quantile bins per feature. Few distinct values get one bin each (edges at midpoints);
 * otherwise edges sit at quantiles of (a sample of) the non-missing values.
 */
export function fitBinEdges(x: Matrix, maxBins = 255): BinEdges {
  // At most 255 value bins, so that the missing bin (one past the last) still fits in a byte.
  const bins = Math.min(255, Math.max(2, maxBins));
  return x.columns.map((col) => quantileEdges(col, bins));
}

/** One column's bin edges from a sorted sample of its non-missing values (typed, so the sort is native). */
function quantileEdges(col: ArrayLike<number>, bins: number): Float64Array {
  const step = Math.max(1, Math.ceil(col.length / SAMPLE_LIMIT));
  const sample = new Float64Array(Math.ceil(col.length / step));
  let m = 0;
  for (let i = 0; i < col.length; i += step) {
    const v = col[i];
    if (!Number.isNaN(v)) sample[m++] = v;
  }
  const sorted = sample.subarray(0, m).sort();
  let distinct = 0;
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const edges: number[] = [];
  if (distinct <= bins) {
    for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) edges.push((sorted[i - 1] + sorted[i]) / 2);
  } else {
    for (let b = 1; b < bins; b++) {
      const q = sorted[Math.floor((b * m) / bins)];
      const lower = sorted[Math.floor((b * m) / bins) - 1];
      const edge = (q + lower) / 2;
      if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
    }
  }
  edges.push(Number.POSITIVE_INFINITY);
  return Float64Array.from(edges);
}

/** The bin of a value: the first edge it does not exceed. Missing values get the bin after the last edge. */
export function binOf(edges: Float64Array, v: number): number {
  if (Number.isNaN(v)) return edges.length;
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Cells of the lookup grid over a column's finite edges; a few thousand keep the scan after a lookup short. */
const GRID_CELLS = 4096;

/**
 * Bins one column into `out` (the bin of every value, as `binOf` gives it), by a lookup instead of a binary
 * search per value: a uniform grid over the finite edges tells each value's first candidate bin, and a short
 * scan finishes. Eight dependent, unpredictable comparisons per value become one multiply and a step or two.
 */
export function binColumn(col: ArrayLike<number>, edges: Float64Array, out: Uint8Array | Uint16Array): void {
  const last = edges.length - 1;
  const missing = edges.length;
  const lo = edges[0];
  const hi = last > 0 ? edges[last - 1] : lo;
  const scale = hi > lo ? GRID_CELLS / (hi - lo) : 0;
  // start[c]: the first bin whose edge is not below cell c's lower bound.
  const start = new Uint16Array(GRID_CELLS + 1);
  for (let c = 0, b = 0; c <= GRID_CELLS; c++) {
    const bound = scale > 0 ? lo + c / scale : lo;
    while (b < last && edges[b] < bound) b++;
    start[c] = b;
  }
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (Number.isNaN(v)) {
      out[i] = missing;
      continue;
    }
    let k: number;
    if (v <= lo) k = 0;
    else if (v > hi) k = last;
    else {
      k = start[Math.min(GRID_CELLS, ((v - lo) * scale) | 0)];
      // Rounding in the grid may start one bin late or early; step back, then forward to the exact bin.
      while (k > 0 && edges[k - 1] >= v) k--;
      while (edges[k] < v) k++;
    }
    out[i] = k;
  }
}

/** Allocates the row-major bin array and the per-feature columns (in shared memory, or the wasm kernel's arena). */
export interface BinsAllocator {
  bins(length: number): Uint8Array;
  column(length: number): Uint8Array;
}

/** Shared memory for the bins, so that histogram worker threads read them without a copy. */
const sharedBins: BinsAllocator = {
  bins: (length) => new Uint8Array(new SharedArrayBuffer(length)),
  column: (length) => new Uint8Array(length),
};

/**
 * Bins a matrix into a row-major array (`n × F`) of local bins (a byte each), the layout histogram building
 * reads fastest: a row's bins share a cache line. Feature f's missing values get bin `edges[f].length`. Also
 * returns the same bins per feature.
 */
export function binMatrix(
  x: Matrix,
  edges: BinEdges,
  allocBins: BinsAllocator = sharedBins,
): { bins: Uint8Array; columns: Uint8Array[] } {
  const n = x.nRows;
  const f = x.nCols;
  const out = allocBins.bins(n * f);
  const columns = x.columns.map((col, j) => {
    const local = allocBins.column(n);
    binColumn(col, edges[j], local);
    for (let i = 0, at = j; i < n; i++, at += f) out[at] = local[i];
    return local;
  });
  return { bins: out, columns };
}

/** Binned training data and the histogram layout shared by the tree growers. */
export interface BinnedData {
  /** Row-major `n × F` local bins; feature f's bin b sits at histogram bin `offsets[f] + b`. */
  bins: Uint8Array;
  /**
   * The same bins per feature (local indices), for partitioning a node by one feature: reading one dense
   * column beats striding through the row-major array, one cache line per row.
   */
  columns: Uint8Array[];
  nRows: number;
  nFeatures: number;
  edges: BinEdges;
  /** Value bins per feature; bin `nBins[f]` holds feature f's missing values. */
  nBins: Int32Array;
  /** Where feature f's bins start in a histogram, counted in bins. */
  offsets: Int32Array;
  /** Bins over all features, missing bins included. */
  totalBins: number;
}

/** Bins `x` with edges fitted on it and lays out the histogram. */
export function binData(x: Matrix, maxBins = 255, allocBins: BinsAllocator = sharedBins): BinnedData {
  const edges = fitBinEdges(x, maxBins);
  const nBins = Int32Array.from(edges, (e) => e.length);
  const offsets = new Int32Array(x.nCols);
  let total = 0;
  for (let f = 0; f < x.nCols; f++) {
    offsets[f] = total;
    total += nBins[f] + 1;
  }
  const { bins, columns } = binMatrix(x, edges, allocBins);
  return {
    bins,
    columns,
    nRows: x.nRows,
    nFeatures: x.nCols,
    edges,
    nBins,
    offsets,
    totalBins: total,
  };
}
