import type { Queryable } from "../store/database.js";

/**
 * What training recorded about a model beyond its scores (snake_case `TrainingExplanation` of the trainer): fold
 * scores, a bounded sample of out-of-fold predictions, permutation and gain importance. Reports draw from it.
 */
export interface ModelEvaluation {
  fold_scores: number[];
  out_of_fold: {
    rows: number;
    y: number[];
    predictions: number[];
    fold: number[];
    in_sample_weights: boolean;
  };
  permutation: {
    metric: string;
    higher_is_better: boolean;
    baseline: number;
    rows: number;
    repeats: number;
    columns: { column: string; importance: number; std: number }[];
  };
  gain?: {
    features: { feature: string; importance: number }[];
    columns: { column: string; importance: number }[];
  };
}

export async function saveEvaluation(
  db: Queryable,
  modelId: string,
  evaluation: ModelEvaluation,
): Promise<void> {
  await db.query(
    `INSERT INTO model_evaluations (model_id, evaluation) VALUES ($1, $2)
     ON CONFLICT (model_id) DO UPDATE SET evaluation = EXCLUDED.evaluation`,
    [modelId, JSON.stringify(evaluation)],
  );
}

/** The evaluation stored for a model, or undefined (registered ONNX and distilled models have none). */
export async function loadEvaluation(db: Queryable, modelId: string): Promise<ModelEvaluation | undefined> {
  const [row] = await db.query<{ evaluation: ModelEvaluation }>(
    "SELECT evaluation FROM model_evaluations WHERE model_id = $1",
    [modelId],
  );
  return row?.evaluation;
}
