import type { Predictor } from "../model.js";
import type { Params } from "../models/family.js";
import type { LibraryEntry, Strategy } from "../search/matrix.js";
import type { ResolvedTask } from "../task.js";
import type { ParetoReport } from "./multi-metric.js";

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
  /**
   * Whether the blend is the final model: only when its nested score beats `bestSingleScore`. Otherwise the best
   * single trial is refitted on all rows and the blend is only reported.
   */
  kept: boolean;
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
  /** The final model's CV score (the blend's nested score, or the best trial's), as stored in its `info`. */
  cvScore: number;
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
