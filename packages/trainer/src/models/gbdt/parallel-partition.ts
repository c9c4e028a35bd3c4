import type { Partitioner } from "./partition.js";

/** One thread's piece of a split range after partitioning it in place: `[start, mid)` left, `[mid, end)` right. */
export interface Piece {
  start: number;
  mid: number;
  end: number;
}

/** Copies `from[start..end)` to `into[at..)`; the two may be the same array, the ranges overlapping. */
export type Mover = (into: Int32Array, at: number, from: Int32Array, start: number, end: number) => void;

/** The plain typed-array mover (on shared memory V8 copies element by element; see wasmMover for the fast one). */
export const typedArrayMover: Mover = (into, at, from, start, end) => {
  if (into === from) into.copyWithin(at, start, end);
  else into.set(from.subarray(start, end), at);
};

/**
 * Joins pieces that each thread partitioned in place (in order, together covering one range) into one stable
 * partition of the range: every piece's left rows, then every piece's right rows. Only memory moves: the rights
 * go through `scratch`, the lefts slide down. Returns the first right index.
 */
export function joinPieces(
  rows: Int32Array,
  scratch: Int32Array,
  pieces: Piece[],
  move: Mover = typedArrayMover,
): number {
  let right = 0;
  for (const p of pieces) {
    move(scratch, right, rows, p.mid, p.end);
    right += p.end - p.mid;
  }
  let at = pieces[0].start;
  for (const p of pieces) {
    // Moving down never overwrites a left still to move: each destination lies below its source.
    if (at !== p.start) move(rows, at, rows, p.start, p.mid);
    at += p.mid - p.start;
  }
  move(rows, at, scratch, 0, right);
  return at;
}

/** Below this many rows a split is partitioned on the calling thread alone: the hand-off would cost more. */
export const MIN_PARALLEL_PARTITION = 65_536;

/** Splits large ranges across threads: `partitionPieces` partitions the pieces, `joinPieces` joins them. */
export function parallelPartitioner(
  local: Partitioner,
  scratch: Int32Array,
  partitionPieces: (...split: Parameters<Partitioner>) => Piece[],
  move: Mover = typedArrayMover,
): Partitioner {
  return (rows, start, end, feature, bin, missingLeft) => {
    if (end - start < MIN_PARALLEL_PARTITION) return local(rows, start, end, feature, bin, missingLeft);
    return joinPieces(rows, scratch, partitionPieces(rows, start, end, feature, bin, missingLeft), move);
  };
}
