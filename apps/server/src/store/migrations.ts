import type { Database } from "./database.js";

/** Schema changes in order; a migration, once released, is never edited — add a new one instead. */
export const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: "tenancy and jobs",
    sql: `
      CREATE TABLE teams (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        email text NOT NULL UNIQUE,
        full_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE team_members (
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
        PRIMARY KEY (team_id, user_id)
      );
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        key_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE TABLE idempotency_keys (
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        status_code integer NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, key)
      );
      CREATE TABLE jobs (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        kind text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
        request jsonb NOT NULL,
        progress jsonb NOT NULL DEFAULT '{}'::jsonb,
        result jsonb,
        error jsonb,
        attempts integer NOT NULL DEFAULT 0,
        lease_owner text,
        lease_expires_at timestamptz,
        cancel_requested boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX jobs_team_created ON jobs (team_id, created_at DESC, seq DESC);
      CREATE INDEX jobs_claimable ON jobs (status, lease_expires_at);
    `,
  },
  {
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
  },
];

/** Applies the migrations not yet recorded, each in its own transaction, under a lock so racing servers agree. */
export async function migrate(db: Database): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    await db.transaction(async (tx) => {
      // One server migrates at a time; the others wait, then find the work done.
      await tx.query("SELECT pg_advisory_xact_lock(7259101)");
      await tx.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const done = await tx.query("SELECT 1 FROM schema_migrations WHERE id = $1", [migration.id]);
      if (done.length > 0) return;
      await tx.query(migration.sql);
      await tx.query("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", [
        migration.id,
        migration.name,
      ]);
      applied.push(migration.id);
    });
  }
  return applied;
}
