import type { BinnedData } from "./binning.js";
import { COUNT_UNIT } from "./histogram.js";

/**
 * Moves the rows of `rows[start..end)` that go left at a split (local bin ≤ `bin`, or missing with
 * `missingLeft`) to the front, keeping order. Returns the first right index and the left side's gradient and
 * hessian sums, gathered in the same pass.
 */
export type Partitioner = (
  rows: Int32Array,
  start: number,
  end: number,
  feature: number,
  bin: number,
  missingLeft: boolean,
) => [number, number, number];

/** The JavaScript partitioner over `data`'s per-feature bins, with `scratch` (n rows) for the right side. */
export function jsPartitioner(data: BinnedData, gh: Float64Array, scratch: Int32Array): Partitioner {
  return (rows, start, end, feature, thr, missLeft) => {
    const column = data.columns[feature];
    const missing = data.nBins[feature];
    let l = start;
    let r = 0;
    let g = 0;
    let h = 0;
    for (let i = start; i < end; i++) {
      const row = rows[i];
      const b = column[row];
      if (b === missing ? missLeft : b <= thr) {
        rows[l++] = row;
        g += gh[2 * row];
        h += gh[2 * row + 1] - COUNT_UNIT;
      } else scratch[r++] = row;
    }
    rows.set(scratch.subarray(0, r), l);
    return [l, g, h];
  };
}
