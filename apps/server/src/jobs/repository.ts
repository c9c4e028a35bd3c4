import { randomUUID } from "node:crypto";
import type { Queryable, Row } from "../store/database.js";
import { pagedQuery } from "../store/paging.js";
import { iso, isoOrNull } from "../store/rows.js";

export type JobStatus = "pending" | "running" | "completed" | "failed" | "cancelled";
export const TERMINAL: readonly JobStatus[] = ["completed", "failed", "cancelled"];

/** A job as the API shows it (the spec's `Job` schema). */
export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: Record<string, unknown>;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: { code: string; message: string } | null;
  result: Record<string, unknown> | null;
}

/** A job as a worker sees it: the API view plus what it needs to run and own it. */
export interface ClaimedJob extends Job {
  teamId: string;
  request: Record<string, unknown>;
  attempts: number;
}

function toJob(row: Row): Job {
  return {
    id: String(row.id),
    kind: String(row.kind),
    status: row.status as JobStatus,
    progress: (row.progress as Record<string, unknown>) ?? {},
    created_at: iso(row.created_at),
    started_at: isoOrNull(row.started_at),
    finished_at: isoOrNull(row.finished_at),
    error: (row.error as Job["error"]) ?? null,
    result: (row.result as Job["result"]) ?? null,
  };
}

function toClaimed(row: Row): ClaimedJob {
  return {
    ...toJob(row),
    teamId: String(row.team_id),
    request: row.request as Record<string, unknown>,
    attempts: Number(row.attempts),
  };
}

/** Stores a new pending job; the caller answers 202 only after this resolves, so no accepted job is lost. */
export async function createJob(
  db: Queryable,
  teamId: string,
  kind: string,
  request: Record<string, unknown>,
): Promise<Job> {
  const rows = await db.query(
    "INSERT INTO jobs (id, team_id, kind, status, request) VALUES ($1, $2, $3, 'pending', $4) RETURNING *",
    [randomUUID(), teamId, kind, JSON.stringify(request)],
  );
  return toJob(rows[0]);
}

/** A job of the given team, or undefined (another team's job is as absent as a missing one). */
export async function getJob(db: Queryable, teamId: string, id: string): Promise<Job | undefined> {
  const rows = await db.query("SELECT * FROM jobs WHERE id = $1 AND team_id = $2", [id, teamId]);
  return rows[0] && toJob(rows[0]);
}

export interface JobListQuery {
  status?: JobStatus;
  kind?: string;
  page: number;
  pageSize: number;
  orderBy: "created_at" | "started_at" | "finished_at" | "status";
  orderDirection: "asc" | "desc";
}

/** One page of a team's jobs, in the spec's `{items, pagination}` shape. */
export function listJobs(db: Queryable, teamId: string, q: JobListQuery) {
  const where = ["t.team_id = $1"];
  const params: unknown[] = [teamId];
  if (q.status) where.push(`t.status = $${params.push(q.status)}`);
  if (q.kind) where.push(`t.kind = $${params.push(q.kind)}`);
  const dir = q.orderDirection === "asc" ? "ASC" : "DESC";
  return pagedQuery(
    db,
    {
      from: `jobs t WHERE ${where.join(" AND ")}`,
      params,
      order: `t.${q.orderBy} ${dir} NULLS LAST, t.seq ${dir}`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toJob,
  );
}

/**
 * Claims the oldest runnable job for `worker` with a lease: a pending job, or a running one whose owner stopped
 * renewing its lease (it crashed or was killed) — that is how interrupted jobs resume. Concurrent claimers never
 * get the same job (FOR UPDATE SKIP LOCKED).
 */
export async function claimJob(
  db: Queryable,
  worker: string,
  leaseMs: number,
  kinds?: string[],
  /** Claim only this job (a queue delivered it). */
  id?: string,
): Promise<ClaimedJob | undefined> {
  const rows = await db.query(
    `UPDATE jobs SET status = 'running', lease_owner = $1, lease_expires_at = now() + ($2 || ' milliseconds')::interval,
       attempts = attempts + 1, started_at = COALESCE(started_at, now())
     WHERE id = (
       SELECT id FROM jobs
       WHERE (status = 'pending' OR (status = 'running' AND lease_expires_at < now()))
         AND NOT cancel_requested AND ($3::text[] IS NULL OR kind = ANY($3::text[]))
         AND ($4::uuid IS NULL OR id = $4::uuid) AND attempts < $5
       ORDER BY created_at, seq FOR UPDATE SKIP LOCKED LIMIT 1)
     RETURNING *`,
    [worker, String(leaseMs), kinds ?? null, id ?? null, MAX_ATTEMPTS],
  );
  return rows[0] && toClaimed(rows[0]);
}

/** Attempts after which a job that keeps killing its workers is failed instead of retried again. */
export const MAX_ATTEMPTS = 5;

/**
 * Ends jobs no worker will finish: a running job whose worker died after a cancel request is cancelled, and one
 * whose workers died `MAX_ATTEMPTS` times is failed. Returns how many it ended.
 */
export async function sweepJobs(db: Queryable): Promise<number> {
  const rows = await db.query(
    `UPDATE jobs SET
       status = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'failed' END,
       error = CASE WHEN cancel_requested
         THEN '{"code":"cancelled","message":"Cancelled; its worker stopped."}'::jsonb
         ELSE jsonb_build_object('code', 'too_many_attempts', 'message',
           'The job stopped its worker ' || attempts || ' times; it is not retried again.') END,
       finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
     WHERE status = 'running' AND lease_expires_at < now() AND (cancel_requested OR attempts >= $1)
     RETURNING id`,
    [MAX_ATTEMPTS],
  );
  return rows.length;
}

/**
 * Renews the lease and records progress. Returns what the worker must know: whether it still owns the job,
 * and whether a cancel was requested.
 */
export async function heartbeat(
  db: Queryable,
  id: string,
  worker: string,
  leaseMs: number,
  progress?: Record<string, unknown>,
): Promise<{ owned: boolean; cancelRequested: boolean }> {
  const rows = await db.query<{ cancel_requested: boolean }>(
    `UPDATE jobs SET lease_expires_at = now() + ($3 || ' milliseconds')::interval, progress = COALESCE($4::jsonb, progress)
     WHERE id = $1 AND lease_owner = $2 AND status = 'running' RETURNING cancel_requested`,
    [id, worker, String(leaseMs), progress ? JSON.stringify(progress) : null],
  );
  return { owned: rows.length === 1, cancelRequested: Boolean(rows[0]?.cancel_requested) };
}

/**
 * Gives back running jobs the worker owns (all, or one): pending again with no lease, so another worker claims
 * them at once instead of waiting for the lease to lapse. The claim is not counted as an attempt: the job did not
 * fail, its worker was told to stop. Returns how many it gave back.
 */
export async function releaseJobs(db: Queryable, worker: string, id?: string): Promise<number> {
  const rows = await db.query(
    `UPDATE jobs SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, attempts = GREATEST(attempts - 1, 0)
     WHERE lease_owner = $1 AND status = 'running' AND ($2::uuid IS NULL OR id = $2::uuid) RETURNING id`,
    [worker, id ?? null],
  );
  return rows.length;
}

/** Ends a running job the worker owns; false when it no longer owns it (its lease expired and another took over). */
export async function finishJob(
  db: Queryable,
  id: string,
  worker: string,
  outcome:
    | { status: "completed"; result: Record<string, unknown> }
    | { status: "failed" | "cancelled"; error: { code: string; message: string } },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE jobs SET status = $3, result = $4::jsonb, error = $5::jsonb, finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
     WHERE id = $1 AND lease_owner = $2 AND status = 'running' RETURNING id`,
    [
      id,
      worker,
      outcome.status,
      outcome.status === "completed" ? JSON.stringify(outcome.result) : null,
      outcome.status === "completed" ? null : JSON.stringify(outcome.error),
    ],
  );
  return rows.length === 1;
}

/**
 * Asks a job to stop: a pending job is cancelled at once, a running one is flagged for its worker to stop at
 * its next heartbeat. Undefined when the team has no such job; `conflict` when the job already ended.
 */
export async function requestCancel(
  db: Queryable,
  teamId: string,
  id: string,
): Promise<Job | "conflict" | undefined> {
  const rows = await db.query(
    `UPDATE jobs SET
       cancel_requested = true,
       status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END,
       finished_at = CASE WHEN status = 'pending' THEN now() ELSE finished_at END,
       error = CASE WHEN status = 'pending' THEN '{"code":"cancelled","message":"Cancelled before it started."}'::jsonb ELSE error END
     WHERE id = $1 AND team_id = $2 AND status IN ('pending', 'running') RETURNING *`,
    [id, teamId],
  );
  if (rows[0]) return toJob(rows[0]);
  return (await getJob(db, teamId, id)) ? "conflict" : undefined;
}
