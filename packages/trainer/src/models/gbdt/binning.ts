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
  return x.columns.map((col) => {
    const step = Math.max(1, Math.floor(col.length / SAMPLE_LIMIT));
    const sample: number[] = [];
    for (let i = 0; i < col.length; i += step) if (!Number.isNaN(col[i])) sample.push(col[i]);
    const sorted = Float64Array.from(sample).sort();
    const distinct: number[] = [];
    for (let i = 0; i < sorted.length; i++)
      if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
    const edges: number[] = [];
    if (distinct.length <= bins) {
      for (let i = 0; i + 1 < distinct.length; i++) edges.push((distinct[i] + distinct[i + 1]) / 2);
    } else {
      for (let b = 1; b < bins; b++) {
        const q = sorted[Math.floor((b * sorted.length) / bins)];
        const lower = sorted[Math.floor((b * sorted.length) / bins) - 1];
        const edge = (q + lower) / 2;
        if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
      }
    }
    edges.push(Number.POSITIVE_INFINITY);
    return Float64Array.from(edges);
  });
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

/**
 * Bins a matrix into a row-major array (`n × F`) of global bin indices, the layout histogram building reads
 * fastest: feature f's bin b is stored as `offsets[f] + b`, its missing values as `offsets[f] + edges[f].length`.
 */
export function binMatrix(x: Matrix, edges: BinEdges, offsets: Int32Array): Uint16Array {
  const n = x.nRows;
  const f = x.nCols;
  // Shared memory, so that histogram worker threads read the bins without a copy.
  const out = new Uint16Array(new SharedArrayBuffer(2 * n * f));
  for (let j = 0; j < f; j++) {
    const col = x.columns[j];
    const e = edges[j];
    const offset = offsets[j];
    for (let i = 0; i < n; i++) out[i * f + j] = offset + binOf(e, col[i]);
  }
  return out;
}

/** Binned training data and the histogram layout shared by the tree growers. */
export interface BinnedData {
  /** Row-major `n × F` global bin indices: feature f's bin b is `offsets[f] + b`. */
  bins: Uint16Array;
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
export function binData(x: Matrix, maxBins = 255): BinnedData {
  const edges = fitBinEdges(x, maxBins);
  const nBins = Int32Array.from(edges, (e) => e.length);
  const offsets = new Int32Array(x.nCols);
  let total = 0;
  for (let f = 0; f < x.nCols; f++) {
    offsets[f] = total;
    total += nBins[f] + 1;
  }
  const bins = binMatrix(x, edges, offsets);
  const columns = Array.from({ length: x.nCols }, (_, j) => {
    const col = new Uint8Array(x.nRows);
    for (let i = 0, at = j; i < x.nRows; i++, at += x.nCols) col[i] = bins[at] - offsets[j];
    return col;
  });
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
