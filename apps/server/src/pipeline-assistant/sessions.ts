import { randomUUID } from "node:crypto";
import type { Configuration } from "../pipelines/graph.js";
import type { Queryable, Row } from "../store/database.js";
import { iso } from "../store/rows.js";
import type { Plan } from "./plan.js";

export const AUTONOMY_LEVELS = ["manual", "semi_auto", "full_auto"] as const;

/** One turn of the conversation. */
export interface SessionMessage {
  role: "user" | "assistant";
  content: string;
  created_at: string;
}

/** A session as stored. */
export interface Session {
  id: string;
  team_id: string;
  goal: string;
  autonomy_level: (typeof AUTONOMY_LEVELS)[number];
  model_name: string | null;
  plan: Plan;
  current_config: Configuration | null;
  dataset_ids: string[];
  messages: SessionMessage[];
  created_at: string;
}

function toSession(row: Row): Session {
  return {
    id: String(row.id),
    team_id: String(row.team_id),
    goal: String(row.goal),
    autonomy_level: row.autonomy_level as Session["autonomy_level"],
    model_name: (row.model_name as string | null) ?? null,
    plan: row.plan as Plan,
    current_config: (row.current_config as Configuration | null) ?? null,
    dataset_ids: (row.dataset_ids as string[]) ?? [],
    messages: (row.messages as SessionMessage[]) ?? [],
    created_at: iso(row.created_at),
  };
}

/** The API's view of a session (`session_id`, without the internal plan). */
export function sessionView(session: Session, needs: string[]) {
  return {
    session_id: session.id,
    goal: session.goal,
    autonomy_level: session.autonomy_level,
    model_name: session.model_name,
    current_config: session.current_config,
    dataset_ids: session.dataset_ids,
    needs,
    messages: session.messages,
    created_at: session.created_at,
  };
}

/** Stores a new session. */
export async function insertSession(
  db: Queryable,
  s: Pick<Session, "team_id" | "goal" | "autonomy_level" | "model_name" | "plan">,
): Promise<Session> {
  const [row] = await db.query(
    `INSERT INTO pipeline_assistant_sessions (id, team_id, goal, autonomy_level, model_name, plan)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [randomUUID(), s.team_id, s.goal, s.autonomy_level, s.model_name, JSON.stringify(s.plan)],
  );
  return toSession(row);
}

/** A team's session, or undefined. */
export async function getSession(db: Queryable, teamId: string, id: string): Promise<Session | undefined> {
  const [row] = await db.query("SELECT * FROM pipeline_assistant_sessions WHERE id = $1 AND team_id = $2", [
    id,
    teamId,
  ]);
  return row && toSession(row);
}

/** Saves what a turn changed. */
export async function saveSession(db: Queryable, s: Session): Promise<void> {
  await db.query(
    `UPDATE pipeline_assistant_sessions
     SET plan = $2, current_config = $3, dataset_ids = $4, messages = $5, updated_at = now() WHERE id = $1`,
    [
      s.id,
      JSON.stringify(s.plan),
      s.current_config && JSON.stringify(s.current_config),
      JSON.stringify(s.dataset_ids),
      JSON.stringify(s.messages),
    ],
  );
}

/** Deletes a session; false when the team has none with this id. */
export async function deleteSession(db: Queryable, teamId: string, id: string): Promise<boolean> {
  const rows = await db.query(
    "DELETE FROM pipeline_assistant_sessions WHERE id = $1 AND team_id = $2 RETURNING id",
    [id, teamId],
  );
  return rows.length === 1;
}
