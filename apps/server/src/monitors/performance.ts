import {
  type Column,
  encodeLabels,
  getMetric,
  type PredictionSet,
  predictionScores,
  type ResolvedTask,
} from "@parzen/trainer";
import type { StoredModel } from "../models/repository.js";

/** How a monitor judges labelled batches (the spec's `Monitor.performance`). */
export interface PerformanceRule {
  metric: string;
  baseline: number | null;
  threshold: number | null;
  higher_is_better: boolean;
}

/** A labelled batch's score against the rule (the spec's `MonitorBatch.performance`). */
export interface BatchPerformance {
  metric: string;
  value: number | null;
  baseline: number | null;
  threshold: number | null;
  degraded: boolean;
}

/** A stored model's task as the trainer resolves it. */
export function modelTask(model: StoredModel): ResolvedTask {
  return {
    kind: model.task.kind,
    labelColumn: model.task.label_column,
    classes: model.classes,
    inferred: false,
    reason: "",
  };
}

/**
 * The rule for a model: the metric (default its selection metric), its cross-validated score as baseline, and the
 * threshold (given, else 0.1 below the baseline for scores, 1.5 times it for losses).
 */
export function performanceRule(
  model: StoredModel,
  metricName?: string,
  threshold?: number,
): PerformanceRule {
  const name = metricName ?? (model.metric === "none" ? undefined : model.metric);
  const metric = getMetric(name ?? (model.task.kind === "regression" ? "rmse" : "accuracy"), model.task.kind);
  const cv = model.scores[metric.name];
  const baseline = typeof cv === "number" && Number.isFinite(cv) ? cv : null;
  const derived = baseline === null ? null : metric.higherIsBetter ? baseline - 0.1 : baseline * 1.5;
  return {
    metric: metric.name,
    baseline,
    threshold: threshold ?? derived,
    higher_is_better: metric.higherIsBetter,
  };
}

/** Scores the rows of a batch that carry a label; undefined when none does. */
export function scoreBatch(
  model: StoredModel,
  predictions: PredictionSet,
  labels: Column,
  rule: PerformanceRule,
): { performance: BatchPerformance; labeledRows: number } | undefined {
  const task = modelTask(model);
  const { y, rows } = encodeLabels(task, labels);
  if (rows.length === 0) return undefined;
  const metric = getMetric(rule.metric, task.kind);
  const raw = metric.compute(
    y,
    predictionScores(predictions, rows),
    task.kind === "regression" ? 1 : task.classes.length,
  );
  const value = Number.isFinite(raw) ? raw : null;
  const degraded =
    value !== null &&
    rule.threshold !== null &&
    (rule.higher_is_better ? value < rule.threshold : value > rule.threshold);
  return {
    performance: { metric: rule.metric, value, baseline: rule.baseline, threshold: rule.threshold, degraded },
    labeledRows: rows.length,
  };
}
