import { HttpError } from "../../http/errors.js";
import { checkRunRequest, type TrainerJobRequest } from "../../trainer/request.js";
import { AgentFailure, type ExecutionDefinition } from "../definition.js";
import { inputSchema, optional, required, uuid } from "../schema.js";
import { meetsMinimum } from "../validators.js";

export interface TrainModelInput {
  dataset_id: string;
  dataset_version_id: string | null;
  label_column: string;
  task_kind: "regression" | "binary" | "multiclass" | null;
  model_types: string[] | null;
  metric: string | null;
  n_trials: number | null;
  n_splits: number | null;
  min_score: number | null;
  random_state: number | null;
}

export interface TrainModelResult {
  model_id: string;
  trainer_job_id: string;
  metric: string;
  cv_score: number;
  higher_is_better: boolean;
  task_kind: string;
  model_types: string[];
  n_trials: number;
  attempt: number;
  leaderboard: { model_type: string; cv_score: number }[];
}

const DEFAULT_TYPES = ["linear", "gbdt"];
/** The families a correction adds, in order, when the minimum score is missed. */
const LADDER = ["linear", "gbdt", "random_forest", "extra_trees"];
const MAX_TRIALS = 50;

/** The `trainer.run` request of an input (the trainer's own defaults for anything the input leaves open). */
function trainerRequest(input: TrainModelInput): TrainerJobRequest {
  return {
    dataset_id: input.dataset_id,
    dataset_version_id: input.dataset_version_id as string,
    task: { label_column: input.label_column, ...(input.task_kind && { task_kind: input.task_kind }) },
    model_types: input.model_types ?? DEFAULT_TYPES,
    metrics: input.metric ? [input.metric] : null,
    strategy: "optuna",
    n_trials: input.n_trials ?? 4,
    n_splits: input.n_splits ?? 3,
    ensemble: false,
    random_state: input.random_state ?? 42,
  };
}

// The trainer's field paths, as this input names them.
const PATHS: [RegExp, string][] = [
  [/^body\.task\.label_column/, "body.input.label_column"],
  [/^body\.task\.task_kind/, "body.input.task_kind"],
  [/^body\.metrics\.\d+/, "body.input.metric"],
  [/^body\./, "body.input."],
];
const renamePath = (path: string) => {
  const rule = PATHS.find(([pattern]) => pattern.test(path));
  return rule ? path.replace(rule[0], rule[1]) : path;
};

/** The correction for a missed minimum: the next family of the ladder, and twice the trials (up to 50). */
function corrected(input: TrainModelInput): TrainModelInput | undefined {
  const types = input.model_types ?? DEFAULT_TYPES;
  const next = LADDER.find((family) => !types.includes(family));
  const trials = Math.min(MAX_TRIALS, (input.n_trials ?? 4) * 2);
  if (!next && trials === input.n_trials) return undefined;
  return { ...input, model_types: next ? [...types, next] : types, n_trials: trials };
}

/** `train-model`: a real trainer job on a dataset version; retried with a bigger search while a minimum score is missed. */
export const trainModel: ExecutionDefinition<TrainModelInput, TrainModelResult> = {
  key: "train-model",
  name: "Train a model",
  description:
    "Trains the model matrix on a dataset version as a trainer job and stores the best model. With min_score, a " +
    "result below it is corrected (twice the trials, one more model family) and trained again, up to the agent's " +
    "max_retries.",
  inputSchema: inputSchema("TrainModelAgenticExecutionInput", "Input for training a model on a dataset.", {
    dataset_id: required(uuid, "The dataset to train on."),
    dataset_version_id: optional(
      uuid,
      null,
      "The version to train on; null takes the current one at submission.",
    ),
    label_column: required({ type: "string", minLength: 1, maxLength: 500 }, "The column to predict."),
    task_kind: optional(
      { type: "string", enum: ["regression", "binary", "multiclass"] },
      null,
      "Inferred from the label when null.",
    ),
    model_types: optional(
      { type: "array", items: { type: "string" }, minItems: 1, maxItems: 6, uniqueItems: true },
      DEFAULT_TYPES,
      "Model families to try.",
    ),
    metric: optional(
      { type: "string" },
      null,
      "Selection metric; the task's default (auc, logloss, rmse) when null.",
    ),
    n_trials: optional(
      { type: "integer", minimum: 1, maximum: MAX_TRIALS },
      4,
      "Search budget: trials per family.",
    ),
    n_splits: optional({ type: "integer", minimum: 2, maximum: 10 }, 3, "Cross-validation folds."),
    min_score: optional(
      { type: "number" },
      null,
      "The score the model must reach (at most, for error metrics).",
    ),
    random_state: optional({ type: "integer", minimum: 0 }, 42, "Seed of folds and search."),
  }),
  resultSchema: {
    type: "object",
    required: ["model_id", "trainer_job_id", "metric", "cv_score", "leaderboard"],
    properties: {
      model_id: { type: "string", format: "uuid" },
      cv_score: { type: "number" },
      leaderboard: { type: "array", minItems: 1 },
    },
  },
  failureCodes: {
    training_failed: "The trainer job failed or was cancelled; the explanation carries its error.",
  },
  maxFiles: 0,

  async prepare(input, ctx) {
    try {
      const checked = await checkRunRequest(ctx.server, ctx.teamId, trainerRequest(input));
      return {
        input: { ...input, dataset_version_id: checked.dataset_version_id },
        datasetId: input.dataset_id,
      };
    } catch (error) {
      if (!(error instanceof HttpError) || !Array.isArray(error.details)) throw error;
      const details = (error.details as { path: string; message: string }[]).map((d) => ({
        ...d,
        path: renamePath(d.path),
      }));
      const message = details.map((d) => `${d.path}: ${d.message}`).join("; ") || error.message;
      throw new HttpError(error.statusCode, error.code, message, details);
    }
  },

  async run(input, ctx) {
    const request = trainerRequest(input);
    await ctx.say(
      `Training ${request.model_types?.join(", ")} with ${request.n_trials} trial(s) each and ${request.n_splits}-fold ` +
        `cross-validation on "${input.label_column}".`,
      { model_types: request.model_types, n_trials: request.n_trials, n_splits: request.n_splits },
    );
    const job = await ctx.childJob("train", "trainer.run", { ...request });
    if (job.status !== "completed" || !job.result) {
      throw new AgentFailure(
        "training_failed",
        `The trainer job ${job.id} ${job.status}: ${job.error?.message ?? "no result"} (${job.error?.code ?? "no code"}).`,
      );
    }
    const r = job.result as {
      model_id: string;
      metric: string;
      higher_is_better: boolean;
      task: { kind: string };
      leaderboard: { model_type: string; cv_score: number }[];
    };
    const leaderboard = r.leaderboard.map((e) => ({ model_type: e.model_type, cv_score: e.cv_score }));
    const best = leaderboard[0];
    await ctx.say(
      `Best family: ${best?.model_type} with ${r.metric} ${best?.cv_score} (trainer job ${job.id}).`,
      {
        trainer_job_id: job.id,
        leaderboard,
      },
    );
    return {
      model_id: r.model_id,
      trainer_job_id: job.id,
      metric: r.metric,
      cv_score: best?.cv_score,
      higher_is_better: r.higher_is_better,
      task_kind: r.task.kind,
      model_types: request.model_types ?? DEFAULT_TYPES,
      n_trials: request.n_trials,
      attempt: ctx.attempt,
      leaderboard,
    };
  },

  async validate(result, input) {
    const data = { metric: result.metric, cv_score: result.cv_score, min_score: input.min_score };
    if (!Number.isFinite(result.cv_score)) {
      return {
        ok: false,
        message: `The ${result.metric} score is not a number; the model cannot be judged.`,
        data,
      };
    }
    if (input.min_score === null || meetsMinimum(result.cv_score, input.min_score, result.higher_is_better)) {
      const bar = input.min_score === null ? "" : `, which meets the minimum ${input.min_score}`;
      return { ok: true, message: `${result.metric} ${result.cv_score}${bar}.`, data };
    }
    const retryWith = corrected(input);
    const message =
      `${result.metric} ${result.cv_score} misses the minimum ${input.min_score}` +
      (retryWith
        ? `; next: ${retryWith.model_types?.join(", ")} with ${retryWith.n_trials} trial(s) each.`
        : "; the search cannot grow any further.");
    return { ok: false, message, retryWith, data };
  },
};
