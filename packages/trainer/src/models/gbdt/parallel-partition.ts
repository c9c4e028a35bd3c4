import type { Partitioner } from "./partition.js";

/** One thread's piece of a split range after partitioning it in place: `[start, mid)` left, `[mid, end)` right. */
export interface Piece {
  start: number;
  mid: number;
  end: number;
}

/**
 * Joins pieces that each thread partitioned in place (in order, together covering one range) into one stable
 * partition of the range: every piece's left rows, then every piece's right rows. Only memory moves: the rights
 * go through `scratch`, the lefts slide down. Returns the first right index.
 */
export function joinPieces(rows: Int32Array, scratch: Int32Array, pieces: Piece[]): number {
  let right = 0;
  for (const p of pieces) {
    scratch.set(rows.subarray(p.mid, p.end), right);
    right += p.end - p.mid;
  }
  let at = pieces[0].start;
  for (const p of pieces) {
    // Moving down never overwrites a left still to move: each destination lies below its source.
    rows.copyWithin(at, p.start, p.mid);
    at += p.mid - p.start;
  }
  rows.set(scratch.subarray(0, right), at);
  return at;
}

/** Below this many rows a split is partitioned on the calling thread alone: the hand-off would cost more. */
export const MIN_PARALLEL_PARTITION = 65_536;

/** Splits large ranges across threads: `partitionPieces` partitions the pieces, `joinPieces` joins them. */
export function parallelPartitioner(
  local: Partitioner,
  scratch: Int32Array,
  partitionPieces: (...split: Parameters<Partitioner>) => Piece[],
): Partitioner {
  return (rows, start, end, feature, bin, missingLeft) => {
    if (end - start < MIN_PARALLEL_PARTITION) return local(rows, start, end, feature, bin, missingLeft);
    return joinPieces(rows, scratch, partitionPieces(rows, start, end, feature, bin, missingLeft));
  };
}
