import type { Frame } from "../data/frame.js";
import type { Filter } from "../filter/filter.js";
import type { Params } from "../models/family.js";
import type { FeatureStep } from "../preprocess/steps/feature-steps.js";
import type { TrialJournal } from "../search/journal.js";
import type { Strategy, TrialExecutor } from "../search/matrix.js";
import type { TaskSpec } from "../task.js";
import type { ProgressEvent } from "./progress.js";

/** Everything `train(options)` takes: the data, the task, the search and the final selection. */
export interface TrainOptions {
  data: Frame;
  task: TaskSpec;
  filter?: Filter | null;
  /** Families to compare; omitted: a default set chosen from the data's shape (see `result.modelTypesReason`). */
  modelTypes?: readonly string[];
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
