import type { JobStatus } from "../jobs/repository.js";
import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso, isoOrNull } from "../store/rows.js";
import { Where } from "../store/where.js";

/** The job kind that runs agent executions (registered in `jobs/workers.ts`). */
export const AGENT_EXECUTION_JOB = "agent.execution";

/** An execution as stored: its own row joined with the job that holds its status, result and error. */
export interface ExecutionRecord {
  id: string;
  teamId: string;
  agentId: string;
  jobId: string;
  conversationId: string;
  executionKey: string;
  input: Record<string, unknown>;
  datasetId: string | null;
  maxRetries: number;
  checkpoint: Record<string, unknown>;
  createdAt: string;
  status: JobStatus;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
  files: { id: string; name: string; mime_type: string }[];
}

// The execution (`t`), its job, and its files in the order sent.
const FROM = "agent_executions t JOIN jobs j ON j.id = t.job_id";
const SELECT = `t.*, j.status, j.result, j.error, j.started_at, j.finished_at,
  COALESCE((SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'mime_type', f.mime_type) ORDER BY x.position)
    FROM agent_execution_files x JOIN files f ON f.id = x.file_id WHERE x.execution_id = t.id), '[]'::json) AS files`;

function toRecord(row: Row): ExecutionRecord {
  return {
    id: String(row.id),
    teamId: String(row.team_id),
    agentId: String(row.agent_id),
    jobId: String(row.job_id),
    conversationId: String(row.conversation_id),
    executionKey: String(row.execution_key),
    input: row.input as Record<string, unknown>,
    datasetId: (row.dataset_id as string | null) ?? null,
    maxRetries: Number(row.max_retries),
    checkpoint: (row.checkpoint as Record<string, unknown>) ?? {},
    createdAt: iso(row.created_at),
    status: row.status as JobStatus,
    result: (row.result as ExecutionRecord["result"]) ?? null,
    error: (row.error as ExecutionRecord["error"]) ?? null,
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    files: (typeof row.files === "string" ? JSON.parse(row.files) : row.files) as ExecutionRecord["files"],
  };
}

/** A new execution: its own fields, and the files sent with it in order. */
export type NewExecution = Pick<
  ExecutionRecord,
  | "id"
  | "teamId"
  | "agentId"
  | "jobId"
  | "conversationId"
  | "executionKey"
  | "input"
  | "datasetId"
  | "maxRetries"
> & { fileIds: string[] };

/** Stores an execution and links its files (inside the transaction that stores its job). */
export async function insertExecution(tx: Queryable, e: NewExecution): Promise<void> {
  const { id } = e;
  await tx.query(
    `INSERT INTO agent_executions (id, team_id, agent_id, job_id, conversation_id, execution_key, input, dataset_id, max_retries)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      e.teamId,
      e.agentId,
      e.jobId,
      e.conversationId,
      e.executionKey,
      JSON.stringify(e.input),
      e.datasetId,
      e.maxRetries,
    ],
  );
  for (const [position, fileId] of e.fileIds.entries()) {
    await tx.query(
      "INSERT INTO agent_execution_files (execution_id, position, file_id) VALUES ($1, $2, $3)",
      [id, position, fileId],
    );
  }
}

/** A team's execution, or undefined. */
export async function getExecution(
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

/** An execution by the job that runs it (the worker's way in), or undefined. */
export async function executionOfJob(db: Queryable, jobId: string): Promise<ExecutionRecord | undefined> {
  const [row] = await db.query(`SELECT ${SELECT} FROM ${FROM} WHERE t.job_id = $1`, [jobId]);
  return row && toRecord(row);
}

export interface ExecutionListQuery {
  agentId?: string;
  /** Job statuses to keep (a view's status may stand for several). */
  statuses?: JobStatus[];
  datasetId?: string;
  page: number;
  pageSize: number;
  orderBy: "created_at" | "started_at" | "finished_at";
  orderDirection: "asc" | "desc";
}

/** One page of a team's executions. */
export function listExecutions(
  db: Queryable,
  teamId: string,
  q: ExecutionListQuery,
): Promise<PageOf<ExecutionRecord>> {
  const where = new Where().add("t.team_id = ?", teamId);
  if (q.agentId) where.add("t.agent_id = ?", q.agentId);
  if (q.statuses) where.add("j.status = ANY(?::text[])", q.statuses);
  if (q.datasetId) where.add("t.dataset_id = ?", q.datasetId);
  const dir = q.orderDirection === "asc" ? "ASC" : "DESC";
  // Start and finish times live on the job.
  const column = q.orderBy === "created_at" ? "t.created_at" : `j.${q.orderBy}`;
  return pagedQuery(
    db,
    {
      select: SELECT,
      from: `${FROM} WHERE ${where.sql}`,
      params: where.params,
      order: `${column} ${dir} NULLS LAST, t.seq ${dir}`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toRecord,
  );
}

/** The job ids of an agent's executions that have not ended (to cancel them before the agent goes). */
export async function activeJobsOfAgent(db: Queryable, agentId: string): Promise<string[]> {
  const rows = await db.query<{ job_id: string }>(
    `SELECT t.job_id FROM ${FROM} WHERE t.agent_id = $1 AND j.status IN ('pending', 'running')`,
    [agentId],
  );
  return rows.map((r) => r.job_id);
}

/** Replaces an execution's checkpoint (what a restarted worker needs to pick up where the last one stopped). */
export async function saveCheckpoint(
  db: Queryable,
  id: string,
  checkpoint: Record<string, unknown>,
): Promise<void> {
  await db.query("UPDATE agent_executions SET checkpoint = $2 WHERE id = $1", [
    id,
    JSON.stringify(checkpoint),
  ]);
}
