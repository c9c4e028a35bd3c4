import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { requestCancel } from "../jobs/repository.js";
import type { Database, Queryable } from "../store/database.js";
import type { PhaseName } from "./phase-names.js";
import { definitionOf } from "./phases/index.js";
import { endOpenPhases, findRun, recordDecision, runById, setPhase } from "./repository.js";
import { enqueue, getRun, newStepJob } from "./runs.js";
import type { Answer, DecidedBy, DecisionBody, Inbox, RunRecord, RunStatus } from "./types.js";
import { nextPhase } from "./walk.js";

const conflict = (message: string) => new HttpError(409, "conflict", message);

/**
 * Puts a settled decision in the run's inbox and hands the run to a new step job, if the run still waits for the
 * very decision that was checked (another answer, a cancel or a timeout may have come first: 409).
 */
async function settle(
  ctx: ServerContext,
  run: RunRecord,
  inbox: Inbox,
  decidedBy: DecidedBy,
  summary: string,
): Promise<RunRecord> {
  const job = await ctx.db.transaction(async (tx) => {
    const locked = await findRun(tx, run.teamId, run.id, true);
    if (!locked || locked.pendingDecision?.id !== run.pendingDecision?.id || locked.status !== run.status)
      throw conflict(
        `Run ${run.id} changed meanwhile (now ${locked?.status}); read its pending decision again.`,
      );
    await tx.query(
      `UPDATE agentic_runs SET status = 'running', pending_decision = NULL, decision_deadline = NULL,
         state = jsonb_set(state, '{inbox}', $2::jsonb) WHERE id = $1`,
      [run.id, JSON.stringify(inbox)],
    );
    await recordDecision(tx, run.id, {
      phase: inbox.phase,
      decidedBy,
      answer: inbox.answer ?? { skipped: true },
      summary,
    });
    await setPhase(tx, run.id, inbox.phase, "running");
    return newStepJob(tx, run);
  });
  await enqueue(ctx, job);
  return getRun(ctx.db, run.teamId, run.id);
}

/** The run and its pending decision, or a 409 saying why there is none. */
function pendingOf(run: RunRecord) {
  if (run.status !== "waiting_for_decision" || !run.pendingDecision)
    throw conflict(`Run ${run.id} is ${run.status.replaceAll("_", " ")}: no decision is pending.`);
  return run.pendingDecision;
}

/**
 * Answers the pending decision: 409 when `decision_type` is not the pending one; 400 naming what is missing or
 * out of range; `skipped: true` skips the phase. The same path serves the API and the chat.
 */
export async function submitDecision(
  ctx: ServerContext,
  teamId: string,
  runId: string,
  body: DecisionBody,
  decidedBy: DecidedBy = "user",
): Promise<{ run: RunRecord; phase: PhaseName; skipped: boolean; message: string }> {
  await expireDecisions(ctx.db, runId);
  const run = await getRun(ctx.db, teamId, runId);
  const pending = pendingOf(run);
  if (body.decision_type !== pending.decision_type)
    throw conflict(`The pending decision is ${pending.decision_type}, not ${body.decision_type}.`);
  if (body.skipped) {
    const after = await settle(
      ctx,
      run,
      { phase: pending.phase, skipped: true, answer: null, reason: "skipped by decision" },
      decidedBy,
      `Skipped ${pending.phase}.`,
    );
    return { run: after, phase: pending.phase, skipped: true, message: `Skipped ${pending.phase}.` };
  }
  const env = { db: ctx.db, blobs: ctx.blobs };
  const answer: Answer = await definitionOf(pending.phase).check(env, run, pending, body);
  const after = await settle(
    ctx,
    run,
    { phase: pending.phase, skipped: false, answer },
    decidedBy,
    answer.summary,
  );
  return { run: after, phase: pending.phase, skipped: false, message: answer.summary };
}

/** Skips the phase the run waits in (or is paused in); 409 while a phase works. */
export async function skipPhase(
  ctx: ServerContext,
  teamId: string,
  runId: string,
  decidedBy: DecidedBy = "user",
): Promise<{ skipped_phase: PhaseName; next_phase: PhaseName | null; status: RunStatus }> {
  await expireDecisions(ctx.db, runId);
  const run = await getRun(ctx.db, teamId, runId);
  if ((run.status !== "waiting_for_decision" && run.status !== "paused") || !run.currentPhase)
    throw conflict(
      `Run ${runId} is ${run.status.replaceAll("_", " ")}: only a waiting or paused phase can be skipped.`,
    );
  const phase = run.currentPhase;
  const after = await settle(
    ctx,
    run,
    { phase, skipped: true, answer: null, reason: "skipped on request" },
    decidedBy,
    `Skipped ${phase}.`,
  );
  return { skipped_phase: phase, next_phase: nextPhase(run.config, phase), status: after.status };
}

/** Cancels a run and the jobs it runs (its step job and its training); 409 when it already ended. */
export async function cancelRun(
  ctx: ServerContext,
  teamId: string,
  runId: string,
): Promise<{ run: RunRecord; cancelledJobs: string[] }> {
  const run = await ctx.db.transaction(async (tx) => {
    const locked = await findRun(tx, teamId, runId, true);
    if (!locked) throw new HttpError(404, "not_found", `No agentic run ${runId} in your team.`);
    if (["completed", "failed", "cancelled"].includes(locked.status))
      throw conflict(`Run ${runId} already ended (${locked.status}).`);
    await tx.query(
      "UPDATE agentic_runs SET status = 'cancelled', pending_decision = NULL, decision_deadline = NULL, updated_at = now() WHERE id = $1",
      [runId],
    );
    await endOpenPhases(tx, runId, "cancelled");
    return locked;
  });
  const jobs = [
    run.jobId,
    run.state.training_job_id,
    ...(run.state.retrains ?? []).map((r) => r.job_id),
  ].filter((id): id is string => Boolean(id));
  const cancelled: string[] = [];
  for (const id of jobs) {
    const outcome = await requestCancel(ctx.db, teamId, id);
    if (outcome && outcome !== "conflict") cancelled.push(id);
  }
  return { run: await getRun(ctx.db, teamId, runId), cancelledJobs: cancelled };
}

/**
 * Resolves decisions whose time ran out with their recommended option; the run pauses until `resume_run`.
 * Runs on a timer and before reads, so the answer does not wait for the next tick; returns how many it resolved.
 */
export async function expireDecisions(db: Database, runId?: string): Promise<number> {
  const due = await db.query<{ id: string }>(
    `SELECT id FROM agentic_runs WHERE status = 'waiting_for_decision' AND decision_deadline < now()
       AND ($1::uuid IS NULL OR id = $1::uuid) LIMIT 50`,
    [runId ?? null],
  );
  let resolved = 0;
  for (const { id } of due) {
    const done = await db.transaction(async (tx: Queryable) => {
      const [row] = await tx.query(
        "SELECT team_id FROM agentic_runs WHERE id = $1 AND status = 'waiting_for_decision' AND decision_deadline < now() FOR UPDATE SKIP LOCKED",
        [id],
      );
      if (!row) return false;
      const run = (await runById(tx, id))!;
      const pending = run.pendingDecision!;
      const answer = definitionOf(pending.phase).recommended(run, pending);
      const inbox: Inbox = { phase: pending.phase, skipped: false, answer };
      await tx.query(
        `UPDATE agentic_runs SET status = 'paused', pending_decision = NULL, decision_deadline = NULL,
           state = jsonb_set(state, '{inbox}', $2::jsonb), updated_at = now() WHERE id = $1`,
        [id, JSON.stringify(inbox)],
      );
      await recordDecision(tx, id, {
        phase: pending.phase,
        decidedBy: "timeout",
        answer,
        summary: `${answer.summary} (no answer within ${run.config.decision_timeout_seconds} s: recommended option)`,
      });
      return true;
    });
    if (done) resolved++;
  }
  return resolved;
}

/** Checks for expired decisions every `everyMs` until stopped. */
export function startDecisionTimer(db: Database, everyMs = 1000): { stop(): void } {
  const timer = setInterval(() => void expireDecisions(db).catch(() => undefined), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
