import { COUNT_UNIT } from "./histogram.js";

/**
 * Exact gradient and hessian sums per tree node (`sums[2·node]`, `sums[2·node + 1]`), for leaf values. The
 * histograms' hessian sums carry the row counts in their high bits and so keep fewer low ones (down to ~1e-3
 * absolute on a million rows, more after subtractions), so leaf values are taken from these instead.
 */
export type LeafSummer = (nodeOf: Uint16Array, inSample: Uint8Array | null, nodes: number) => Float64Array;

/** Adds rows `start..end` (in row order, skipping rows `inSample` leaves out) into `sums` by their node. */
export function addLeafSums(
  sums: Float64Array,
  nodeOf: Uint16Array,
  inSample: Uint8Array | null,
  gh: Float64Array,
  start: number,
  end: number,
): void {
  for (let r = start; r < end; r++) {
    if (inSample !== null && inSample[r] === 0) continue;
    const at = nodeOf[r] << 1;
    sums[at] += gh[2 * r];
    sums[at + 1] += gh[2 * r + 1] - COUNT_UNIT;
  }
}

/** Leaf sums on the calling thread. */
export function localLeafSums(gh: Float64Array): LeafSummer {
  return (nodeOf, inSample, nodes) => {
    const sums = new Float64Array(2 * nodes);
    addLeafSums(sums, nodeOf, inSample, gh, 0, nodeOf.length);
    return sums;
  };
}
