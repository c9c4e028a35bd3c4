import type { Metric } from "../metrics/metrics.js";
import type { LibraryEntry } from "../search/matrix.js";
import { predictionWidth, scoredRows, type TrialData } from "../train/evaluate.js";
import { Rng } from "../util/random.js";
import { blend, type CaruanaOptions, caruanaWeights } from "./caruana.js";

/** Scores a blended prediction over some rows (higher is better). */
export type BlendScorer = (y: Float64Array, pred: Float64Array) => number;

/** Orients a metric so that higher is better, for Caruana's greedy search. */
export function metricScorer(metric: Metric, nClasses: number): BlendScorer {
  const sign = metric.higherIsBetter ? 1 : -1;
  return (y, pred) => sign * metric.compute(y, pred, nClasses);
}

/** Member predictions and labels restricted to the given rows. */
function restrict(
  data: TrialData,
  members: LibraryEntry[],
  rows: Int32Array,
): { y: Float64Array; preds: Float64Array[] } {
  const width = predictionWidth(data.task);
  const y = Float64Array.from(rows, (r) => data.y[r]);
  const preds = members.map((m) => {
    const out = new Float64Array(rows.length * width);
    for (let i = 0; i < rows.length; i++)
      out.set(m.oof.subarray(rows[i] * width, rows[i] * width + width), i * width);
    return out;
  });
  return { y, preds };
}

export interface EnsembleSelection {
  /** One weight per library member, in library order. */
  weights: Float64Array;
  /** The blend's out-of-fold scorer value with weights chosen on the same rows: optimistic. */
  inSample: number;
  /**
   * The honest estimate: for each fold, weights chosen on the other folds' rows blend that fold's rows
   * (nested selection), so no row helps choose the weights it is scored with.
   */
  nested: number;
}

/**
 * Caruana ensemble selection over the stage-1 library's out-of-fold predictions, with the nested estimate of
 * its score beside the in-sample one.
 */
export function selectEnsemble(
  data: TrialData,
  members: LibraryEntry[],
  scorer: BlendScorer,
  options: CaruanaOptions & { seed: number },
): EnsembleSelection {
  const rows = scoredRows(data);
  const width = predictionWidth(data.task);
  const all = restrict(data, members, rows);
  const fit = (preds: Float64Array[], y: Float64Array) =>
    caruanaWeights(preds, (p) => scorer(y, p), { ...options, rng: new Rng(options.seed) });
  const weights = fit(all.preds, all.y);
  const inSample = scorer(all.y, blend(all.preds, weights));

  // Nesting groups: the CV folds, or five random groups of the held-out rows under a single holdout split.
  const group = new Int32Array(data.y.length).fill(-1);
  if (data.splits.length >= 2) {
    data.splits.forEach((s, k) => {
      for (const r of s.valid) group[r] = k;
    });
  } else {
    const shuffled = new Rng(options.seed ^ 0x5bd1e995).shuffle(rows.slice());
    for (let i = 0; i < shuffled.length; i++) group[shuffled[i]] = i % 5;
  }
  const groups = [...new Set(Array.from(rows, (r) => group[r]))];
  const nested = new Float64Array(rows.length * width);
  const position = new Map(Array.from(rows, (r, i) => [r, i]));
  for (const g of groups) {
    const inner = rows.filter((r) => group[r] !== g);
    const outer = rows.filter((r) => group[r] === g);
    const innerData = restrict(data, members, inner);
    const w = fit(innerData.preds, innerData.y);
    const outerPred = blend(restrict(data, members, outer).preds, w);
    for (let i = 0; i < outer.length; i++) {
      nested.set(outerPred.subarray(i * width, i * width + width), position.get(outer[i])! * width);
    }
  }
  return { weights, inSample, nested: scorer(all.y, nested) };
}
