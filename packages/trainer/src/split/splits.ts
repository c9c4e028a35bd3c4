import { TrainerInputError } from "../errors.js";
import { Rng } from "../util/random.js";

/** One train/validation split of row indices. */
export interface Split {
  train: Int32Array;
  valid: Int32Array;
}

/**
 * Assigns each row to one of `k` folds, shuffled by `seed`. With `strata` (class indices), each class is spread
 * as evenly as possible over the folds.
 */
export function kFoldIds(n: number, k: number, seed: number, strata?: ArrayLike<number>): Int32Array {
  if (!Number.isInteger(k) || k < 2)
    throw new TrainerInputError(`n_splits must be an integer ≥ 2, got ${k}.`, { path: "n_splits" });
  if (k > n)
    throw new TrainerInputError(`n_splits (${k}) is larger than the number of rows (${n}).`, {
      path: "n_splits",
    });
  const rng = new Rng(seed);
  const folds = new Int32Array(n);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = strata ? strata[i] : 0;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  // Dealing each class round-robin, continuing where the previous class stopped, balances both classes and sizes.
  let offset = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(Int32Array.from(groups.get(key)!));
    for (let j = 0; j < rows.length; j++) folds[rows[j]] = (offset + j) % k;
    offset = (offset + rows.length) % k;
  }
  return folds;
}

/** Turns per-row fold ids into one split per fold (that fold validates, the rest train). */
export function splitsFromFoldIds(foldIds: ArrayLike<number>): Split[] {
  const ids = [...new Set(Array.from(foldIds))].sort((a, b) => a - b);
  if (ids.length < 2)
    throw new TrainerInputError(`Folds need at least two distinct fold ids, got ${ids.length}.`, {
      path: "folds",
    });
  return ids.map((id) => {
    const train: number[] = [];
    const valid: number[] = [];
    for (let i = 0; i < foldIds.length; i++) (foldIds[i] === id ? valid : train).push(i);
    return { train: Int32Array.from(train), valid: Int32Array.from(valid) };
  });
}

/** A single shuffled (and, with strata, stratified) holdout split. */
export function holdoutSplit(
  n: number,
  validFraction: number,
  seed: number,
  strata?: ArrayLike<number>,
): Split {
  const folds = kFoldIds(n, Math.max(2, Math.round(1 / validFraction)), seed, strata);
  return splitsFromFoldIds(folds)[0];
}

/** Checks predefined fold ids against the data: one non-negative integer per row. */
export function validateFoldIds(foldIds: ArrayLike<number>, nRows: number): void {
  if (foldIds.length !== nRows) {
    throw new TrainerInputError(
      `The folds list has ${foldIds.length} entries but the data has ${nRows} rows.`,
      {
        path: "folds",
      },
    );
  }
  for (let i = 0; i < foldIds.length; i++) {
    if (!Number.isInteger(foldIds[i]) || foldIds[i] < 0) {
      throw new TrainerInputError(
        `Fold id at row ${i + 1} is ${foldIds[i]}; fold ids are non-negative integers.`,
        {
          path: "folds",
          row: i + 1,
        },
      );
    }
  }
}
