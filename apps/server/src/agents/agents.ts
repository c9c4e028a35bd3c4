import { randomUUID } from "node:crypto";
import { fieldError } from "../http/errors.js";
import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso } from "../store/rows.js";
import { type AgentType, definitionsOf } from "./registry.js";

/** An agent's settings (the spec's `AgentSettings`). */
export interface AgentSettings {
  file_upload_enabled: boolean;
  allowed_file_types: string[];
  max_retries: number;
  default_execution_key: string | null;
}

/** Settings of an agent created without them; the spec's `AgentSettingsInput` defaults say the same. */
export const DEFAULT_SETTINGS: AgentSettings = {
  file_upload_enabled: false,
  allowed_file_types: [
    "text/csv",
    "application/vnd.apache.parquet",
    "application/json",
    "application/x-ndjson",
  ],
  max_retries: 2,
  default_execution_key: null,
};

function toAgent(row: Row) {
  return {
    id: String(row.id),
    team_id: String(row.team_id),
    name: String(row.name),
    description: (row.description as string | null) ?? null,
    agent_type: row.agent_type as AgentType,
    settings: { ...DEFAULT_SETTINGS, ...(row.settings as Partial<AgentSettings>) },
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export type Agent = ReturnType<typeof toAgent>;

export interface NewAgent {
  name: string;
  description?: string | null;
  agent_type: AgentType;
  settings: AgentSettings;
}

export async function insertAgent(db: Queryable, teamId: string, agent: NewAgent): Promise<Agent> {
  const [row] = await db.query(
    `INSERT INTO agents (id, team_id, name, description, agent_type, settings)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [
      randomUUID(),
      teamId,
      agent.name,
      agent.description ?? null,
      agent.agent_type,
      JSON.stringify(agent.settings),
    ],
  );
  return toAgent(row);
}

/** A team's agent, or undefined (another team's agent is as absent as a missing one). */
export async function getAgent(db: Queryable, teamId: string, id: string): Promise<Agent | undefined> {
  const [row] = await db.query("SELECT * FROM agents WHERE id = $1 AND team_id = $2", [id, teamId]);
  return row && toAgent(row);
}

export interface AgentListQuery {
  page: number;
  pageSize: number;
  orderBy: "created_at" | "updated_at" | "name";
  orderDirection: "asc" | "desc";
}

/** One page of a team's agents. */
export function listAgents(db: Queryable, teamId: string, q: AgentListQuery): Promise<PageOf<Agent>> {
  const dir = q.orderDirection === "asc" ? "ASC" : "DESC";
  return pagedQuery(
    db,
    {
      from: "agents t WHERE t.team_id = $1",
      params: [teamId],
      order: `t.${q.orderBy} ${dir}, t.seq ${dir}`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toAgent,
  );
}

/** Writes an agent's new name, description, type and settings (the caller merged them). */
export async function saveAgent(db: Queryable, agent: Agent): Promise<Agent> {
  const [row] = await db.query(
    `UPDATE agents SET name = $3, description = $4, agent_type = $5, settings = $6, updated_at = now()
     WHERE id = $1 AND team_id = $2 RETURNING *`,
    [
      agent.id,
      agent.team_id,
      agent.name,
      agent.description,
      agent.agent_type,
      JSON.stringify(agent.settings),
    ],
  );
  return toAgent(row);
}

/** Deletes an agent with its executions and conversations; false when the team has no such agent. */
export async function deleteAgent(db: Queryable, teamId: string, id: string): Promise<boolean> {
  const rows = await db.query("DELETE FROM agents WHERE id = $1 AND team_id = $2 RETURNING id", [id, teamId]);
  return rows.length > 0;
}

/** A 400 unless the settings' default execution key is one the agent's type offers. */
export function checkDefaultKey(agent: { agent_type: AgentType; settings: AgentSettings }): void {
  const key = agent.settings.default_execution_key;
  if (key === null) return;
  const offered = definitionsOf(agent.agent_type).map((d) => d.key);
  if (!offered.includes(key)) {
    throw fieldError(
      "body.settings.default_execution_key",
      `"${key}" is not an execution type of ${agent.agent_type} agents (they offer: ${offered.join(", ") || "none"})`,
    );
  }
}
