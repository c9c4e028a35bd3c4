import type { Frame } from "../data/frame.js";
import { EnsembleModel } from "../ensemble/ensemble-model.js";
import { metricScorer, selectEnsemble } from "../ensemble/selection.js";
import { TrainerInputError, TrainingCancelledError } from "../errors.js";
import { checkFilterDepth, type Filter, filterRows } from "../filter/filter.js";
import { defaultMetric, getMetric, isBetter } from "../metrics/metrics.js";
import type { Predictor } from "../model.js";
import { type ModelFamily, type Params, resolveParams } from "../models/family.js";
import { getFamily } from "../models/registry.js";
import type { FeatureStep } from "../preprocess/steps/feature-steps.js";
import { FileJournal, type TrialJournal } from "../search/journal.js";
import {
  type LibraryEntry,
  runMatrix,
  STRATEGIES,
  type Strategy,
  type TrialExecutor,
} from "../search/matrix.js";
import { checkGridSize } from "../select/pareto.js";
import { holdoutSplit, kFoldIds, type Split, splitsFromFoldIds, validateFoldIds } from "../split/splits.js";
import { type ResolvedTask, resolveTask, type TaskSpec } from "../task.js";
import { fitOnRows, foldSeed, type TrialData } from "./evaluate.js";
import { claimJournalDirectory, runFingerprint } from "./fingerprint.js";
import { multiMetricReport, type ParetoReport } from "./multi-metric.js";
import type { ProgressEvent } from "./progress.js";

export interface TrainOptions {
  data: Frame;
  task: TaskSpec;
  filter?: Filter | null;
  /** Families to compare; omitted: a default set chosen from the data's shape (see `result.modelTypesReason`). */
  modelTypes?: string[];
  /** Per-family parameters fixed by the caller (left out of the search). */
  params?: Record<string, Params>;
  /** Metrics to score; the first selects. Default by task: auc, logloss or rmse. */
  metrics?: string[];
  /** K-fold CV; `null` uses a single holdout split. Default 5. Ignored when `folds` is given. */
  nSplits?: number | null;
  /** Predefined fold id per row of `data` (before filtering), to compare on identical splits with other tools. */
  folds?: ArrayLike<number>;
  /** Share of rows held out when `nSplits` is null. Default 0.2. */
  holdoutFraction?: number;
  randomState?: number;
  /** Search strategy: `optuna` / `tpe` (TPE) or `random`. Default `optuna`. */
  strategy?: Strategy;
  /** Trials per family; trial 0 is always the family's defaults. Default 1. */
  nTrials?: number;
  /** Blend stage-1 trials by Caruana selection instead of refitting the single best. */
  ensemble?: boolean;
  /** Caruana rounds (default 50) and bagged selection (bags > 1). */
  ensembleRounds?: number;
  ensembleBags?: number;
  /** Members the selection starts from (the N best trials). Default 1. */
  ensembleInit?: number;
  /** Simplex step for the multi-metric sweep (needs two or more metrics). */
  gridSize?: number | null;
  /** Worker threads for trials. Default: one per core. */
  workers?: number;
  /** Runs trials elsewhere instead (see `TrialExecutor`; the trial data there must come from `trialData`). */
  executor?: TrialExecutor;
  /** Where finished trials are journaled: a directory, or a store; a rerun resumes from it. */
  journal?: string | TrialJournal;
  /** Median-rule pruning of hopeless trials across folds. */
  pruning?: boolean;
  /** Feature-engineering steps (drop, log, ratio, impute) fitted into every model's preprocessing. */
  featureSteps?: FeatureStep[];
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

export interface LeaderboardEntry {
  modelType: string;
  /** The best trial of this family. */
  trialId: string;
  params: Params;
  /** The selection metric over all out-of-fold predictions pooled. */
  cvScore: number;
  /** Every requested metric over the pooled out-of-fold predictions. */
  scores: Record<string, number>;
  /** The selection metric on each fold. */
  foldScores: number[];
  /** Seconds spent on this family's trials. */
  fitSeconds: number;
  trials: number;
}

export interface TrialSummary {
  id: string;
  modelType: string;
  number: number;
  params: Params;
  state: LibraryEntry["state"];
  scores: Record<string, number>;
  seconds: number;
}

export interface EnsembleReport {
  /** Nested out-of-fold score: weights for each fold's rows chosen on the other folds only. */
  cvScore: number;
  /** Score with weights chosen on the very rows scored: optimistic, shown for comparison. */
  inSampleScore: number;
  /** The best single trial's out-of-fold score. */
  bestSingleScore: number;
  weights: { trialId: string; modelType: string; weight: number }[];
}

export interface TrainResult {
  task: ResolvedTask;
  metric: string;
  higherIsBetter: boolean;
  metrics: string[];
  /** One row per family (its best trial), best first. */
  leaderboard: LeaderboardEntry[];
  /** Every trial of the matrix. */
  trials: TrialSummary[];
  bestTrial: string;
  /** Out-of-fold predictions of each family's best trial, in the row order of the training rows. */
  oof: Record<string, Float64Array>;
  /** The final predictor: the best trial refitted on all rows, or the Caruana ensemble. */
  model: Predictor;
  ensemble?: EnsembleReport;
  /** With several metrics: the Pareto front, and with `gridSize` one selection per weight vector. */
  pareto?: ParetoReport;
  modelTypes: string[];
  modelTypesReason: string;
  strategy: Strategy;
  nTrials: number;
  nRows: number;
  filteredOut: number;
  missingLabelRows: number;
  seconds: number;
}

const DEFAULT_SEED = 42;

function defaultModelTypes(nRows: number, nCols: number): { types: string[]; reason: string } {
  if (nRows * nCols > 5_000_000) {
    return {
      types: ["gbdt", "linear"],
      reason: `${nRows} rows × ${nCols} columns is large: boosting and linear only`,
    };
  }
  return {
    types: ["gbdt", "random_forest", "linear"],
    reason: `${nRows} rows × ${nCols} columns: boosting, a forest and a linear baseline`,
  };
}

interface Prepared {
  data: TrialData;
  families: ModelFamily[];
  fixed: Record<string, Params>;
  reason: string;
  filteredOut: number;
  missingLabelRows: number;
}

/** Filters, resolves the task, drops unlabelled rows, and builds splits and metrics; validates everything first. */
function prepare(options: TrainOptions, seed: number): Prepared {
  let kept: Int32Array | undefined;
  let frame = options.data;
  if (options.filter) {
    kept = filterRows(frame, options.filter);
    frame = frame.take(kept);
  }
  const filteredOut = options.data.nRows - frame.nRows;
  if (frame.nRows === 0) {
    throw new TrainerInputError(`No rows left after the filter (the data had ${options.data.nRows}).`, {
      path: "filter",
    });
  }
  const { task, y: yAll, missingRows } = resolveTask(frame, options.task);
  let y = yAll;
  if (missingRows.length > 0) {
    const missing = new Set(missingRows);
    const rows = Int32Array.from({ length: frame.nRows }, (_, i) => i).filter((i) => !missing.has(i));
    frame = frame.take(rows);
    kept = kept ? rows.map((r) => kept![r]) : rows;
    y = rows.length === yAll.length ? yAll : Float64Array.from(rows, (r) => yAll[r]);
  }
  const features = frame.drop(task.labelColumn);
  if (features.columns.length === 0)
    throw new TrainerInputError("The data has no feature columns besides the label.");
  const nClasses = task.kind === "regression" ? 1 : task.classes.length;
  const strata = task.kind === "regression" ? undefined : y;
  const metrics = (options.metrics?.length ? options.metrics : [defaultMetric(task.kind)]).map((m) =>
    getMetric(m, task.kind),
  );

  let splits: Split[];
  if (options.folds) {
    validateFoldIds(options.folds, options.data.nRows);
    const ids = kept ? Array.from(kept, (r) => options.folds![r]) : Array.from(options.folds);
    splits = splitsFromFoldIds(ids);
  } else if (options.nSplits === null) {
    splits = [holdoutSplit(frame.nRows, options.holdoutFraction ?? 0.2, seed, strata)];
  } else {
    splits = splitsFromFoldIds(kFoldIds(frame.nRows, options.nSplits ?? 5, seed, strata));
  }

  const chosen = options.modelTypes?.length
    ? { types: options.modelTypes, reason: "given" }
    : defaultModelTypes(frame.nRows, features.columns.length);
  const families = [...new Map(chosen.types.map((t) => [getFamily(t).name, getFamily(t)])).values()];
  const fixed: Record<string, Params> = {};
  for (const family of families) {
    const given = options.params?.[family.name] ?? {};
    try {
      resolveParams(family, given);
    } catch (error) {
      throw new TrainerInputError((error as Error).message, { path: `params.${family.name}` });
    }
    fixed[family.name] = given;
  }
  return {
    data: { features, y, splits, task, nClasses, metrics, featureSteps: options.featureSteps },
    families,
    fixed,
    reason: chosen.reason,
    filteredOut,
    missingLabelRows: missingRows.length,
  };
}

/**
 * The prepared rows, labels, splits and metrics `train(options)` evaluates its trials on: the same for the same
 * options, so a process elsewhere can rebuild them to run trials for a `TrialExecutor`.
 */
export function trialData(options: TrainOptions): TrialData {
  return prepare(options, options.randomState ?? DEFAULT_SEED).data;
}

function validateSearch(options: TrainOptions): { strategy: Strategy; nTrials: number } {
  const strategy = options.strategy ?? "optuna";
  if (!STRATEGIES.includes(strategy)) {
    throw new TrainerInputError(`strategy "${strategy}" is not one of ${STRATEGIES.join(", ")}.`, {
      path: "strategy",
    });
  }
  const nTrials = options.nTrials ?? 1;
  if (!Number.isInteger(nTrials) || nTrials < 1) {
    throw new TrainerInputError(`n_trials must be an integer ≥ 1, got ${nTrials}.`, { path: "n_trials" });
  }
  if (options.gridSize != null && (options.metrics?.length ?? 0) < 2) {
    throw new TrainerInputError("grid_size needs two or more metrics.", { path: "grid_size" });
  }
  // Before any training: a grid too fine to enumerate would otherwise fail only after every trial ran.
  if (options.gridSize != null) checkGridSize(options.metrics?.length ?? 0, options.gridSize);
  if (options.filter) checkFilterDepth(options.filter);
  return { strategy, nTrials };
}

/**
 * Runs the model matrix — `nTrials` cross-validated trials per family, searched by TPE or at random, with
 * leak-free preprocessing inside every fold — then selects: the best trial refitted on all rows, or a Caruana
 * ensemble of the stage-1 trials. Reports per-family leaderboard, every trial, and the Pareto set for several metrics.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const started = Date.now();
  const seed = options.randomState ?? DEFAULT_SEED;
  const emit = (event: Omit<ProgressEvent, "elapsedMs">) =>
    options.onProgress?.({ ...event, elapsedMs: Date.now() - started });
  emit({ phase: "prepare", step: 0, totalSteps: 0, message: "Preparing data" });
  const { strategy, nTrials } = validateSearch(options);
  const prepared = prepare(options, seed);
  const { data, families } = prepared;
  await Promise.all(families.map((f) => f.prepare?.()));
  const primary = data.metrics[0];
  if (typeof options.journal === "string") claimJournalDirectory(options.journal, runFingerprint(options));
  const journal =
    typeof options.journal === "string"
      ? new FileJournal(`${options.journal}/trials.jsonl`)
      : options.journal;

  const totalSteps = families.length * nTrials + 1;
  let best: number | undefined;
  const library = await runMatrix(data, {
    families,
    fixed: prepared.fixed,
    nTrials,
    strategy,
    seed,
    workers: options.workers,
    executor: options.executor,
    journal,
    pruning: options.pruning,
    signal: options.signal,
    onTrial: (entry, done, total) => {
      if (entry.state === "complete" && (best === undefined || isBetter(primary, entry.value, best)))
        best = entry.value;
      emit({
        phase: "cv",
        model: entry.modelType,
        trial: entry.number,
        trials: nTrials,
        step: done,
        totalSteps: total + 1,
        bestScore: best,
        message: `${entry.modelType}: trial ${entry.number + 1}/${nTrials}`,
      });
    },
  });
  if (options.signal?.aborted) throw new TrainingCancelledError();

  const complete = library.filter((e) => e.state === "complete");
  if (complete.length === 0)
    throw new TrainerInputError("Every trial failed: no model could be scored on this data.");
  const rank = (a: LibraryEntry, b: LibraryEntry) =>
    isBetter(primary, a.value, b.value)
      ? -1
      : isBetter(primary, b.value, a.value)
        ? 1
        : a.id.localeCompare(b.id);
  const leaderboard: LeaderboardEntry[] = families
    .map((family) => {
      const own = library.filter((e) => e.modelType === family.name);
      const top = own.filter((e) => e.state === "complete").sort(rank)[0];
      return (
        top && {
          modelType: family.name,
          trialId: top.id,
          params: top.params,
          cvScore: top.value,
          scores: top.scores,
          foldScores: top.foldScores,
          fitSeconds: own.reduce((a, e) => a + e.seconds, 0),
          trials: own.length,
        }
      );
    })
    .filter((e): e is LeaderboardEntry => Boolean(e))
    .sort((a, b) =>
      isBetter(primary, a.cvScore, b.cvScore) ? -1 : isBetter(primary, b.cvScore, a.cvScore) ? 1 : 0,
    );
  const winner = [...complete].sort(rank)[0];

  emit({
    phase: "refit",
    model: winner.modelType,
    step: totalSteps - 1,
    totalSteps,
    bestScore: best,
    message: "Selecting and refitting",
  });
  await new Promise<void>((resolve) => setImmediate(resolve));
  const info = { metric: primary.name, n_rows: data.y.length, trained_at: new Date().toISOString() };
  let model: Predictor;
  let ensemble: EnsembleReport | undefined;
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
    ensemble = {
      cvScore: sign * selection.nested,
      inSampleScore: sign * selection.inSample,
      bestSingleScore: winner.value,
      weights: members.map((m) => ({ trialId: m.entry.id, modelType: m.entry.modelType, weight: m.weight })),
    };
    // Members predict with their fold models, rebuilt exactly: same rows, parameters and seeds as in the trial.
    model = new EnsembleModel(
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
  } else {
    const all = Int32Array.from({ length: data.y.length }, (_, i) => i);
    model = fitOnRows(data, getFamily(winner.modelType), winner.params, all, winner.seed, options.signal, {
      ...info,
      cv_score: winner.value,
      trial_id: winner.id,
    });
  }
  const pareto =
    data.metrics.length > 1
      ? multiMetricReport(data, complete, options.gridSize ?? null, Boolean(options.ensemble), seed)
      : undefined;
  emit({
    phase: "done",
    model: winner.modelType,
    step: totalSteps,
    totalSteps,
    bestScore: best,
    message: "Done",
  });

  const oof: Record<string, Float64Array> = {};
  for (const entry of leaderboard) oof[entry.modelType] = complete.find((e) => e.id === entry.trialId)!.oof;
  return {
    task: data.task,
    metric: primary.name,
    higherIsBetter: primary.higherIsBetter,
    metrics: data.metrics.map((m) => m.name),
    leaderboard,
    trials: library.map((e) => ({
      id: e.id,
      modelType: e.modelType,
      number: e.number,
      params: e.params,
      state: e.state,
      scores: e.scores,
      seconds: e.seconds,
    })),
    bestTrial: winner.id,
    oof,
    model,
    ensemble,
    pareto,
    modelTypes: families.map((f) => f.name),
    modelTypesReason: prepared.reason,
    strategy,
    nTrials,
    nRows: data.y.length,
    filteredOut: prepared.filteredOut,
    missingLabelRows: prepared.missingLabelRows,
    seconds: (Date.now() - started) / 1000,
  };
}
