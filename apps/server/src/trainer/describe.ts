import { EnsembleModel, type TrainedModel, type TrainResult } from "@parzen/trainer";
import type { ModelSummary } from "../models/repository.js";

const union = (lists: string[][]) => [...new Set(lists.flat())];

/** What `describeModel` reads of a run: its final model and the trials behind it. */
export type DescribedRun = Pick<
  TrainResult,
  "model" | "task" | "metric" | "bestTrial" | "trials" | "ensemble"
>;

/** The API's view of a training run's final model: scores, parameters, features and lineage. */
export function describeModel(result: DescribedRun): ModelSummary {
  const { model, task } = result;
  const base = {
    task: { kind: task.kind, label_column: task.labelColumn },
    metric: result.metric,
    classes: task.classes,
  };
  if (model instanceof EnsembleModel) {
    const firstFolds = model.members.map((m) => m.folds[0]);
    const trial = (id: string) => result.trials.find((t) => t.id === id);
    return {
      ...base,
      kind: "ensemble",
      scores: result.ensemble ? { [result.metric]: result.ensemble.cvScore } : {},
      model_types: union([model.members.map((m) => m.modelType)]),
      params: Object.fromEntries(
        model.members.map((m) => [
          m.trialId,
          { model_type: m.modelType, weight: m.weight, params: trial(m.trialId)?.params ?? {} },
        ]),
      ),
      feature_names: union(firstFolds.map((f) => f.featureNames)),
      input_columns: union(firstFolds.map((f) => f.pipeline.inputColumns)),
      lineage: {
        members: Object.fromEntries(model.members.map((m) => [m.trialId, m.folds[0].pipeline.dag()])),
      },
    };
  }
  const single = model as TrainedModel;
  const best = result.trials.find((t) => t.id === result.bestTrial);
  return {
    ...base,
    kind: "single",
    scores: best?.scores ?? {},
    model_types: [single.model.family],
    params: { [single.model.family]: best?.params ?? {} },
    feature_names: single.featureNames,
    input_columns: single.pipeline.inputColumns,
    lineage: { ...single.pipeline.dag(), features: single.pipeline.lineage() },
  };
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Deep copy with camelCase keys in snake_case, the spec's JSON style; numbers that JSON cannot hold become null. */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value && typeof value === "object" && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), snakeKeys(v)]));
  }
  return value;
}
