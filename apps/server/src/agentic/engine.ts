import { randomUUID } from "node:crypto";
import type { BlobStore } from "../blobs/blob-store.js";
import { HttpError } from "../http/errors.js";
import { type JobHandler, JobInterrupted } from "../jobs/runner.js";
import type { Database, Queryable } from "../store/database.js";
import { definitionOf } from "./phases/index.js";
import { recordDecision, runById, setPhase } from "./repository.js";
import type { PhaseEnv, RunRecord } from "./types.js";
import { asksPerson, nextPhase } from "./walk.js";

/** The job kind that carries a run forward (registered in `jobs/workers.ts`). */
export const AGENTIC_STEP_JOB = "agentic.step";

/** The run was cancelled, or another job took over: this one stops without touching it. */
class Superseded extends Error {}

/**
 * Writes the run back only while this job still owns it (running, and still its job), so a cancel or a newer job
 * is never overwritten.
 */
async function save(db: Queryable, run: RunRecord, jobId: string): Promise<void> {
  const rows = await db.query(
    `UPDATE agentic_runs SET status = $2, current_phase = $3, state = $4, pending_decision = $5,
       decision_deadline = $6, error = $7, updated_at = now()
     WHERE id = $1 AND job_id = $8 AND status = 'running' RETURNING id`,
    [
      run.id,
      run.status,
      run.currentPhase,
      JSON.stringify(run.state),
      run.pendingDecision ? JSON.stringify(run.pendingDecision) : null,
      run.decisionDeadline,
      run.error ? JSON.stringify(run.error) : null,
      jobId,
    ],
  );
  if (rows.length === 0) throw new Superseded();
}

/** Carries out the inbox decision of the current phase, then moves to the next phase (or another round). */
async function carryOut(env: PhaseEnv, run: RunRecord, jobId: string): Promise<void> {
  const phase = run.currentPhase!;
  const inbox = run.state.inbox!;
  await setPhase(env.db, run.id, phase, "running");
  const result = inbox.skipped
    ? { skipped: true, reason: inbox.reason ?? "skipped" }
    : await definitionOf(phase).apply(env, run, inbox.answer!);
  run.state.results = { ...run.state.results, [phase]: result };
  delete run.state.inbox;
  delete run.state.proposal;
  if (!inbox.skipped && inbox.answer?.again) {
    run.state.round = (run.state.round ?? 1) + 1;
    await save(env.db, run, jobId);
    return;
  }
  run.state.round = 1;
  run.currentPhase = nextPhase(run.config, phase);
  await save(env.db, run, jobId);
  await setPhase(env.db, run.id, phase, inbox.skipped ? "skipped" : "completed", { result });
}

/** Proposes the current phase's decision and either waits for a person or takes the recommended option. */
async function decide(env: PhaseEnv, run: RunRecord, jobId: string): Promise<"wait" | "go"> {
  const phase = run.currentPhase!;
  const definition = definitionOf(phase);
  const unavailable = definition.unavailable?.(run);
  if (unavailable) {
    run.state.inbox = { phase, skipped: true, answer: null, reason: unavailable };
    await recordDecision(env.db, run.id, { phase, decidedBy: "skip", answer: {}, summary: unavailable });
    await save(env.db, run, jobId);
    return "go";
  }
  await setPhase(env.db, run.id, phase, "running");
  const round = run.state.round ?? 1;
  let proposal = run.state.proposal;
  if (proposal?.phase !== phase || proposal.round !== round) {
    proposal = { ...(await definition.propose(env, run)), phase, round };
    run.state.proposal = proposal;
    await save(env.db, run, jobId);
  }
  if (asksPerson(run.config, phase) && !definition.settlesItself?.(run, proposal)) {
    const timeout = run.config.decision_timeout_seconds;
    const now = Date.now();
    const { phase: _p, round: _r, ...offered } = proposal;
    run.pendingDecision = {
      ...offered,
      id: randomUUID(),
      phase,
      decision_type: phase,
      round,
      created_at: new Date(now).toISOString(),
      expires_at: timeout ? new Date(now + timeout * 1000).toISOString() : null,
    };
    run.decisionDeadline = run.pendingDecision.expires_at;
    run.status = "waiting_for_decision";
    await save(env.db, run, jobId);
    await setPhase(env.db, run.id, phase, "waiting_for_decision");
    return "wait";
  }
  const answer = definition.recommended(run, proposal);
  run.state.inbox = { phase, skipped: false, answer };
  const why = run.config.phase_plan.includes(phase) ? "recommended option" : "not in the phase plan";
  await recordDecision(env.db, run.id, {
    phase,
    decidedBy: "auto",
    answer,
    summary: `${answer.summary} (${why})`,
  });
  await save(env.db, run, jobId);
  return "go";
}

/** Moves a run forward until it needs a person, ends, or fails; each step is saved before the next begins. */
async function advance(env: PhaseEnv, runId: string, jobId: string): Promise<void> {
  for (;;) {
    env.job?.signal.throwIfAborted();
    const run = await runById(env.db, runId);
    if (run?.status !== "running" || run.jobId !== jobId) return;
    if (!run.currentPhase) {
      run.status = "completed";
      await save(env.db, run, jobId);
      return;
    }
    const phase = run.currentPhase;
    try {
      if (run.state.inbox?.phase === phase) await carryOut(env, run, jobId);
      else if ((await decide(env, run, jobId)) === "wait") return;
    } catch (error) {
      if (error instanceof Superseded || error instanceof JobInterrupted || env.job?.signal.aborted)
        throw error;
      const failure = {
        code: error instanceof HttpError ? error.code : "phase_failed",
        message: `${phase}: ${error instanceof Error ? error.message : String(error)}`,
      };
      run.status = "failed";
      run.error = failure;
      await save(env.db, run, jobId);
      await setPhase(env.db, run.id, phase, "failed", { error: failure });
      return;
    }
  }
}

/**
 * The `agentic.step` job: carries a run forward from where its state says it is — a restarted worker picks the
 * same run up at the same phase, and work already recorded (a dataset version, a trainer job) is reused.
 */
export function agenticStepHandler(options: { db: Database; blobs: BlobStore }): JobHandler {
  return async (job, ctx) => {
    const runId = String(job.request.run_id);
    try {
      const env: PhaseEnv = {
        db: options.db,
        blobs: options.blobs,
        job: ctx,
        checkpoint: (run) => save(options.db, run, job.id),
      };
      await advance(env, runId, job.id);
    } catch (error) {
      if (error instanceof Superseded) return { run_id: runId, superseded: true };
      throw error;
    }
    return { run_id: runId };
  };
}
