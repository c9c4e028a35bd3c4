import type { Frame } from "../data/frame.js";
import { TrainerInputError, TrainingCancelledError } from "../errors.js";
import { type Filter, filterRows } from "../filter/filter.js";
import { defaultMetric, getMetric, isBetter } from "../metrics/metrics.js";
import { TrainedModel } from "../model.js";
import { type ModelFamily, type Params, resolveParams } from "../models/family.js";
import { getFamily } from "../models/registry.js";
import { Pipeline } from "../preprocess/pipeline.js";
import { holdoutSplit, kFoldIds, type Split, splitsFromFoldIds, validateFoldIds } from "../split/splits.js";
import { type ResolvedTask, resolveTask, type TaskSpec } from "../task.js";
import type { ProgressEvent } from "./progress.js";

export interface TrainOptions {
  data: Frame;
  task: TaskSpec;
  filter?: Filter | null;
  /** Families to compare; omitted: a default set chosen from the data's shape (see `result.modelTypesReason`). */
  modelTypes?: string[];
  /** Per-family parameter overrides. */
  params?: Record<string, Params>;
  /** Metrics to report; the first selects the best model. Default by task: auc, logloss or rmse. */
  metrics?: string[];
  /** K-fold CV; `null` uses a single holdout split. Default 5. Ignored when `folds` is given. */
  nSplits?: number | null;
  /** Predefined fold id per row of `data` (before filtering), to compare on identical splits with other tools. */
  folds?: ArrayLike<number>;
  /** Share of rows held out when `nSplits` is null. Default 0.2. */
  holdoutFraction?: number;
  randomState?: number;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

export interface LeaderboardEntry {
  modelType: string;
  params: Params;
  /** The selection metric over all out-of-fold predictions pooled. */
  cvScore: number;
  /** Every requested metric over the pooled out-of-fold predictions. */
  scores: Record<string, number>;
  /** The selection metric on each fold. */
  foldScores: number[];
  fitSeconds: number;
}

export interface TrainResult {
  task: ResolvedTask;
  metric: string;
  higherIsBetter: boolean;
  metrics: string[];
  /** Best first. */
  leaderboard: LeaderboardEntry[];
  /** Out-of-fold predictions per family, in the row order of the training rows. */
  oof: Record<string, Float64Array>;
  /** The best family refitted on every training row. */
  model: TrainedModel;
  modelTypes: string[];
  modelTypesReason: string;
  nRows: number;
  /** Rows removed by the filter, and rows dropped for a missing label. */
  filteredOut: number;
  missingLabelRows: number;
  seconds: number;
}

const DEFAULT_SEED = 42;

function defaultModelTypes(nRows: number, nCols: number): { types: string[]; reason: string } {
  const cells = nRows * nCols;
  if (cells > 5_000_000) {
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

/** Cross-validates each model family with leak-free preprocessing, ranks them, and refits the best on all rows. */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const started = Date.now();
  const signal = options.signal;
  const seed = options.randomState ?? DEFAULT_SEED;
  const check = () => {
    if (signal?.aborted) throw new TrainingCancelledError();
  };
  const emit = (event: Omit<ProgressEvent, "elapsedMs">) =>
    options.onProgress?.({ ...event, elapsedMs: Date.now() - started });
  // Yield to the event loop between fits so progress and cancellation get through.
  const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

  emit({ phase: "prepare", step: 0, totalSteps: 0, message: "Preparing data" });
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
  if (missingRows.length > 0) {
    const missing = new Set(missingRows);
    const rows = Int32Array.from({ length: frame.nRows }, (_, i) => i).filter((i) => !missing.has(i));
    frame = frame.take(rows);
    kept = kept ? rows.map((r) => kept![r]) : rows;
  }
  const y = missingRows.length > 0 ? yAll.filter((v) => !Number.isNaN(v)) : yAll;
  const features = frame.drop(task.labelColumn);
  if (features.columns.length === 0)
    throw new TrainerInputError("The data has no feature columns besides the label.");
  const nClasses = task.kind === "regression" ? 1 : task.classes.length;
  const strata = task.kind === "regression" ? undefined : y;

  const metricNames = options.metrics?.length ? options.metrics : [defaultMetric(task.kind)];
  const metrics = metricNames.map((m) => getMetric(m, task.kind));
  const primary = metrics[0];

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
  const validRows = new Uint8Array(frame.nRows);
  for (const s of splits) for (const r of s.valid) validRows[r] = 1;

  const chosen = options.modelTypes?.length
    ? { types: options.modelTypes, reason: "given" }
    : defaultModelTypes(frame.nRows, features.columns.length);
  const families: ModelFamily[] = [
    ...new Map(chosen.types.map((t) => [getFamily(t).name, getFamily(t)])).values(),
  ];
  const paramsFor = (family: ModelFamily) => {
    try {
      return resolveParams(family, options.params?.[family.name]);
    } catch (error) {
      throw new TrainerInputError((error as Error).message, { path: `params.${family.name}` });
    }
  };
  const resolvedParams = new Map(families.map((f) => [f.name, paramsFor(f)]));

  const totalSteps = families.length * splits.length + 1;
  let step = 0;
  const leaderboard: LeaderboardEntry[] = [];
  const oof: Record<string, Float64Array> = {};
  const width = task.kind === "multiclass" ? nClasses : 1;
  let best: number | undefined;

  for (const family of families) {
    const params = resolvedParams.get(family.name)!;
    const pred = new Float64Array(frame.nRows * width).fill(Number.NaN);
    const foldScores: number[] = [];
    const fitStarted = Date.now();
    for (const [foldIndex, split] of splits.entries()) {
      check();
      emit({
        phase: "cv",
        model: family.name,
        fold: foldIndex,
        folds: splits.length,
        step,
        totalSteps,
        bestScore: best,
        message: `${family.name}: fold ${foldIndex + 1}/${splits.length}`,
      });
      await breathe();
      const validPred = fitAndPredict(
        family,
        params,
        features,
        y,
        split,
        task,
        nClasses,
        seed + foldIndex,
        signal,
      );
      for (let i = 0; i < split.valid.length; i++) {
        const r = split.valid[i];
        for (let c = 0; c < width; c++) pred[r * width + c] = validPred[i * width + c];
      }
      foldScores.push(primary.compute(pick(y, split.valid), validPred, nClasses));
      step++;
    }
    const scored = Int32Array.from({ length: frame.nRows }, (_, i) => i).filter((i) => validRows[i] === 1);
    const pooledY = pick(y, scored);
    const pooledPred = pickRows(pred, scored, width);
    const scores = Object.fromEntries(metrics.map((m) => [m.name, m.compute(pooledY, pooledPred, nClasses)]));
    const entry: LeaderboardEntry = {
      modelType: family.name,
      params,
      cvScore: scores[primary.name],
      scores,
      foldScores,
      fitSeconds: (Date.now() - fitStarted) / 1000,
    };
    leaderboard.push(entry);
    oof[family.name] = pred;
    if (best === undefined || isBetter(primary, entry.cvScore, best)) best = entry.cvScore;
  }
  leaderboard.sort((a, b) =>
    isBetter(primary, a.cvScore, b.cvScore) ? -1 : isBetter(primary, b.cvScore, a.cvScore) ? 1 : 0,
  );

  const winner = leaderboard[0];
  check();
  emit({
    phase: "refit",
    model: winner.modelType,
    step,
    totalSteps,
    bestScore: best,
    message: `Refitting ${winner.modelType} on all rows`,
  });
  await breathe();
  const family = getFamily(winner.modelType);
  const pipeline = Pipeline.fit(features, family.preprocess);
  const fitted = family.fit({
    x: pipeline.transform(features),
    y,
    kind: task.kind,
    nClasses,
    params: winner.params,
    seed,
    signal,
  });
  const model = new TrainedModel(task, pipeline, fitted, {
    metric: primary.name,
    cv_score: winner.cvScore,
    scores: winner.scores,
    n_rows: frame.nRows,
    trained_at: new Date().toISOString(),
  });
  step++;
  emit({ phase: "done", model: winner.modelType, step, totalSteps, bestScore: best, message: "Done" });
  return {
    task,
    metric: primary.name,
    higherIsBetter: primary.higherIsBetter,
    metrics: metrics.map((m) => m.name),
    leaderboard,
    oof,
    model,
    modelTypes: families.map((f) => f.name),
    modelTypesReason: chosen.reason,
    nRows: frame.nRows,
    filteredOut,
    missingLabelRows: missingRows.length,
    seconds: (Date.now() - started) / 1000,
  };
}

function pick(y: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]];
  return out;
}

function pickRows(pred: Float64Array, rows: Int32Array, width: number): Float64Array {
  const out = new Float64Array(rows.length * width);
  for (let i = 0; i < rows.length; i++)
    out.set(pred.subarray(rows[i] * width, rows[i] * width + width), i * width);
  return out;
}

/** Fits preprocessing and model on a split's training rows and predicts its validation rows. */
export function fitAndPredict(
  family: ModelFamily,
  params: Params,
  features: Frame,
  y: Float64Array,
  split: Split,
  task: ResolvedTask,
  nClasses: number,
  seed: number,
  signal?: AbortSignal,
): Float64Array {
  // The pipeline sees the training rows only, so nothing leaks from the scored rows.
  const trainFrame = features.take(split.train);
  const pipeline = Pipeline.fit(trainFrame, family.preprocess);
  const model = family.fit({
    x: pipeline.transform(trainFrame),
    y: pick(y, split.train),
    kind: task.kind,
    nClasses,
    params,
    seed,
    signal,
  });
  return model.predict(pipeline.transform(features.take(split.valid)));
}
