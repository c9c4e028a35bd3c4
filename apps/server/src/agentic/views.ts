import type { Queryable } from "../store/database.js";
import { listPhases } from "./repository.js";
import type { RunRecord } from "./types.js";
import { asksPerson, walkedPhases } from "./walk.js";

const DONE = new Set(["completed", "skipped", "failed", "cancelled"]);

/** The training job's progress while the run trains, or null. */
async function trainingProgress(db: Queryable, run: RunRecord): Promise<Record<string, unknown> | null> {
  const running = (run.state.retrains ?? []).find((r) => r.status === "running");
  const jobId = run.currentPhase === "model_training" ? run.state.training_job_id : running?.job_id;
  if (!jobId) return null;
  const [row] = await db.query<{ status: string; progress: Record<string, unknown> }>(
    "SELECT status, progress FROM jobs WHERE id = $1",
    [jobId],
  );
  return row ? { job_id: jobId, status: row.status, ...row.progress } : null;
}

/** A short sentence on where the run is. */
function message(run: RunRecord): string {
  switch (run.status) {
    case "waiting_for_decision":
      return `Waiting for a ${run.currentPhase} decision: ${run.pendingDecision?.prompt ?? ""}`.trim();
    case "paused":
      return `Paused at ${run.currentPhase}: a decision timed out and was resolved with its recommended option; resume to go on.`;
    case "running":
      return `Working on ${run.currentPhase ?? "the last step"}.`;
    case "completed":
      return "Completed.";
    case "failed":
      return `Failed: ${run.error?.message ?? "unknown error"}`;
    case "cancelled":
      return "Cancelled.";
  }
}

/** The run as `get_run_state` shows it. */
export async function runStateView(db: Queryable, run: RunRecord) {
  const phases = await listPhases(db, run.id);
  const walked = walkedPhases(run.config);
  const done = phases.filter((p) => walked.includes(p.phase) && DONE.has(p.status)).length;
  return {
    run_id: run.id,
    model_name: run.modelName,
    model_description: run.modelDescription,
    status: run.status,
    current_phase: run.currentPhase,
    auto_mode: run.config.auto_mode,
    require_approval: run.config.require_approval,
    auto_apply_safe_features: run.config.auto_apply_safe_features,
    auto_deploy: run.config.auto_deploy,
    phase_plan: run.config.phase_plan,
    user_query: run.config.user_query,
    dataset_id: run.state.dataset_id ?? run.config.dataset_id,
    decision_timeout_seconds: run.config.decision_timeout_seconds,
    progress: {
      phases_total: walked.length,
      phases_done: done,
      fraction: walked.length ? done / walked.length : 1,
      message: message(run),
      training: await trainingProgress(db, run),
    },
    results: run.state.results ?? {},
    pending_decision: run.status === "waiting_for_decision" ? run.pendingDecision : null,
    model_id: run.state.model_id ?? null,
    deployment_id: run.state.deployment_id ?? null,
    report_id: run.state.report_id ?? null,
    monitor_id: run.state.monitor_id ?? null,
    retrains: (run.state.retrains ?? []).map(({ switch_requested: _s, ...r }) => r),
    error: run.error,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
  };
}

/** `get_pending_decision`: the decision, or `pending: false`. */
export function pendingView(run: RunRecord) {
  const decision = run.status === "waiting_for_decision" ? run.pendingDecision : null;
  return { run_id: run.id, status: run.status, pending: decision !== null, decision };
}

/** `get_phases`: each phase with whether it asks a person. */
export async function phasesView(db: Queryable, run: RunRecord) {
  const phases = await listPhases(db, run.id);
  return {
    run_id: run.id,
    items: phases.map((p) => ({ ...p, requires_approval: asksPerson(run.config, p.phase) })),
  };
}
