import { TrainerInputError } from "../errors.js";
import { checkFilterDepth, filterRows } from "../filter/filter.js";
import { defaultMetric, getMetric } from "../metrics/metrics.js";
import { type ModelFamily, type Params, resolveParams } from "../models/family.js";
import { getFamily } from "../models/registry.js";
import { STRATEGIES, type Strategy } from "../search/matrix.js";
import { checkGridSize } from "../select/pareto.js";
import { holdoutSplit, kFoldIds, type Split, splitsFromFoldIds, validateFoldIds } from "../split/splits.js";
import { resolveTask } from "../task.js";
import type { TrialData } from "./evaluate.js";
import type { TrainOptions } from "./options.js";

/** The seed used when the caller gives no `randomState`. */
export const DEFAULT_SEED = 42;

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

export interface Prepared {
  data: TrialData;
  families: ModelFamily[];
  fixed: Record<string, Params>;
  reason: string;
  filteredOut: number;
  missingLabelRows: number;
}

/** Filters, resolves the task, drops unlabelled rows, and builds splits and metrics; validates everything first. */
export function prepare(options: TrainOptions, seed: number): Prepared {
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

/** Checks the search settings: a known strategy, a whole number of trials, a grid only with several metrics. */
export function validateSearch(options: TrainOptions): { strategy: Strategy; nTrials: number } {
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
