import { randomUUID } from "node:crypto";
import type { ServerContext } from "../context.js";
import { getDataset } from "../datasets/repository.js";
import { fieldError, HttpError } from "../http/errors.js";
import { createJob } from "../jobs/repository.js";
import type { Queryable } from "../store/database.js";
import { AGENTIC_STEP_JOB } from "./engine.js";
import { checkPlan, PHASES, phaseList } from "./phase-names.js";
import { findRun, insertRun } from "./repository.js";
import type { RunConfig, RunRecord } from "./types.js";

/** The body of `start_run` (the spec's `AgenticRunCreate`, defaults applied). */
export interface StartRunBody {
  model_name: string;
  model_description?: string;
  auto_mode?: boolean;
  require_approval?: string[] | null;
  auto_apply_safe_features?: boolean;
  auto_deploy?: boolean;
  run_id?: string | null;
  user_query?: string | null;
  phase_plan?: string[] | null;
  dataset_id?: string | null;
  decision_timeout_seconds?: number | null;
}

/** A team's run, or a 404. */
export async function getRun(db: Queryable, teamId: string, id: string): Promise<RunRecord> {
  const run = await findRun(db, teamId, id);
  if (!run) throw new HttpError(404, "not_found", `No agentic run ${id} in your team.`);
  return run;
}

/** Stores a new step job for a run and makes it the run's job (inside the caller's transaction). */
export async function newStepJob(
  tx: Queryable,
  run: { id: string; teamId: string },
): Promise<{ id: string; kind: string }> {
  const job = await createJob(tx, run.teamId, AGENTIC_STEP_JOB, { run_id: run.id });
  await tx.query("UPDATE agentic_runs SET job_id = $2, updated_at = now() WHERE id = $1", [run.id, job.id]);
  return job;
}

/** Queues a committed job; if queueing fails the workers' reconcile pass still finds it. */
export async function enqueue(ctx: ServerContext, job: { id: string; kind: string }): Promise<void> {
  await ctx.queue.enqueue(job).catch(() => undefined);
}

/**
 * Starts a run (checks phases, plan and dataset; stores the run, its phases and its first step job), or with
 * `run_id` resumes the team's existing run.
 */
export async function startRun(
  ctx: ServerContext,
  teamId: string,
  body: StartRunBody,
): Promise<{ run: RunRecord; resumed: boolean; message: string }> {
  if (body.run_id) {
    const outcome = await resumeRun(ctx, teamId, body.run_id);
    return { run: await getRun(ctx.db, teamId, body.run_id), resumed: true, message: outcome.message };
  }
  const require_approval = body.require_approval
    ? phaseList(body.require_approval, "body.require_approval")
    : [...PHASES];
  const phase_plan = body.phase_plan ? checkPlan(body.phase_plan, "body.phase_plan") : [...PHASES];
  let datasetVersionId: string | undefined;
  if (body.dataset_id) {
    const dataset = await getDataset(ctx.db, teamId, body.dataset_id);
    if (!dataset)
      throw new HttpError(404, "not_found", `No dataset ${body.dataset_id} in your team.`, [
        { path: "body.dataset_id", message: "not found" },
      ]);
    if (!dataset.current_version_id)
      throw fieldError("body.dataset_id", "the dataset has no data yet; upload a version first");
    datasetVersionId = dataset.current_version_id;
  }
  const config: RunConfig = {
    auto_mode: body.auto_mode ?? false,
    require_approval,
    auto_apply_safe_features: body.auto_apply_safe_features ?? true,
    auto_deploy: body.auto_deploy ?? false,
    user_query: body.user_query ?? null,
    phase_plan,
    dataset_id: body.dataset_id ?? null,
    decision_timeout_seconds: body.decision_timeout_seconds ?? null,
  };
  const id = randomUUID();
  const job = await ctx.db.transaction(async (tx) => {
    await insertRun(tx, {
      id,
      teamId,
      modelName: body.model_name,
      modelDescription: body.model_description ?? "",
      config,
    });
    if (body.dataset_id)
      await tx.query("UPDATE agentic_runs SET state = $2 WHERE id = $1", [
        id,
        JSON.stringify({ dataset_id: body.dataset_id, dataset_version_id: datasetVersionId }),
      ]);
    return newStepJob(tx, { id, teamId });
  });
  await enqueue(ctx, job);
  return {
    run: await getRun(ctx.db, teamId, id),
    resumed: false,
    message: `Run started at ${phase_plan[0]}.`,
  };
}

/**
 * Resumes a paused run (a timed-out decision is carried out) or retries a failed one from its failed phase.
 * A run that is working or waiting is left as it is (`resumed: false`); a completed or cancelled run is a 409.
 */
export async function resumeRun(
  ctx: ServerContext,
  teamId: string,
  runId: string,
): Promise<{ resumed: boolean; message: string }> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const run = await findRun(tx, teamId, runId, true);
    if (!run) throw new HttpError(404, "not_found", `No agentic run ${runId} in your team.`);
    if (run.status === "completed" || run.status === "cancelled")
      throw new HttpError(409, "conflict", `Run ${runId} is ${run.status}; retrain it or start another.`);
    if (run.status === "running" || run.status === "waiting_for_decision")
      return {
        job: undefined,
        message: `Run ${runId} is ${run.status.replaceAll("_", " ")}; nothing to resume.`,
      };
    await tx.query("UPDATE agentic_runs SET status = 'running', error = NULL WHERE id = $1", [runId]);
    if (run.currentPhase)
      await tx.query(
        "UPDATE agentic_phases SET status = 'running', error = NULL, finished_at = NULL WHERE run_id = $1 AND phase = $2",
        [runId, run.currentPhase],
      );
    const job = await newStepJob(tx, run);
    const what =
      run.status === "paused"
        ? "carrying out the decision taken when it timed out"
        : "retrying the failed phase";
    return { job, message: `Resumed at ${run.currentPhase ?? "the end"}, ${what}.` };
  });
  if (outcome.job) await enqueue(ctx, outcome.job);
  return { resumed: Boolean(outcome.job), message: outcome.message };
}
