import { EnsembleModel } from "../ensemble/ensemble-model.js";
import { metricScorer, selectEnsemble } from "../ensemble/selection.js";
import type { Predictor } from "../model.js";
import { getFamily } from "../models/registry.js";
import type { LibraryEntry } from "../search/matrix.js";
import { fitOnRows, foldSeed, type TrialData } from "./evaluate.js";
import type { TrainOptions } from "./options.js";
import type { EnsembleReport } from "./result.js";

/** The model `train` hands back, and the ensemble report when a blend was considered. */
export interface FinalModel {
  model: Predictor;
  ensemble?: EnsembleReport;
}

/**
 * Builds the final predictor from the finished trials: with `ensemble`, a Caruana blend of them (members
 * predict with their fold models); otherwise the winning trial refitted on all rows.
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
      bags: options.ensembleBags,
      initBest: options.ensembleInit,
      seed,
    });
    const sign = primary.higherIsBetter ? 1 : -1;
    const members = complete
      .map((entry, i) => ({ entry, weight: selection.weights[i] }))
      .filter((m) => m.weight > 0)
      .sort((a, b) => b.weight - a.weight);
    const ensemble: EnsembleReport = {
      cvScore: sign * selection.nested,
      inSampleScore: sign * selection.inSample,
      bestSingleScore: winner.value,
      weights: members.map((m) => ({ trialId: m.entry.id, modelType: m.entry.modelType, weight: m.weight })),
    };
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
      { ...info, cv_score: ensemble.cvScore },
    );
    return { model, ensemble };
  }
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
  return { model };
}
