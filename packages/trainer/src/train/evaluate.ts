import type { Frame } from "../data/frame.js";
import { TrainingCancelledError } from "../errors.js";
import type { Metric } from "../metrics/metrics.js";
import { TrainedModel } from "../model.js";
import type { ModelFamily, Params } from "../models/family.js";
import { Pipeline } from "../preprocess/pipeline.js";
import type { FeatureStep } from "../preprocess/steps/feature-steps.js";
import type { Split } from "../split/splits.js";
import type { ResolvedTask } from "../task.js";

/** Everything a trial needs: prepared rows, labels, splits and metrics. Cheap to send to a worker thread. */
export interface TrialData {
  features: Frame;
  y: Float64Array;
  splits: Split[];
  task: ResolvedTask;
  nClasses: number;
  metrics: Metric[];
  /** Feature-engineering steps fitted into every model's preprocessing. */
  featureSteps?: readonly FeatureStep[];
}

export interface TrialOutcome {
  /** Out-of-fold predictions, `n × width`, NaN for rows no fold scored. */
  oof: Float64Array;
  /** The primary metric on each fold evaluated. */
  foldScores: number[];
  /** Every metric over the pooled out-of-fold predictions (empty when pruned). */
  scores: Record<string, number>;
  pruned: boolean;
  seconds: number;
}

/** Decides after a fold whether a trial is hopeless (given its fold scores so far). */
export type PruneRule = (foldScores: number[]) => boolean;

/** Output width of a task's predictions: K for multiclass, 1 otherwise. */
export function predictionWidth(task: ResolvedTask): number {
  return task.kind === "multiclass" ? task.classes.length : 1;
}

function pick(y: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]];
  return out;
}

/** Fits pipeline and model on a split's training rows only, so nothing leaks from the rows it will score. */
export function fitOnRows(
  data: TrialData,
  family: ModelFamily,
  params: Params,
  rows: Int32Array,
  seed: number,
  signal?: AbortSignal,
  info: Record<string, unknown> = {},
): TrainedModel {
  const frame = data.features.take(rows);
  const pipeline = Pipeline.fit(frame, { ...family.preprocess, steps: data.featureSteps });
  const model = family.fit({
    x: pipeline.transform(frame),
    y: pick(data.y, rows),
    kind: data.task.kind,
    nClasses: data.nClasses,
    params,
    seed,
    signal,
  });
  return new TrainedModel(data.task, pipeline, model, info);
}

/** The seed of fold k's model in a trial seeded `seed`: refits with it rebuild the very same model. */
export function foldSeed(seed: number, fold: number): number {
  return seed + 7919 * fold;
}

/** Cross-validates one configuration: fits each fold, predicts its held-out rows, scores them. */
export function evaluateTrial(
  data: TrialData,
  family: ModelFamily,
  params: Params,
  seed: number,
  options: { prune?: PruneRule; signal?: AbortSignal } = {},
): TrialOutcome {
  const started = Date.now();
  const width = predictionWidth(data.task);
  const n = data.y.length;
  const oof = new Float64Array(n * width).fill(Number.NaN);
  const primary = data.metrics[0];
  const foldScores: number[] = [];
  for (const [k, split] of data.splits.entries()) {
    if (options.signal?.aborted) throw new TrainingCancelledError();
    const model = fitOnRows(data, family, params, split.train, foldSeed(seed, k), options.signal);
    const pred = model.predictRaw(data.features.take(split.valid));
    for (let i = 0; i < split.valid.length; i++) {
      oof.set(pred.subarray(i * width, i * width + width), split.valid[i] * width);
    }
    foldScores.push(primary.compute(pick(data.y, split.valid), pred, data.nClasses));
    if (k < data.splits.length - 1 && options.prune?.(foldScores)) {
      return { oof, foldScores, scores: {}, pruned: true, seconds: (Date.now() - started) / 1000 };
    }
  }
  return {
    oof,
    foldScores,
    scores: scoreOof(data, oof),
    pruned: false,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Rows that some fold scored (all rows under k-fold; the held-out rows under a holdout split). */
export function scoredRows(data: TrialData): Int32Array {
  const seen = new Uint8Array(data.y.length);
  for (const s of data.splits) for (const r of s.valid) seen[r] = 1;
  return Int32Array.from({ length: seen.length }, (_, i) => i).filter((i) => seen[i] === 1);
}

/** Every metric over the pooled out-of-fold predictions of the scored rows. */
export function scoreOof(
  data: TrialData,
  oof: Float64Array,
  rows = scoredRows(data),
): Record<string, number> {
  const width = predictionWidth(data.task);
  const y = pick(data.y, rows);
  const pred = new Float64Array(rows.length * width);
  for (let i = 0; i < rows.length; i++)
    pred.set(oof.subarray(rows[i] * width, rows[i] * width + width), i * width);
  return Object.fromEntries(data.metrics.map((m) => [m.name, m.compute(y, pred, data.nClasses)]));
}
