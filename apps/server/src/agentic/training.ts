import { createJob, getJob, requestCancel, TERMINAL } from "../jobs/repository.js";
import { JobInterrupted } from "../jobs/runner.js";
import { getModel } from "../models/repository.js";
import { checkRunRequest } from "../trainer/request.js";
import { serverOf } from "./phases/common.js";
import type { PhaseEnv, RunRecord, TrainingPlan } from "./types.js";

/** What a finished training gives the run. */
export interface TrainingOutcome {
  job_id: string;
  model_id: string;
  metric: string;
  score: number;
  leaderboard: { model_type: string; cv_score: number; scores: Record<string, number> }[];
}

/** Where the run's data, label and features differ for a retraining. */
export interface TrainingOverrides {
  dataset_version_id?: string;
  extra_steps?: NonNullable<RunRecord["state"]["feature_steps"]>;
}

/**
 * Runs a `trainer.run` job for the run's data, label and feature steps with `plan`, as a child of the current job:
 * its id is saved (`run.state.training_job_id`, or `jobIdSlot`) before it starts, so a restarted worker waits for (or resumes) the same
 * training instead of starting another; cancelling the run cancels it.
 */
export async function runTraining(
  env: PhaseEnv,
  run: RunRecord,
  plan: TrainingPlan,
  overrides: TrainingOverrides = {},
  jobIdSlot?: { get(): string | undefined; set(id: string): Promise<void> },
): Promise<TrainingOutcome> {
  const job = env.job;
  if (!job) throw new Error("Training runs inside a job.");
  const slot = jobIdSlot ?? {
    get: () => run.state.training_job_id,
    set: async (id: string) => {
      run.state.training_job_id = id;
      await env.checkpoint?.(run);
    },
  };
  let id = slot.get();
  if (!id) {
    const request = await checkRunRequest(serverOf(env), run.teamId, {
      dataset_id: run.state.dataset_id!,
      dataset_version_id: overrides.dataset_version_id ?? run.state.dataset_version_id!,
      filter: run.state.filter ?? null,
      task: { label_column: run.state.label_column!, task_kind: run.state.task_kind },
      model_types: plan.model_types,
      metrics: null,
      strategy: "optuna",
      n_trials: plan.n_trials,
      n_splits: plan.n_splits,
      ensemble: plan.ensemble,
      grid_size: null,
      random_state: 42,
    });
    const steps = [
      ...(run.state.drop_columns?.length ? [{ type: "drop" as const, columns: run.state.drop_columns }] : []),
      ...(run.state.feature_steps ?? []),
      ...(overrides.extra_steps ?? []),
    ];
    id = (await createJob(env.db, run.teamId, "trainer.run", { ...request, feature_steps: steps })).id;
    await slot.set(id);
  }
  const trainingId = id;
  const cancel = () => void requestCancel(env.db, run.teamId, trainingId).catch(() => undefined);
  job.signal.addEventListener("abort", cancel, { once: true });
  try {
    await job.runJob(trainingId);
  } finally {
    job.signal.removeEventListener("abort", cancel);
  }
  job.signal.throwIfAborted();
  const ended = await getJob(env.db, run.teamId, trainingId);
  if (!ended) throw new Error(`The trainer job ${trainingId} no longer exists.`);
  // This runner is stopping: the next worker continues the run and the training from their saved state.
  if (!TERMINAL.includes(ended.status))
    throw new JobInterrupted(`Trainer job ${trainingId} is still ${ended.status}.`);
  if (ended.status !== "completed")
    throw new Error(
      `The trainer job ${trainingId} ${ended.status}: ${ended.error?.message ?? "no reason given"}`,
    );
  const result = ended.result ?? {};
  const modelId = String(result.model_id);
  const model = await getModel(env.db, run.teamId, modelId);
  if (!model) throw new Error(`The trained model ${modelId} is missing.`);
  return {
    job_id: trainingId,
    model_id: modelId,
    metric: model.metric,
    score: model.scores[model.metric],
    leaderboard: ((result.leaderboard ?? []) as TrainingOutcome["leaderboard"]).map((e) => ({
      model_type: e.model_type,
      cv_score: e.cv_score,
      scores: e.scores,
    })),
  };
}
