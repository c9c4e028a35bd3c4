import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso, isoOrNull } from "../store/rows.js";
import { PHASES, type PhaseName } from "./phase-names.js";
import type { DecidedBy, PendingDecision, RunConfig, RunMemory, RunRecord, RunStatus } from "./types.js";

const json = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);

function toRun(row: Row): RunRecord {
  return {
    id: String(row.id),
    teamId: String(row.team_id),
    modelName: String(row.model_name),
    modelDescription: String(row.model_description),
    config: json(row.config) as RunConfig,
    status: row.status as RunStatus,
    currentPhase: (row.current_phase as PhaseName | null) ?? null,
    state: (json(row.state) as RunMemory) ?? {},
    pendingDecision: (json(row.pending_decision) as PendingDecision | null) ?? null,
    decisionDeadline: isoOrNull(row.decision_deadline),
    jobId: (row.job_id as string | null) ?? null,
    error: (json(row.error) as RunRecord["error"]) ?? null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Stores a new run with a row per phase (`not_planned` for phases outside its plan). */
export async function insertRun(
  tx: Queryable,
  run: { id: string; teamId: string; modelName: string; modelDescription: string; config: RunConfig },
): Promise<void> {
  await tx.query(
    `INSERT INTO agentic_runs (id, team_id, model_name, model_description, config, status, current_phase)
     VALUES ($1, $2, $3, $4, $5, 'running', $6)`,
    [
      run.id,
      run.teamId,
      run.modelName,
      run.modelDescription,
      JSON.stringify(run.config),
      run.config.phase_plan[0],
    ],
  );
  for (const [position, phase] of PHASES.entries()) {
    await tx.query("INSERT INTO agentic_phases (run_id, position, phase, status) VALUES ($1, $2, $3, $4)", [
      run.id,
      position,
      phase,
      run.config.phase_plan.includes(phase) ? "pending" : "not_planned",
    ]);
  }
}

/** A team's run, or undefined (another team's run is as absent as a missing one). */
export async function findRun(
  db: Queryable,
  teamId: string,
  id: string,
  lock = false,
): Promise<RunRecord | undefined> {
  const [row] = await db.query(
    `SELECT * FROM agentic_runs WHERE id = $1 AND team_id = $2${lock ? " FOR UPDATE" : ""}`,
    [id, teamId],
  );
  return row && toRun(row);
}

/** A run by id alone (the step job's way in), or undefined. */
export async function runById(db: Queryable, id: string): Promise<RunRecord | undefined> {
  const [row] = await db.query("SELECT * FROM agentic_runs WHERE id = $1", [id]);
  return row && toRun(row);
}

/** Writes a run's mutable fields back. */
export async function saveRun(db: Queryable, run: RunRecord): Promise<void> {
  await db.query(
    `UPDATE agentic_runs SET status = $2, current_phase = $3, state = $4, pending_decision = $5,
       decision_deadline = $6, job_id = $7, error = $8, updated_at = now() WHERE id = $1`,
    [
      run.id,
      run.status,
      run.currentPhase,
      JSON.stringify(run.state),
      run.pendingDecision ? JSON.stringify(run.pendingDecision) : null,
      run.decisionDeadline,
      run.jobId,
      run.error ? JSON.stringify(run.error) : null,
    ],
  );
}

export type PhaseStatus =
  | "pending"
  | "running"
  | "waiting_for_decision"
  | "completed"
  | "skipped"
  | "failed"
  | "cancelled"
  | "not_planned";

/** A phase row as the API shows it. */
export interface PhaseRow {
  phase: PhaseName;
  status: PhaseStatus;
  started_at: string | null;
  finished_at: string | null;
  error: { code: string; message: string } | null;
  result: Record<string, unknown> | null;
}

/** Sets a phase's status: the first move out of `pending` stamps its start, a final status its end. */
export async function setPhase(
  db: Queryable,
  runId: string,
  phase: PhaseName,
  status: PhaseStatus,
  extra: { result?: Record<string, unknown>; error?: { code: string; message: string } } = {},
): Promise<void> {
  const final = ["completed", "skipped", "failed", "cancelled"].includes(status);
  await db.query(
    `UPDATE agentic_phases SET status = $3,
       started_at = CASE WHEN $3 <> 'pending' THEN COALESCE(started_at, now()) ELSE started_at END,
       finished_at = CASE WHEN $4 THEN now() ELSE NULL END,
       result = COALESCE($5::jsonb, result), error = $6::jsonb
     WHERE run_id = $1 AND phase = $2`,
    [
      runId,
      phase,
      status,
      final,
      extra.result ? JSON.stringify(extra.result) : null,
      extra.error ? JSON.stringify(extra.error) : null,
    ],
  );
}

/** Marks every unfinished phase of a run (cancelled run: `cancelled`). */
export async function endOpenPhases(db: Queryable, runId: string, status: PhaseStatus): Promise<void> {
  await db.query(
    `UPDATE agentic_phases SET status = $2, finished_at = CASE WHEN started_at IS NULL THEN NULL ELSE now() END
     WHERE run_id = $1 AND status IN ('pending', 'running', 'waiting_for_decision')`,
    [runId, status],
  );
}

/** A run's phases in workflow order. */
export async function listPhases(db: Queryable, runId: string): Promise<PhaseRow[]> {
  const rows = await db.query("SELECT * FROM agentic_phases WHERE run_id = $1 ORDER BY position", [runId]);
  return rows.map((r) => ({
    phase: r.phase as PhaseName,
    status: r.status as PhaseStatus,
    started_at: isoOrNull(r.started_at),
    finished_at: isoOrNull(r.finished_at),
    error: (json(r.error) as PhaseRow["error"]) ?? null,
    result: (json(r.result) as PhaseRow["result"]) ?? null,
  }));
}

/** A decision as recorded (for the report and the chat). */
export interface DecisionRecord {
  phase: PhaseName;
  decision_type: PhaseName;
  decided_by: DecidedBy;
  answer: Record<string, unknown>;
  summary: string;
  created_at: string;
}

/** Records how a phase's decision was settled. */
export async function recordDecision(
  db: Queryable,
  runId: string,
  d: { phase: PhaseName; decidedBy: DecidedBy; answer: Record<string, unknown>; summary: string },
): Promise<void> {
  await db.query(
    "INSERT INTO agentic_decisions (run_id, phase, decision_type, decided_by, answer, summary) VALUES ($1, $2, $2, $3, $4, $5)",
    [runId, d.phase, d.decidedBy, JSON.stringify(d.answer), d.summary],
  );
}

/** A run's decisions, oldest first. */
export async function listDecisions(db: Queryable, runId: string): Promise<DecisionRecord[]> {
  const rows = await db.query("SELECT * FROM agentic_decisions WHERE run_id = $1 ORDER BY seq", [runId]);
  return rows.map((r) => ({
    phase: r.phase as PhaseName,
    decision_type: r.decision_type as PhaseName,
    decided_by: r.decided_by as DecidedBy,
    answer: json(r.answer) as Record<string, unknown>,
    summary: String(r.summary),
    created_at: iso(r.created_at),
  }));
}

/** A chat message as the API shows it. */
export interface ChatMessage {
  role: "user" | "assistant" | "system";
  content: string;
  timestamp: string;
  data: Record<string, unknown> | null;
}

/** Appends a message to a run's chat. */
export async function addChat(
  db: Queryable,
  runId: string,
  role: ChatMessage["role"],
  content: string,
  data: Record<string, unknown> | null = null,
): Promise<ChatMessage> {
  const [row] = await db.query(
    "INSERT INTO agentic_chat (run_id, role, content, data) VALUES ($1, $2, $3, $4) RETURNING created_at",
    [runId, role, content, data ? JSON.stringify(data) : null],
  );
  return { role, content, timestamp: iso(row.created_at), data };
}

/** One page of a run's chat, oldest first. */
export function chatPage(
  db: Queryable,
  runId: string,
  q: { page: number; pageSize: number },
): Promise<PageOf<ChatMessage>> {
  return pagedQuery(
    db,
    {
      from: "agentic_chat t WHERE t.run_id = $1",
      params: [runId],
      order: "t.seq ASC",
      page: q.page,
      pageSize: q.pageSize,
    },
    (r) => ({
      role: r.role as ChatMessage["role"],
      content: String(r.content),
      timestamp: iso(r.created_at),
      data: (json(r.data) as ChatMessage["data"]) ?? null,
    }),
  );
}
