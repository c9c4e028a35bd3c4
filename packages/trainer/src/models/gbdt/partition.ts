import type { BinnedData } from "./binning.js";

/**
 * Moves the rows of `rows[start..end)` that go left at a split (local bin ≤ `bin`, or missing with
 * `missingLeft`) to the front, keeping order. Returns the first right index. The sides' gradient sums come
 * from the leaf's histogram, so partitioning reads no gradients.
 */
export type Partitioner = (
  rows: Int32Array,
  start: number,
  end: number,
  feature: number,
  bin: number,
  missingLeft: boolean,
) => number;

/** The JavaScript partitioner over `data`'s per-feature bins, with `scratch` (n rows) for the right side. */
export function jsPartitioner(data: BinnedData, scratch: Int32Array): Partitioner {
  return (rows, start, end, feature, thr, missLeft) => {
    const column = data.columns[feature];
    const missing = data.nBins[feature];
    let l = start;
    let r = 0;
    for (let i = start; i < end; i++) {
      const row = rows[i];
      const b = column[row];
      if (b === missing ? missLeft : b <= thr) rows[l++] = row;
      else scratch[r++] = row;
    }
    rows.set(scratch.subarray(0, r), l);
    return l;
  };
}
