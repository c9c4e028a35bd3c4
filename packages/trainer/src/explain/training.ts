import { EnsembleModel } from "../ensemble/ensemble-model.js";
import { getMetric } from "../metrics/metrics.js";
import type { Predictor, TrainedModel } from "../model.js";
import { getFamily } from "../models/registry.js";
import { fitOnRows, foldSeed, predictionWidth, scoredRows, type TrialData } from "../train/evaluate.js";
import type { TrainOptions } from "../train/options.js";
import { trialData } from "../train/prepare.js";
import type { TrainResult } from "../train/result.js";
import { metricClasses } from "./labels.js";
import { type PermutationImportance, permutationImportance, sampleRows } from "./permutation.js";
import { type GainImportance, treeGainImportance } from "./tree-gain.js";

export interface TrainingExplanation {
  /** The selection metric on each fold's held-out rows, for the selected model. */
  foldScores: number[];
  /** A seeded sample of the selected model's out-of-fold predictions (at most `maxRows`). */
  outOfFold: {
    /** Scored rows in all (the sample is drawn from them). */
    rows: number;
    /** Encoded labels: values, or class indices into `task.classes`. */
    y: number[];
    /** Predictions: values, P(class 1), or `classes.length` probabilities per row (row-major). */
    predictions: number[];
    /** The fold that scored each row. */
    fold: number[];
    /** True for an ensemble, whose blend weights were chosen on these same rows (mildly optimistic). */
    inSampleWeights: boolean;
  };
  /** Permutation importance on the first fold's held-out rows, for a model fitted without them. */
  permutation: PermutationImportance;
  /** Gain importance of the final model's trees (tree families only). */
  gain?: GainImportance;
}

export interface ExplainOptions {
  /** Out-of-fold rows kept, and rows used for importance. Default 2000. */
  maxRows?: number;
  /** Shuffles per column for permutation importance. Default 3. */
  repeats?: number;
  /** Training rows of the extra fit a single model needs, at most (a seeded sample of the first fold's). Default 100,000. */
  maxFitRows?: number;
  signal?: AbortSignal;
}

/** Out-of-fold predictions of an ensemble: each member's fold models predict their own held-out rows, blended. */
function ensembleOof(data: TrialData, model: EnsembleModel): Float64Array {
  const width = predictionWidth(data.task);
  const oof = new Float64Array(data.y.length * width).fill(Number.NaN);
  for (const [k, split] of data.splits.entries()) {
    const frame = data.features.take(split.valid);
    const blend = new Float64Array(split.valid.length * width);
    for (const member of model.members) {
      const p = member.folds[k].predictRaw(frame);
      for (let i = 0; i < p.length; i++) blend[i] += member.weight * p[i];
    }
    for (let i = 0; i < split.valid.length; i++)
      oof.set(blend.subarray(i * width, i * width + width), split.valid[i] * width);
  }
  return oof;
}

/** The selected model as it was before seeing the first fold's held-out rows (refitted on at most `maxFitRows`). */
function firstFoldModel(
  data: TrialData,
  options: TrainOptions,
  result: TrainResult,
  maxFitRows: number,
): Predictor {
  const model = result.model;
  if (model instanceof EnsembleModel)
    return new EnsembleModel(
      model.task,
      model.members.map((m) => ({ ...m, folds: [m.folds[0]] })),
    );
  const single = model as TrainedModel;
  const best = result.trials.find((t) => t.id === result.bestTrial);
  const family = getFamily(single.model.family);
  const train = data.splits[0].train;
  const seed = options.randomState ?? 42;
  const rows = Int32Array.from(sampleRows(train.length, maxFitRows, seed), (i) => train[i]);
  return fitOnRows(
    data,
    family,
    best?.params ?? single.model.params,
    rows,
    foldSeed(seed, 0),
    options.signal,
  );
}

/**
 * The figures a report needs beyond the leaderboard, for the model `train(options)` selected: fold scores, a
 * bounded sample of out-of-fold predictions (curves, confusion matrix, residuals), permutation importance on
 * held-out rows, and gain importance for tree models. Costs one extra fit for a single model (none for an
 * ensemble, whose members keep their fold models).
 */
export function explainTraining(
  options: TrainOptions,
  result: TrainResult,
  limits: ExplainOptions = {},
): TrainingExplanation {
  const data = trialData(options);
  const maxRows = limits.maxRows ?? 2000;
  const width = predictionWidth(data.task);
  const isEnsemble = result.model instanceof EnsembleModel;
  const winner = result.trials.find((t) => t.id === result.bestTrial);
  const oof = isEnsemble
    ? ensembleOof(data, result.model as EnsembleModel)
    : (result.oof[winner?.modelType ?? ""] ?? new Float64Array(data.y.length * width).fill(Number.NaN));

  const metric = getMetric(result.metric, data.task.kind);
  const nClasses = metricClasses(data.task);
  const foldOf = new Int32Array(data.y.length).fill(-1);
  const foldScores = data.splits.map((split, k) => {
    for (const r of split.valid) foldOf[r] = k;
    const pred = new Float64Array(split.valid.length * width);
    for (let i = 0; i < split.valid.length; i++)
      pred.set(oof.subarray(split.valid[i] * width, split.valid[i] * width + width), i * width);
    return metric.compute(
      Float64Array.from(split.valid, (r) => data.y[r]),
      pred,
      nClasses,
    );
  });

  const scored = scoredRows(data);
  const picked = Array.from(sampleRows(scored.length, maxRows, options.randomState ?? 42), (i) => scored[i]);
  const outOfFold = {
    rows: scored.length,
    y: picked.map((r) => data.y[r]),
    predictions: picked.flatMap((r) => Array.from(oof.subarray(r * width, r * width + width))),
    fold: picked.map((r) => foldOf[r]),
    inSampleWeights: isEnsemble,
  };

  const valid = data.splits[0].valid;
  const heldOut = data.features.take(valid);
  const permutation = permutationImportance(
    firstFoldModel(data, options, result, limits.maxFitRows ?? 100_000),
    heldOut,
    Float64Array.from(valid, (r) => data.y[r]),
    {
      metric: result.metric,
      repeats: limits.repeats,
      maxRows,
      seed: options.randomState,
      signal: limits.signal,
    },
  );
  const sample = data.features.take(sampleRows(data.y.length, maxRows, (options.randomState ?? 42) + 2));
  return { foldScores, outOfFold, permutation, gain: treeGainImportance(result.model, sample) };
}
