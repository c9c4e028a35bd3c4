import { blend } from "../ensemble/caruana.js";
import { selectEnsemble } from "../ensemble/selection.js";
import type { LibraryEntry } from "../search/matrix.js";
import { normaliser, paretoFront, simplexGrid } from "../select/pareto.js";
import { predictionWidth, scoredRows, scoreOof, type TrialData } from "./evaluate.js";

export interface ParetoPoint {
  trialId: string;
  modelType: string;
  scores: Record<string, number>;
}

export interface GridSelection {
  /** The weight of each metric in this selection. */
  weights: Record<string, number>;
  /** The chosen trial (without ensembling). */
  trialId?: string;
  modelType?: string;
  /** The chosen blend (with ensembling). */
  ensemble?: { trialId: string; modelType: string; weight: number }[];
  scores: Record<string, number>;
  /** Σ weight × normalised metric, 1 = best observed on every metric. */
  normalizedScore: number;
}

export interface ParetoReport {
  metrics: string[];
  /** Trials no other trial beats on every metric. */
  front: ParetoPoint[];
  /** One selection per weight vector on the simplex (`grid_size`). */
  selections?: GridSelection[];
}

/** The Pareto front of the trials over every metric and, with a grid step, the best pick per weight vector. */
export function multiMetricReport(
  data: TrialData,
  trials: LibraryEntry[],
  gridSize: number | null,
  ensemble: boolean,
  seed: number,
): ParetoReport {
  const names = data.metrics.map((m) => m.name);
  const directions = data.metrics.map((m) => m.higherIsBetter);
  const points = trials.map((t) => names.map((n) => t.scores[n]));
  const front = paretoFront(points, directions).map((i) => ({
    trialId: trials[i].id,
    modelType: trials[i].modelType,
    scores: trials[i].scores,
  }));
  if (gridSize === null) return { metrics: names, front };
  const normalise = normaliser(points, directions);
  const weighted = (w: number[], scores: Record<string, number>) =>
    normalise(names.map((n) => scores[n])).reduce((acc, v, d) => acc + w[d] * v, 0);
  const rows = scoredRows(data);
  const width = predictionWidth(data.task);
  const selections = simplexGrid(names.length, gridSize).map((w): GridSelection => {
    const weights = Object.fromEntries(names.map((n, d) => [n, w[d]]));
    if (!ensemble) {
      let best = 0;
      for (let i = 1; i < trials.length; i++)
        if (weighted(w, trials[i].scores) > weighted(w, trials[best].scores)) best = i;
      const scores = trials[best].scores;
      return {
        weights,
        trialId: trials[best].id,
        modelType: trials[best].modelType,
        scores,
        normalizedScore: weighted(w, scores),
      };
    }
    // Caruana on the scalarised objective: the blend's metrics, normalised against the trials, weighted.
    const scorer = (y: Float64Array, pred: Float64Array) =>
      weighted(w, Object.fromEntries(data.metrics.map((m) => [m.name, m.compute(y, pred, data.nClasses)])));
    const selection = selectEnsemble(data, trials, scorer, { rounds: 50, seed });
    const full = new Float64Array(data.y.length * width).fill(Number.NaN);
    const blended = blend(
      trials.map((t) => t.oof),
      selection.weights,
    );
    for (const r of rows) full.set(blended.subarray(r * width, r * width + width), r * width);
    const scores = scoreOof(data, full, rows);
    return {
      weights,
      ensemble: trials
        .map((t, i) => ({ trialId: t.id, modelType: t.modelType, weight: selection.weights[i] }))
        .filter((m) => m.weight > 0),
      scores,
      normalizedScore: weighted(w, scores),
    };
  });
  return { metrics: names, front, selections };
}
