import type { Migration } from "./migration.js";

export const migration: Migration = {
  id: 6,
  name: "deployments, reports, monitors and model evaluations",
  sql: `
      CREATE TABLE model_evaluations (
        model_id uuid PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        evaluation jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE deployments (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text,
        model_id uuid NOT NULL REFERENCES models(id),
        previous_model_id uuid REFERENCES models(id) ON DELETE SET NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (team_id, name)
      );
      CREATE INDEX deployments_team ON deployments (team_id, created_at DESC);
      CREATE TABLE deployment_history (
        deployment_id uuid NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
        version integer NOT NULL,
        model_id uuid NOT NULL,
        previous_model_id uuid,
        action text NOT NULL CHECK (action IN ('create', 'switch', 'rollback')),
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (deployment_id, version)
      );
      CREATE TABLE reports (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        model_id uuid REFERENCES models(id) ON DELETE SET NULL,
        deployment_id uuid REFERENCES deployments(id) ON DELETE SET NULL,
        run_id text,
        title text NOT NULL,
        metadata jsonb NOT NULL,
        size_bytes bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX reports_team ON reports (team_id, created_at DESC);
      CREATE TABLE monitors (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        deployment_id uuid NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
        name text NOT NULL,
        model_id uuid NOT NULL,
        dataset_version_id uuid,
        settings jsonb NOT NULL,
        reference jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX monitors_team ON monitors (team_id, created_at DESC);
      CREATE INDEX monitors_deployment ON monitors (deployment_id);
      CREATE TABLE monitor_batches (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        monitor_id uuid NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
        source text NOT NULL CHECK (source IN ('request', 'captured')),
        model_id uuid NOT NULL,
        row_count integer NOT NULL,
        labeled_rows integer NOT NULL,
        drift jsonb NOT NULL,
        performance jsonb,
        alerts jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX monitor_batches_monitor ON monitor_batches (monitor_id, seq DESC);
      CREATE TABLE monitor_captures (
        monitor_id uuid NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        rows jsonb NOT NULL,
        row_count integer NOT NULL,
        PRIMARY KEY (monitor_id, seq)
      );
    `,
};
