import type { Migration } from "./migration.js";

export const migration: Migration = {
  id: 9,
  name: "pipelines, configuration versions, executions and assistant sessions",
  sql: `
      CREATE TABLE pipelines (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- A name is unique within a team (the 409 of create and rename).
      CREATE UNIQUE INDEX pipelines_team_name ON pipelines (team_id, name);
      CREATE TABLE pipeline_configuration_versions (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        pipeline_id uuid NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
        version_number integer NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'published')),
        configuration jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        UNIQUE (pipeline_id, version_number)
      );
      CREATE INDEX pipeline_versions_team ON pipeline_configuration_versions (team_id, created_at);
      -- Status lives here, not in the job: external workers drive executions that have no job, and paused is ours.
      CREATE TABLE pipeline_executions (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        version_id uuid NOT NULL REFERENCES pipeline_configuration_versions(id) ON DELETE CASCADE,
        job_id uuid REFERENCES jobs(id) ON DELETE SET NULL,
        executor text NOT NULL CHECK (executor IN ('server', 'external')),
        status text NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled', 'paused')),
        pipeline_input jsonb NOT NULL,
        pipeline_input_summary text NOT NULL,
        pipeline_output jsonb,
        pipeline_output_summary text,
        output_storage text NOT NULL DEFAULT 'none' CHECK (output_storage IN ('none', 'inline', 'artifact')),
        output_size bigint NOT NULL DEFAULT 0,
        current_step integer,
        total_steps integer,
        progress_data jsonb NOT NULL DEFAULT '{}'::jsonb,
        block_outputs jsonb NOT NULL DEFAULT '{}'::jsonb,
        error jsonb,
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz,
        failed_at timestamptz,
        cancelled_at timestamptz,
        paused_at timestamptz
      );
      CREATE INDEX pipeline_executions_team ON pipeline_executions (team_id, created_at);
      CREATE INDEX pipeline_executions_version ON pipeline_executions (version_id);
      CREATE TABLE pipeline_assistant_sessions (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        goal text NOT NULL,
        autonomy_level text NOT NULL,
        model_name text,
        plan jsonb NOT NULL DEFAULT '{}'::jsonb,
        current_config jsonb,
        dataset_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
        messages jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
  `,
};
