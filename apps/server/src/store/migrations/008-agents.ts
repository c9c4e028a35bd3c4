import type { Migration } from "./migration.js";

export const migration: Migration = {
  id: 8,
  name: "agents, their executions and conversations",
  sql: `
      CREATE TABLE agents (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text,
        agent_type text NOT NULL,
        settings jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX agents_team ON agents (team_id, created_at DESC, seq DESC);
      CREATE TABLE agent_conversations (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE agent_messages (
        conversation_id uuid NOT NULL REFERENCES agent_conversations(id) ON DELETE CASCADE,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        role text NOT NULL CHECK (role IN ('user', 'agent', 'validator', 'system')),
        content text NOT NULL,
        data jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (conversation_id, seq)
      );
      -- An execution's status, result and error live in its job (one job machinery); this row holds the rest.
      CREATE TABLE agent_executions (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        job_id uuid NOT NULL UNIQUE REFERENCES jobs(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES agent_conversations(id) ON DELETE CASCADE,
        execution_key text NOT NULL,
        input jsonb NOT NULL,
        dataset_id uuid,
        max_retries integer NOT NULL,
        checkpoint jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX agent_executions_team ON agent_executions (team_id, created_at DESC, seq DESC);
      CREATE INDEX agent_executions_agent ON agent_executions (agent_id, created_at DESC);
      CREATE INDEX agent_executions_dataset ON agent_executions (team_id, dataset_id);
      CREATE TABLE agent_execution_files (
        execution_id uuid NOT NULL REFERENCES agent_executions(id) ON DELETE CASCADE,
        position integer NOT NULL,
        file_id uuid NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        PRIMARY KEY (execution_id, position)
      );
    `,
};
