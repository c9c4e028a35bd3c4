import { randomUUID } from "node:crypto";
import { type FeatureStep, getMetric } from "@parzen/trainer";
import type { BlobStore } from "../blobs/blob-store.js";
import type { ServerContext } from "../context.js";
import { getVersion } from "../datasets/repository.js";
import { switchModel } from "../deployments/deployments.js";
import { fieldError, HttpError } from "../http/errors.js";
import { createJob, getJob, requestCancel, TERMINAL } from "../jobs/repository.js";
import { type JobHandler, JobInterrupted } from "../jobs/runner.js";
import { getModel } from "../models/repository.js";
import type { Database } from "../store/database.js";
import { checkRunRequest } from "../trainer/request.js";
import { trainingPlans } from "./phases/model-training.js";
import { findRun, runById } from "./repository.js";
import { enqueue, getRun } from "./runs.js";
import type { Retrain, RunRecord, TrainingPlan } from "./types.js";

/** The job kind that waits for a retraining and compares its model (registered in `jobs/workers.ts`). */
export const AGENTIC_RETRAIN_JOB = "agentic.retrain";

/** The body's `params` (the spec's `AgenticRetrainParams`). */
export interface RetrainParams {
  plan?: TrainingPlan["name"];
  n_trials?: number;
  model_types?: string[];
  n_splits?: number;
  ensemble?: boolean;
  dataset_version_id?: string;
  feature_steps?: FeatureStep[];
  switch_deployment?: boolean;
}

/** Updates one retrain entry of a run under a row lock (the run's state may change meanwhile). */
async function updateRetrain(
  db: Database,
  runId: string,
  id: string,
  patch: Partial<Retrain>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ state: RunRecord["state"] }>(
      "SELECT state FROM agentic_runs WHERE id = $1 FOR UPDATE",
      [runId],
    );
    if (!row) return;
    const state = typeof row.state === "string" ? JSON.parse(row.state) : row.state;
    state.retrains = (state.retrains ?? []).map((r: Retrain) => (r.id === id ? { ...r, ...patch } : r));
    if (patch.switched && patch.model_id) {
      state.model_id = patch.model_id;
      state.score = patch.score ?? state.score;
    }
    await tx.query("UPDATE agentic_runs SET state = $2, updated_at = now() WHERE id = $1", [
      runId,
      JSON.stringify(state),
    ]);
  });
}

/**
 * Starts a retraining of a completed run: a trainer job on the run's data, label and features with `params`
 * applied, and a job that compares its model with the current one when it ends.
 */
export async function startRetrain(
  ctx: ServerContext,
  teamId: string,
  runId: string,
  params: RetrainParams = {},
): Promise<{ retrain: Retrain; run: RunRecord }> {
  const run = await getRun(ctx.db, teamId, runId);
  if (run.status !== "completed" || !run.state.model_id || !run.state.label_column)
    throw new HttpError(
      409,
      "conflict",
      `Run ${runId} is ${run.status}${run.state.model_id ? "" : " without a model"}; only a completed run with a model can be retrained.`,
    );
  if ((run.state.retrains ?? []).some((r) => r.status === "running"))
    throw new HttpError(409, "conflict", `Run ${runId} is already retraining.`);
  if (
    params.dataset_version_id &&
    !(await getVersion(ctx.db, run.state.dataset_id!, params.dataset_version_id))
  )
    throw fieldError(
      "body.params.dataset_version_id",
      `dataset ${run.state.dataset_id} has no version ${params.dataset_version_id}`,
    );
  const base = params.plan
    ? trainingPlans(1, 1).find((p) => p.name === params.plan)!
    : (run.state.plan ?? trainingPlans(1, 1)[0]);
  const plan: TrainingPlan = {
    ...base,
    model_types: params.model_types ?? base.model_types,
    n_trials: params.n_trials ?? base.n_trials,
    n_splits: params.n_splits ?? base.n_splits,
    ensemble: params.ensemble ?? base.ensemble,
  };
  const request = await checkRunRequest(ctx, teamId, {
    dataset_id: run.state.dataset_id!,
    dataset_version_id: params.dataset_version_id ?? run.state.dataset_version_id!,
    filter: run.state.filter ?? null,
    task: { label_column: run.state.label_column, task_kind: run.state.task_kind },
    model_types: plan.model_types,
    metrics: [run.state.metric!],
    strategy: "optuna",
    n_trials: plan.n_trials,
    n_splits: plan.n_splits,
    ensemble: plan.ensemble,
    grid_size: null,
    random_state: 42,
  }).catch((error: unknown) => {
    if (error instanceof HttpError)
      throw new HttpError(
        error.statusCode,
        error.code,
        error.message.replace(/^body\./, "body.params."),
        error.details,
      );
    throw error;
  });
  const steps = [
    ...(run.state.drop_columns?.length ? [{ type: "drop" as const, columns: run.state.drop_columns }] : []),
    ...(run.state.feature_steps ?? []),
    ...(params.feature_steps ?? []),
  ];
  const baseline = await getModel(ctx.db, teamId, run.state.model_id);
  const retrain: Retrain = {
    id: randomUUID(),
    status: "running",
    job_id: "",
    model_id: null,
    metric: run.state.metric ?? null,
    score: null,
    baseline_model_id: run.state.model_id,
    baseline_score: baseline ? (baseline.scores[baseline.metric] ?? null) : null,
    better: null,
    switched: false,
    switch_requested: params.switch_deployment ?? false,
    error: null,
    params: { ...params, plan: plan.name, model_types: plan.model_types, n_trials: plan.n_trials },
    created_at: new Date().toISOString(),
  };
  const jobs = await ctx.db.transaction(async (tx) => {
    const locked = await findRun(tx, teamId, runId, true);
    if (!locked || (locked.state.retrains ?? []).some((r) => r.status === "running"))
      throw new HttpError(409, "conflict", `Run ${runId} is already retraining.`);
    const training = await createJob(tx, teamId, "trainer.run", { ...request, feature_steps: steps });
    retrain.job_id = training.id;
    const waiter = await createJob(tx, teamId, AGENTIC_RETRAIN_JOB, {
      run_id: runId,
      retrain_id: retrain.id,
    });
    const state = { ...locked.state, retrains: [...(locked.state.retrains ?? []), retrain] };
    await tx.query("UPDATE agentic_runs SET state = $2, updated_at = now() WHERE id = $1", [
      runId,
      JSON.stringify(state),
    ]);
    return [training, waiter];
  });
  for (const job of jobs) await enqueue(ctx, job);
  return { retrain, run: await getRun(ctx.db, teamId, runId) };
}

/**
 * The `agentic.retrain` job: waits for the retraining's trainer job, compares the new model with the one it would
 * replace on the run's metric, and switches the run's deployment when asked (or, in auto mode, when it is better).
 */
export function agenticRetrainHandler(options: { db: Database; blobs: BlobStore }): JobHandler {
  const { db } = options;
  return async (job, ctx) => {
    const runId = String(job.request.run_id);
    const retrainId = String(job.request.retrain_id);
    const run = await runById(db, runId);
    const retrain = run?.state.retrains?.find((r) => r.id === retrainId);
    if (!run || !retrain) return { run_id: runId, missing: true };
    const cancel = () => void requestCancel(db, run.teamId, retrain.job_id).catch(() => undefined);
    ctx.signal.addEventListener("abort", cancel, { once: true });
    try {
      await ctx.runJob(retrain.job_id);
    } finally {
      ctx.signal.removeEventListener("abort", cancel);
    }
    const ended = await getJob(db, run.teamId, retrain.job_id);
    if (ended && !TERMINAL.includes(ended.status))
      throw new JobInterrupted("The retraining is still running.");
    if (ended?.status !== "completed") {
      const status = ended?.status === "cancelled" ? "cancelled" : "failed";
      await updateRetrain(db, runId, retrainId, {
        status,
        error: ended?.error ?? { code: "missing", message: "The trainer job is gone." },
      });
      return { run_id: runId, retrain_id: retrainId, status };
    }
    const model = await getModel(db, run.teamId, String(ended.result?.model_id));
    const score = model ? (model.scores[model.metric] ?? null) : null;
    const metric = model?.metric ?? retrain.metric;
    let better: boolean | null = null;
    if (score !== null && retrain.baseline_score !== null && metric && model) {
      const higher = getMetric(metric, model.task.kind).higherIsBetter;
      better = higher ? score > retrain.baseline_score : score < retrain.baseline_score;
    }
    const deploymentId = run.state.deployment_id;
    const switching = Boolean(
      deploymentId && model && (retrain.switch_requested || (run.config.auto_mode && better)),
    );
    if (switching)
      await switchModel(db, run.teamId, deploymentId!, {
        modelId: model!.id,
        reason: `agentic run ${runId} retrain ${retrainId}: ${metric} ${score} vs ${retrain.baseline_score}`,
      });
    await updateRetrain(db, runId, retrainId, {
      status: "completed",
      model_id: model?.id ?? null,
      metric,
      score,
      better,
      switched: switching,
    });
    return { run_id: runId, retrain_id: retrainId, better, switched: switching };
  };
}
