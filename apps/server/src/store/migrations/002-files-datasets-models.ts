import type { Migration } from "./migration.js";

export const migration: Migration = {
  id: 2,
  name: "files, datasets, models and trial journals",
  sql: `
      CREATE TABLE datasets (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text,
        processing_status text NOT NULL DEFAULT 'empty'
          CHECK (processing_status IN ('empty', 'processing', 'completed', 'failed')),
        current_version_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX datasets_team ON datasets (team_id, created_at DESC);
      CREATE TABLE files (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        dataset_id uuid REFERENCES datasets(id) ON DELETE SET NULL,
        name text NOT NULL,
        mime_type text NOT NULL,
        file_size bigint NOT NULL,
        sha256 text,
        status text NOT NULL CHECK (status IN ('pending_upload', 'ready')),
        mime_given boolean NOT NULL DEFAULT false,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX files_team ON files (team_id, created_at DESC);
      CREATE INDEX files_hash ON files (team_id, sha256);
      CREATE TABLE dataset_versions (
        id uuid PRIMARY KEY,
        dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        version_no integer NOT NULL,
        row_count bigint NOT NULL,
        columns jsonb NOT NULL,
        file_id uuid REFERENCES files(id) ON DELETE SET NULL,
        size_bytes bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (dataset_id, version_no)
      );
      CREATE TABLE dataset_schemas (
        id uuid PRIMARY KEY,
        dataset_id uuid NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        columns jsonb NOT NULL,
        parsing jsonb NOT NULL DEFAULT '{}'::jsonb,
        is_current boolean NOT NULL,
        source text NOT NULL CHECK (source IN ('explicit', 'sample')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE models (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        job_id uuid REFERENCES jobs(id) ON DELETE SET NULL,
        dataset_id uuid REFERENCES datasets(id) ON DELETE SET NULL,
        dataset_version_id uuid REFERENCES dataset_versions(id) ON DELETE SET NULL,
        name text NOT NULL,
        summary jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX models_team ON models (team_id, created_at DESC);
      CREATE TABLE server_secrets (
        name text PRIMARY KEY,
        value text NOT NULL
      );
      CREATE TABLE job_trials (
        job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        record jsonb NOT NULL,
        PRIMARY KEY (job_id, seq)
      );
    `,
};
