import type { Migration } from "./migration.js";

export const migration: Migration = {
  id: 3,
  name: "dataset version profiles",
  sql: `
      ALTER TABLE dataset_versions ADD COLUMN profile jsonb;
    `,
};
