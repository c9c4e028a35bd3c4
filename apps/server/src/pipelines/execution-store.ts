import { requestCancel } from "../jobs/repository.js";
import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso, isoOrNull } from "../store/rows.js";
import { Where } from "../store/where.js";

/** The job kind that runs pipeline executions (registered in `jobs/workers.ts`). */
export const PIPELINE_EXECUTION_JOB = "pipeline.execution";

export const EXECUTION_STATUSES = [
  "pending",
  "running",
  "completed",
  "failed",
  "cancelled",
  "paused",
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const TERMINAL_STATUSES: readonly ExecutionStatus[] = ["completed", "failed", "cancelled"];

/** What a block left behind, kept per block in `block_outputs` (tables as files, the rest as JSON). */
export type BlockOutput =
  | { type: "table"; key: string; rows: number; columns: string[] }
  | { type: "model"; model_id: string; dataset_id?: string; trainer_job_id?: string; [k: string]: unknown }
  | { type: "metrics"; metrics: Record<string, number>; [k: string]: unknown }
  | { type: "json"; value: unknown };

function toExecution(row: Row) {
  const storage = row.output_storage as "none" | "inline" | "artifact";
  return {
    id: String(row.id),
    team_id: String(row.team_id),
    pipeline_id: String(row.pipeline_id),
    pipeline_configuration_version_id: String(row.version_id),
    status: row.status as ExecutionStatus,
    executor: row.executor as "server" | "external",
    pipeline_input: row.pipeline_input as Record<string, unknown>,
    pipeline_input_summary: String(row.pipeline_input_summary),
    pipeline_output: storage === "inline" ? (row.pipeline_output as Record<string, unknown>) : null,
    pipeline_output_summary: (row.pipeline_output_summary as string | null) ?? null,
    output_storage: storage,
    current_step: row.current_step === null ? null : Number(row.current_step),
    total_steps: row.total_steps === null ? null : Number(row.total_steps),
    progress_data: (row.progress_data as Record<string, unknown>) ?? {},
    error: (row.error as { code: string; message: string; block_id: string | null } | null) ?? null,
    cancel_reason: (row.cancel_reason as string | null) ?? null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    started_at: isoOrNull(row.started_at),
    completed_at: isoOrNull(row.completed_at),
    failed_at: isoOrNull(row.failed_at),
    cancelled_at: isoOrNull(row.cancelled_at),
    paused_at: isoOrNull(row.paused_at),
  };
}

export type PipelineExecution = ReturnType<typeof toExecution>;

/** An execution as the worker sees it: the API view plus the job, the block outputs and the output's size. */
export interface ExecutionRecord extends PipelineExecution {
  job_id: string | null;
  block_outputs: Record<string, BlockOutput>;
  output_size: number;
}

const FROM = "pipeline_executions t JOIN pipeline_configuration_versions v ON v.id = t.version_id";
const SELECT = "t.*, v.pipeline_id";

function toRecord(row: Row): ExecutionRecord {
  return {
    ...toExecution(row),
    job_id: (row.job_id as string | null) ?? null,
    block_outputs: (row.block_outputs as Record<string, BlockOutput>) ?? {},
    output_size: Number(row.output_size ?? 0),
  };
}

/** The API's view of a record (without the worker's fields). */
export function executionView(record: ExecutionRecord): PipelineExecution {
  const { job_id: _job, block_outputs: _outputs, output_size: _size, ...view } = record;
  return view;
}

/** Stores a new execution (inside the transaction that stores its job, when it has one). */
export async function insertExecution(
  tx: Queryable,
  e: {
    id: string;
    teamId: string;
    versionId: string;
    jobId: string | null;
    executor: "server" | "external";
    input: Record<string, unknown>;
    inputSummary: string;
    currentStep: number | null;
    totalSteps: number | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO pipeline_executions
       (id, team_id, version_id, job_id, executor, status, pipeline_input, pipeline_input_summary, current_step, total_steps)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9)`,
    [
      e.id,
      e.teamId,
      e.versionId,
      e.jobId,
      e.executor,
      JSON.stringify(e.input),
      e.inputSummary,
      e.currentStep,
      e.totalSteps,
    ],
  );
}

/** A team's execution, or undefined. */
export async function getExecutionRecord(
  db: Queryable,
  teamId: string,
  id: string,
): Promise<ExecutionRecord | undefined> {
  const [row] = await db.query(`SELECT ${SELECT} FROM ${FROM} WHERE t.id = $1 AND t.team_id = $2`, [
    id,
    teamId,
  ]);
  return row && toRecord(row);
}

/** The execution a job runs (the worker's way in), or undefined. */
export async function executionOfJob(db: Queryable, jobId: string): Promise<ExecutionRecord | undefined> {
  const [row] = await db.query(`SELECT ${SELECT} FROM ${FROM} WHERE t.job_id = $1`, [jobId]);
  return row && toRecord(row);
}

/** Columns a worker or the API may set on an execution. */
export type ExecutionPatch = Partial<{
  status: ExecutionStatus;
  pipeline_output: unknown;
  pipeline_output_summary: string | null;
  output_storage: "none" | "inline" | "artifact";
  output_size: number;
  progress_data: Record<string, unknown>;
  block_outputs: Record<string, BlockOutput>;
  current_step: number | null;
  total_steps: number | null;
  error: { code: string; message: string; block_id: string | null } | null;
  cancel_reason: string | null;
  started_at: string | null;
  completed_at: string | null;
  failed_at: string | null;
  cancelled_at: string | null;
  paused_at: string | null;
}>;

const JSON_COLUMNS = new Set(["pipeline_output", "progress_data", "block_outputs", "error"]);

/**
 * Applies a patch unless the execution already ended (a late worker never overwrites a cancel); returns whether
 * it applied.
 */
export async function patchExecution(db: Queryable, id: string, patch: ExecutionPatch): Promise<boolean> {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  const sets = entries.map(
    ([column], i) => `${column} = $${i + 2}${JSON_COLUMNS.has(column) ? "::jsonb" : ""}`,
  );
  const rows = await db.query(
    `UPDATE pipeline_executions SET ${[...sets, "updated_at = now()"].join(", ")}
     WHERE id = $1 AND status NOT IN ('completed', 'failed', 'cancelled') RETURNING id`,
    [id, ...entries.map(([column, v]) => (JSON_COLUMNS.has(column) && v !== null ? JSON.stringify(v) : v))],
  );
  return rows.length === 1;
}

/** Cancels the pending, running or paused executions of a pipeline or version (before deleting it). */
export async function cancelActiveExecutions(
  db: Queryable,
  teamId: string,
  of: { pipelineId?: string; versionId?: string },
): Promise<void> {
  const rows = await db.query<{ id: string; job_id: string | null }>(
    `SELECT t.id, t.job_id FROM ${FROM} WHERE t.team_id = $1 AND t.status IN ('pending', 'running', 'paused')
     AND ($2::uuid IS NULL OR v.pipeline_id = $2) AND ($3::uuid IS NULL OR t.version_id = $3)`,
    [teamId, of.pipelineId ?? null, of.versionId ?? null],
  );
  for (const row of rows) {
    await patchExecution(db, row.id, { status: "cancelled", cancelled_at: new Date().toISOString() });
    if (row.job_id) await requestCancel(db, teamId, row.job_id);
  }
}

export interface ExecutionListQuery {
  pipelineIds?: string[];
  versionIds?: string[];
  ids?: string[];
  statuses?: string[];
  page: number;
  pageSize: number;
  orderBy: "created_at" | "updated_at" | "started_at";
  direction: "ASC" | "DESC";
}

/** One page of a team's executions. */
export function listExecutionRecords(
  db: Queryable,
  teamId: string,
  q: ExecutionListQuery,
): Promise<PageOf<PipelineExecution>> {
  const where = new Where().add("t.team_id = ?", teamId);
  if (q.pipelineIds) where.add("v.pipeline_id = ANY(?::uuid[])", q.pipelineIds);
  if (q.versionIds) where.add("t.version_id = ANY(?::uuid[])", q.versionIds);
  if (q.ids) where.add("t.id = ANY(?::uuid[])", q.ids);
  if (q.statuses) where.add("t.status = ANY(?::text[])", q.statuses);
  return pagedQuery(
    db,
    {
      select: SELECT,
      from: `${FROM} WHERE ${where.sql}`,
      params: where.params,
      order: `t.${q.orderBy} ${q.direction} NULLS LAST, t.seq ${q.direction}`,
      page: q.page,
      pageSize: q.pageSize,
    },
    (row) => toExecution(row),
  );
}
