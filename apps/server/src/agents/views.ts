import type { JobStatus } from "../jobs/repository.js";
import { COMMON_FAILURE_CODES } from "./definition.js";
import type { ExecutionRecord } from "./executions.js";
import { definitionByKey } from "./registry.js";

/** The status the agentic-executions API shows (the reference API's four). */
export type AgenticStatus = "pending" | "in_progress" | "finished" | "failed";

const AGENTIC_STATUS: Record<JobStatus, AgenticStatus> = {
  pending: "pending",
  running: "in_progress",
  completed: "finished",
  failed: "failed",
  // The reference API has no cancelled state: a cancelled execution failed, with failure code `cancelled`.
  cancelled: "failed",
};

/** The job statuses an agentic status stands for (the list filter). */
export function jobStatusesOf(status: AgenticStatus): JobStatus[] {
  return (Object.keys(AGENTIC_STATUS) as JobStatus[]).filter((s) => AGENTIC_STATUS[s] === status);
}

/**
 * The failure code and explanation of an ended execution: its job's error code when it is a common code or one of
 * the definition's own; `unknown` when the job failed without one; `runtime_error` for any other code (a worker that
 * kept dying, say), with that code kept in the explanation.
 */
export function failureOf(e: ExecutionRecord): { code: string; explanation: string } | null {
  if (e.status === "cancelled") return { code: "cancelled", explanation: e.error?.message ?? "Cancelled." };
  if (e.status !== "failed") return null;
  if (!e.error?.code) return { code: "unknown", explanation: e.error?.message ?? "The execution failed." };
  const own = definitionByKey(e.executionKey)?.failureCodes ?? {};
  if (Object.hasOwn(COMMON_FAILURE_CODES, e.error.code) || Object.hasOwn(own, e.error.code)) {
    return { code: e.error.code, explanation: e.error.message };
  }
  return { code: "runtime_error", explanation: `${e.error.code}: ${e.error.message}` };
}

function duration(e: ExecutionRecord): number | null {
  if (!e.startedAt || !e.finishedAt) return null;
  return (Date.parse(e.finishedAt) - Date.parse(e.startedAt)) / 1000;
}

/** What both views show alike: the job, the times and the files. */
function shared(e: ExecutionRecord) {
  return {
    job_id: e.jobId,
    created_at: e.createdAt,
    started_at: e.startedAt,
    finished_at: e.finishedAt,
    duration_seconds: duration(e),
    files: e.files.map((f) => ({
      id: f.id,
      filename: f.name,
      file_url: `/v1/files/${f.id}/content`,
      content_type: f.mime_type,
    })),
  };
}

/** The spec's `AgenticExecution` (seed 003's view). */
export function agenticView(e: ExecutionRecord) {
  const failure = failureOf(e);
  return {
    id: e.id,
    agent: e.agentId,
    execution_key: e.executionKey,
    conversation: e.conversationId,
    status: AGENTIC_STATUS[e.status],
    input: e.input,
    result: e.status === "completed" ? e.result : null,
    failure_code: failure?.code ?? null,
    failure_explanation: failure?.explanation ?? null,
    dataset_id: e.datasetId,
    ...shared(e),
  };
}

/** The spec's `AgentExecution` (seed 001's view of the same record). */
export function agentExecutionView(e: ExecutionRecord) {
  const failure = failureOf(e);
  return {
    id: e.id,
    agent_id: e.agentId,
    execution_key: e.executionKey,
    status: e.status,
    input_data: e.input,
    output_data: e.status === "completed" ? e.result : null,
    error: failure && { code: failure.code, message: failure.explanation },
    conversation_id: e.conversationId,
    ...shared(e),
  };
}
