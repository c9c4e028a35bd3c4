/**
 * Gradient histograms. Each bin holds two doubles: the gradient sum, and the hessian sum with the row count
 * packed in as `count × COUNT_UNIT + hessian`. Exact counts (for `min_child_samples`) thus cost no third
 * channel: with hessians in [0, 1] (true of every objective here) and fewer than 2^26 rows, a node's hessian
 * sum stays below COUNT_UNIT, and `Math.round(packed / COUNT_UNIT)` recovers the count exactly.
 */
export const COUNT_UNIT = 2 ** 26;

/** The rows a histogram is built over: `rows[start..end)`. */
export interface RowRange {
  rows: Int32Array;
  start: number;
  end: number;
}

/** Sums a range of rows into a histogram: `accumulate` below, or the wasm kernel (see wasm-kernel.ts). */
export type HistogramKernel = (
  hist: Float64Array,
  bins: Uint8Array,
  nf: number,
  gh: Float64Array,
  range: RowRange,
  features: Int32Array | null,
  offsets: Int32Array,
) => void;

/**
 * Adds every row of the range into `hist` (length `totalBins × 2`), over all features (`features` null) or the
 * listed ones. `bins` is row-major `n × nf` of local bins, feature f's starting at histogram bin `offsets[f]`;
 * `gh` interleaves each row's gradient and packed hessian.
 */
export const accumulate: HistogramKernel = (hist, bins, nf, gh, range, features, offsets) => {
  const { rows, start, end } = range;
  if (features === null) {
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const g = gh[2 * r];
      const h = gh[2 * r + 1];
      const at = r * nf;
      for (let f = 0; f < nf; f++) {
        const idx = (offsets[f] + bins[at + f]) << 1;
        hist[idx] += g;
        hist[idx + 1] += h;
      }
    }
    return;
  }
  const used = features.length;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = gh[2 * r];
    const h = gh[2 * r + 1];
    const base = r * nf;
    for (let k = 0; k < used; k++) {
      const f = features[k];
      const idx = (offsets[f] + bins[base + f]) << 1;
      hist[idx] += g;
      hist[idx + 1] += h;
    }
  }
};

/** Packs gradients and hessians (clamped to [0, 1]) with a count of one per row into `gh`. */
export function packGradients(grad: Float64Array, hess: Float64Array, gh: Float64Array): void {
  for (let i = 0; i < grad.length; i++) {
    gh[2 * i] = grad[i];
    gh[2 * i + 1] = COUNT_UNIT + Math.min(1, Math.max(0, hess[i]));
  }
}

/**
 * Histograms handed back by finished trees and handed out again, cleared. A fit allocates a few dozen instead of
 * thousands: each is ~10 KB per feature, outside V8's heap, and V8 collects such buffers too late to keep the
 * peak memory down.
 */
export class HistogramCache {
  private readonly free: Float64Array[] = [];

  constructor(readonly length: number) {}

  /** A zeroed histogram. */
  take(): Float64Array {
    const hist = this.free.pop();
    if (!hist) return new Float64Array(this.length);
    hist.fill(0);
    return hist;
  }

  /** Returns a histogram nothing refers to any more. */
  give(hist: Float64Array): void {
    this.free.push(hist);
  }
}
