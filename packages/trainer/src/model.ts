import type { Frame } from "./data/frame.js";
import type { FittedModel } from "./models/family.js";
import type { Pipeline } from "./preprocess/pipeline.js";
import type { ResolvedTask } from "./task.js";

/** Predictions in user terms: values, or the predicted class with every class's probability. */
export interface PredictionSet {
  task: ResolvedTask["kind"];
  /** Regression values, or predicted class names. */
  predictions: (number | string)[];
  /** Class names, in the column order of `probabilities`. */
  classes: string[];
  /** Row-major `n × classes.length` probabilities (classification only). */
  probabilities?: Float64Array;
  /** The raw model output: values, P(class 1), or row-major probabilities. */
  raw: Float64Array;
}

/** Turns raw model output into predictions in user terms (class names and probabilities, or values). */
export function toPredictionSet(task: ResolvedTask, raw: Float64Array, n: number): PredictionSet {
  const { kind, classes } = task;
  if (kind === "regression") return { task: kind, predictions: Array.from(raw), classes: [], raw };
  const k = classes.length;
  const probabilities = new Float64Array(n * k);
  const predictions: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (kind === "binary") {
      probabilities[i * 2] = 1 - raw[i];
      probabilities[i * 2 + 1] = raw[i];
    } else probabilities.set(raw.subarray(i * k, i * k + k), i * k);
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c] > probabilities[i * k + best]) best = c;
    predictions[i] = classes[best];
  }
  return { task: kind, predictions, classes, probabilities, raw };
}

/** Anything that predicts frames: a single trained model or an ensemble of them. */
export interface Predictor {
  readonly kind: "single" | "ensemble";
  readonly task: ResolvedTask;
  /** Facts recorded at training time (scores, rows, dates). */
  readonly info: Record<string, unknown>;
  /** Raw output: values, P(class 1), or row-major class probabilities. */
  predictRaw(frame: Frame): Float64Array;
  predict(frame: Frame): PredictionSet;
}

/** A fitted preprocessing pipeline and model, ready to predict on frames with the training columns. */
export class TrainedModel implements Predictor {
  readonly kind = "single";
  constructor(
    readonly task: ResolvedTask,
    readonly pipeline: Pipeline,
    readonly model: FittedModel,
    /** CV scores and other facts recorded at training time. */
    readonly info: Record<string, unknown> = {},
  ) {}

  get featureNames(): string[] {
    return this.pipeline.featureNames;
  }

  /** The model's raw output on a frame (see `PredictionSet.raw`). */
  predictRaw(frame: Frame): Float64Array {
    return this.model.predict(this.pipeline.transform(frame));
  }

  /** Predicts every row of `frame`; extra columns (the label, say) are ignored. */
  predict(frame: Frame): PredictionSet {
    return toPredictionSet(this.task, this.predictRaw(frame), frame.nRows);
  }
}
