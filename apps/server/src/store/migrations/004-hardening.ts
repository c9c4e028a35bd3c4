import type { Migration } from "./migration.js";

export const migration: Migration = {
  id: 4,
  name: "idempotency request fingerprints",
  sql: `
      ALTER TABLE idempotency_keys ADD COLUMN fingerprint text NOT NULL DEFAULT '';
    `,
};
