import { randomUUID } from "node:crypto";
import type { Queryable, Row } from "../store/database.js";
import { iso } from "../store/rows.js";

/** Who a message is from: the submitted input, the agent at work, a validator's verdict, or the platform. */
export type MessageRole = "user" | "agent" | "validator" | "system";

function toMessage(row: Row, position: number) {
  return {
    position,
    role: row.role as MessageRole,
    content: String(row.content),
    data: (row.data as Record<string, unknown> | null) ?? null,
    created_at: iso(row.created_at),
  };
}

export type AgentMessage = ReturnType<typeof toMessage>;

/** Starts an empty conversation for an agent (one per execution). */
export async function createConversation(db: Queryable, teamId: string, agentId: string): Promise<string> {
  const id = randomUUID();
  await db.query("INSERT INTO agent_conversations (id, team_id, agent_id) VALUES ($1, $2, $3)", [
    id,
    teamId,
    agentId,
  ]);
  return id;
}

/** Appends one message to a conversation. */
export async function addMessage(
  db: Queryable,
  conversationId: string,
  role: MessageRole,
  content: string,
  data?: Record<string, unknown>,
): Promise<void> {
  await db.query(
    "INSERT INTO agent_messages (conversation_id, role, content, data) VALUES ($1, $2, $3, $4)",
    [conversationId, role, content, data === undefined ? null : JSON.stringify(data)],
  );
}

/** A team's conversation with its messages in order, or undefined. */
export async function getConversation(db: Queryable, teamId: string, id: string) {
  const [row] = await db.query(
    `SELECT c.*, e.id AS execution_id FROM agent_conversations c
       LEFT JOIN agent_executions e ON e.conversation_id = c.id
     WHERE c.id = $1 AND c.team_id = $2`,
    [id, teamId],
  );
  if (!row) return undefined;
  const messages = await db.query("SELECT * FROM agent_messages WHERE conversation_id = $1 ORDER BY seq", [
    id,
  ]);
  return {
    id: String(row.id),
    agent_id: String(row.agent_id),
    execution_id: (row.execution_id as string | null) ?? null,
    created_at: iso(row.created_at),
    messages: messages.map((m, i) => toMessage(m, i + 1)),
  };
}
