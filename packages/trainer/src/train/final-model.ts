import { EnsembleModel } from "../ensemble/ensemble-model.js";
import { metricScorer, selectEnsemble } from "../ensemble/selection.js";
import { isBetter } from "../metrics/metrics.js";
import type { Predictor } from "../model.js";
import { getFamily } from "../models/registry.js";
import type { LibraryEntry } from "../search/matrix.js";
import { fitOnRows, foldSeed, type TrialData } from "./evaluate.js";
import type { TrainOptions } from "./options.js";
import type { EnsembleReport } from "./result.js";

/**
 * Bagged selection by default? `pnpm bench:automl` measures plain against bagged Caruana on the public
 * datasets' nested scores; 0 (plain) until bagging wins more of them.
 */
export const DEFAULT_ENSEMBLE_BAGS = 0;

/** The model `train` hands back, and the ensemble report when a blend was considered. */
export interface FinalModel {
  model: Predictor;
  /** The final model's CV score. */
  cvScore: number;
  ensemble?: EnsembleReport;
}

/**
 * Builds the final predictor from the finished trials: with `ensemble`, a Caruana blend of them (members
 * predict with their fold models) when its nested score beats the winning trial's; otherwise the winning trial
 * refitted on all rows.
 */
export function finalModel(
  data: TrialData,
  complete: LibraryEntry[],
  winner: LibraryEntry,
  options: TrainOptions,
  seed: number,
): FinalModel {
  const primary = data.metrics[0];
  const info = { metric: primary.name, n_rows: data.y.length, trained_at: new Date().toISOString() };
  if (options.ensemble) {
    const selection = selectEnsemble(data, complete, metricScorer(primary, data.nClasses), {
      rounds: options.ensembleRounds ?? 50,
      bags: options.ensembleBags ?? DEFAULT_ENSEMBLE_BAGS,
      initBest: options.ensembleInit,
      seed,
    });
    const sign = primary.higherIsBetter ? 1 : -1;
    const members = complete
      .map((entry, i) => ({ entry, weight: selection.weights[i] }))
      .filter((m) => m.weight > 0)
      .sort((a, b) => b.weight - a.weight);
    const cvScore = sign * selection.nested;
    const ensemble: EnsembleReport = {
      cvScore,
      inSampleScore: sign * selection.inSample,
      bestSingleScore: winner.value,
      // A tie keeps the single model: as good, simpler, and cheaper to serve.
      kept: isBetter(primary, cvScore, winner.value),
      weights: members.map((m) => ({ trialId: m.entry.id, modelType: m.entry.modelType, weight: m.weight })),
    };
    if (!ensemble.kept) return { ...refitWinner(data, winner, options, info), ensemble };
    // Members predict with their fold models, rebuilt exactly: same rows, parameters and seeds as in the trial.
    const model = new EnsembleModel(
      data.task,
      members.map(({ entry, weight }) => ({
        trialId: entry.id,
        modelType: entry.modelType,
        weight,
        folds: data.splits.map((split, k) =>
          fitOnRows(
            data,
            getFamily(entry.modelType),
            entry.params,
            split.train,
            foldSeed(entry.seed, k),
            options.signal,
          ),
        ),
      })),
      { ...info, cv_score: cvScore },
    );
    return { model, cvScore, ensemble };
  }
  return refitWinner(data, winner, options, info);
}

/** The winning trial's configuration refitted on every row, with its out-of-fold score as its CV score. */
function refitWinner(
  data: TrialData,
  winner: LibraryEntry,
  options: TrainOptions,
  info: Record<string, unknown>,
): FinalModel {
  const all = Int32Array.from({ length: data.y.length }, (_, i) => i);
  const model = fitOnRows(
    data,
    getFamily(winner.modelType),
    winner.params,
    all,
    winner.seed,
    options.signal,
    {
      ...info,
      cv_score: winner.value,
      trial_id: winner.id,
    },
  );
  return { model, cvScore: winner.value };
}
