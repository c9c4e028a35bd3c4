import type { BlobStore } from "../blobs/blob-store.js";
import { getFile, type StoredFile } from "../files/repository.js";
import { createJob, getJob, type Job, requestCancel, TERMINAL } from "../jobs/repository.js";
import { type JobContext, JobError, type JobHandler, JobInterrupted } from "../jobs/runner.js";
import type { Database } from "../store/database.js";
import { addMessage, type MessageRole } from "./conversations.js";
import { AgentFailure, type AnyDefinition, type RunContext } from "./definition.js";
import { type ExecutionRecord, executionOfJob, saveCheckpoint } from "./executions.js";
import { definitionByKey } from "./registry.js";
import { validateResult } from "./validators.js";

export interface ExecutorOptions {
  db: Database;
  blobs: BlobStore;
}

/** What a worker keeps between attempts and across restarts (the execution's `checkpoint`). */
interface Checkpoint {
  /** The attempt under way (1-based) and its input (the original, or a validator's correction). */
  attempt?: number;
  attempt_input?: Record<string, unknown>;
  /** Values made once per attempt (`RunContext.once`), by `<attempt>:<name>`. */
  values?: Record<string, unknown>;
}

/** The run context of one attempt: conversation, checkpointed values and child jobs. */
function runContext(
  options: ExecutorOptions,
  execution: ExecutionRecord,
  checkpoint: Checkpoint,
  files: StoredFile[],
  attempt: number,
  job: JobContext,
): RunContext {
  const { db } = options;
  const once = async <T>(name: string, make: () => Promise<T>): Promise<T> => {
    const key = `${attempt}:${name}`;
    checkpoint.values ??= {};
    if (Object.hasOwn(checkpoint.values, key)) return checkpoint.values[key] as T;
    const value = await make();
    checkpoint.values[key] = value;
    await saveCheckpoint(db, execution.id, checkpoint as Record<string, unknown>);
    return value;
  };
  return {
    db,
    blobs: options.blobs,
    teamId: execution.teamId,
    executionId: execution.id,
    attempt,
    files,
    signal: job.signal,
    async say(content, data) {
      await addMessage(db, execution.conversationId, "agent", content, data);
      // The job's progress shows the latest step too (GET /v1/jobs/{id}, its event stream).
      await job.progress({ attempt, message: content }).catch(() => undefined);
    },
    once,
    async childJob(name: string, kind: string, request: Record<string, unknown>): Promise<Job> {
      const id = await once(
        `job:${name}`,
        async () => (await createJob(db, execution.teamId, kind, request)).id,
      );
      // Cancelling the execution cancels the child; its worker stops at its next heartbeat.
      const cancel = () => void requestCancel(db, execution.teamId, id).catch(() => undefined);
      job.signal.addEventListener("abort", cancel, { once: true });
      try {
        await job.runJob(id);
      } finally {
        job.signal.removeEventListener("abort", cancel);
      }
      job.signal.throwIfAborted();
      const ended = await getJob(db, execution.teamId, id);
      if (!ended) throw new AgentFailure("runtime_error", `The child job ${id} no longer exists.`);
      // The runner is stopping: leave the execution for the worker that picks it up next.
      if (!TERMINAL.includes(ended.status))
        throw new JobInterrupted(`Child job ${id} is still ${ended.status}.`);
      return ended;
    },
  };
}

/**
 * Runs attempts until the result passes the validators: a rejected result with a correction runs again with the
 * corrected input, up to the execution's `max_retries` corrections (`max_retries_exceeded` after that); a rejection
 * without a correction is final (`validation_failed`). Progress is checkpointed, so a restart continues the attempt
 * under way instead of starting over.
 */
async function runAttempts(
  options: ExecutorOptions,
  definition: AnyDefinition,
  execution: ExecutionRecord,
  job: JobContext,
  say: (role: MessageRole, content: string, data?: Record<string, unknown>) => Promise<void>,
): Promise<Record<string, unknown>> {
  const checkpoint = execution.checkpoint as Checkpoint;
  // Files deleted since submission are left out; a definition that needs them says so with its own code.
  const files = (
    await Promise.all(execution.files.map((f) => getFile(options.db, execution.teamId, f.id)))
  ).filter((f): f is StoredFile => f !== undefined);
  let attempt = checkpoint.attempt ?? 1;
  let input = checkpoint.attempt_input ?? execution.input;
  for (;;) {
    const ctx = runContext(options, execution, checkpoint, files, attempt, job);
    const result = await definition.run(input, ctx);
    job.signal.throwIfAborted();
    const verdict = await validateResult(definition, result, input, ctx);
    await say("validator", verdict.message, { attempt, accepted: verdict.ok, ...verdict.data });
    if (verdict.ok) return result as Record<string, unknown>;
    if (!verdict.retryWith) throw new AgentFailure(verdict.code ?? "validation_failed", verdict.message);
    if (attempt > execution.maxRetries) {
      throw new AgentFailure(
        "max_retries_exceeded",
        `${verdict.message} Still failing after ${attempt} attempt(s): the agent allows ${execution.maxRetries} correction(s).`,
      );
    }
    attempt += 1;
    input = verdict.retryWith;
    checkpoint.attempt = attempt;
    checkpoint.attempt_input = input;
    await saveCheckpoint(options.db, execution.id, checkpoint as Record<string, unknown>);
    await say("agent", `Correcting the input and trying again (attempt ${attempt}).`, { input });
  }
}

/**
 * The `agent.execution` job: runs an execution's definition with its validators, recording each step in the
 * execution's conversation. A failure ends the job with the execution's failure code (`job.error.code`).
 */
export function agentExecutionHandler(options: ExecutorOptions): JobHandler {
  return async (job, ctx) => {
    const execution = await executionOfJob(options.db, job.id);
    if (!execution)
      throw new JobError("runtime_error", "The execution no longer exists (its agent was deleted).");
    const say = (role: MessageRole, content: string, data?: Record<string, unknown>) =>
      addMessage(options.db, execution.conversationId, role, content, data);
    const definition = definitionByKey(execution.executionKey);
    if (!definition)
      throw new JobError(
        "runtime_error",
        `This server does not know the execution type "${execution.executionKey}".`,
      );
    await say(
      "system",
      job.attempts > 1
        ? `Picked up again (claim ${job.attempts}) after its worker stopped; work already done is reused.`
        : `Started "${definition.name}".`,
    );
    try {
      const result = await runAttempts(options, definition, execution, ctx, say);
      await say("system", "Finished: the result passed its validators.");
      return result;
    } catch (error) {
      if (error instanceof JobInterrupted) throw error;
      if (ctx.signal.aborted) {
        await say("system", "Cancelled.").catch(() => undefined);
        throw ctx.signal.reason;
      }
      const failure =
        error instanceof AgentFailure
          ? error
          : new AgentFailure("runtime_error", error instanceof Error ? error.message : String(error));
      await say("system", `Failed (${failure.code}): ${failure.message}`).catch(() => undefined);
      throw new JobError(failure.code, failure.message);
    }
  };
}
