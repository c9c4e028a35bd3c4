import type { Migration } from "./migration.js";

export const migration: Migration = {
  id: 5,
  name: "named API keys, access and refresh tokens; user nicknames, file lifecycle, dataset processing jobs",
  sql: `
      ALTER TABLE api_keys
        ADD COLUMN name text NOT NULL DEFAULT 'default',
        ADD COLUMN expires_at timestamptz,
        ADD COLUMN last_used_at timestamptz;
      CREATE INDEX api_keys_team ON api_keys (team_id, created_at DESC);
      CREATE TABLE auth_tokens (
        id uuid PRIMARY KEY,
        api_key_id uuid NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('access', 'refresh')),
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX auth_tokens_expiry ON auth_tokens (expires_at);
      ALTER TABLE users ADD COLUMN nickname text;
      ALTER TABLE files DROP CONSTRAINT files_status_check;
      ALTER TABLE files ADD CONSTRAINT files_status_check
        CHECK (status IN ('pending_upload', 'uploaded', 'processing', 'ready', 'error'));
      ALTER TABLE files ADD COLUMN error_message text;
      ALTER TABLE datasets ADD COLUMN processing_job_id uuid REFERENCES jobs(id) ON DELETE SET NULL;
    `,
};
