import type { PruneRule } from "../train/evaluate.js";

/** Running means of fold scores: entry k is the mean over folds 0..k. */
export function runningMeans(foldScores: number[]): number[] {
  let sum = 0;
  return foldScores.map((s, k) => {
    sum += s;
    return sum / (k + 1);
  });
}

/**
 * The median rule: after each fold, per fold index, the median of earlier complete trials' running means.
 * Undefined (no pruning) until `minTrials` trials have completed.
 */
export function medianThresholds(completed: number[][], minTrials = 5): number[] | undefined {
  if (completed.length < minTrials) return undefined;
  const means = completed.map(runningMeans);
  const folds = Math.max(...means.map((m) => m.length));
  return Array.from({ length: folds }, (_, k) => {
    const at = means
      .map((m) => m[k])
      .filter((v) => Number.isFinite(v))
      .sort((a, b) => a - b);
    if (at.length === 0) return Number.NaN;
    const mid = at.length >> 1;
    return at.length % 2 ? at[mid] : (at[mid - 1] + at[mid]) / 2;
  });
}

/** Prunes a trial whose running mean after fold k is worse than the threshold for fold k. */
export function medianPruneRule(
  thresholds: number[] | undefined,
  higherIsBetter: boolean,
): PruneRule | undefined {
  if (!thresholds) return undefined;
  return (foldScores) => {
    const k = foldScores.length - 1;
    const mean = runningMeans(foldScores)[k];
    const limit = thresholds[k];
    if (!Number.isFinite(limit) || !Number.isFinite(mean)) return false;
    return higherIsBetter ? mean < limit : mean > limit;
  };
}
