import type { Frame, TrainOptions } from "@parzen/trainer";
import type { TrainerJobRequest } from "./request.js";

/** The trainer options of a `trainer.run` request: the same everywhere, so remote trial workers rebuild the same data. */
export function trainOptions(request: TrainerJobRequest, data: Frame): TrainOptions {
  return {
    data,
    task: { labelColumn: request.task.label_column, taskKind: request.task.task_kind },
    filter: request.filter ?? null,
    modelTypes: request.model_types ?? undefined,
    metrics: request.metrics ?? undefined,
    nSplits: request.n_splits ?? null,
    randomState: request.random_state,
    strategy: request.strategy,
    nTrials: request.n_trials,
    ensemble: request.ensemble,
    gridSize: request.grid_size ?? null,
    featureSteps: request.feature_steps ?? undefined,
  };
}
