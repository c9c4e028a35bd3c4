import type { Migration } from "./migration.js";

export const migration: Migration = {
  id: 7,
  name: "agentic runs: their phases, decisions and chat",
  sql: `
      -- A run is a state machine kept here; each phase's work is a job on the runner (job_id: the latest), so a
      -- run waiting for a decision holds no worker and a restarted server finds it where it was.
      CREATE TABLE agentic_runs (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        model_name text NOT NULL,
        model_description text NOT NULL DEFAULT '',
        config jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'waiting_for_decision', 'paused', 'completed', 'failed', 'cancelled')),
        current_phase text,
        state jsonb NOT NULL DEFAULT '{}'::jsonb,
        pending_decision jsonb,
        decision_deadline timestamptz,
        job_id uuid REFERENCES jobs(id) ON DELETE SET NULL,
        error jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX agentic_runs_team ON agentic_runs (team_id, created_at DESC, seq DESC);
      CREATE INDEX agentic_runs_deadline ON agentic_runs (decision_deadline) WHERE status = 'waiting_for_decision';
      CREATE TABLE agentic_phases (
        run_id uuid NOT NULL REFERENCES agentic_runs(id) ON DELETE CASCADE,
        position integer NOT NULL,
        phase text NOT NULL,
        status text NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        error jsonb,
        result jsonb,
        PRIMARY KEY (run_id, phase)
      );
      CREATE TABLE agentic_decisions (
        run_id uuid NOT NULL REFERENCES agentic_runs(id) ON DELETE CASCADE,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        phase text NOT NULL,
        decision_type text NOT NULL,
        decided_by text NOT NULL CHECK (decided_by IN ('user', 'auto', 'timeout', 'chat', 'skip')),
        answer jsonb NOT NULL,
        summary text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, seq)
      );
      CREATE TABLE agentic_chat (
        run_id uuid NOT NULL REFERENCES agentic_runs(id) ON DELETE CASCADE,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        role text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
        content text NOT NULL,
        data jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, seq)
      );
    `,
};
