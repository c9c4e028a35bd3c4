import type { Database } from "./database.js";
import { migration as m001 } from "./migrations/001-tenancy-and-jobs.js";
import { migration as m002 } from "./migrations/002-files-datasets-models.js";
import { migration as m003 } from "./migrations/003-dataset-profiles.js";
import { migration as m004 } from "./migrations/004-hardening.js";
import { migration as m005 } from "./migrations/005-keys-tokens-and-seed-fields.js";
import { migration as m006 } from "./migrations/006-deployments-reports-monitors.js";
import { migration as m007 } from "./migrations/007-agentic.js";
import { migration as m008 } from "./migrations/008-agents.js";
import { migration as m009 } from "./migrations/009-pipelines.js";
import { migration as m010 } from "./migrations/010-change-notifications.js";
import type { Migration } from "./migrations/migration.js";

/** Schema changes in id order, one file each under `migrations/`. */
export const MIGRATIONS: Migration[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
  m009,
  m010,
  // New migrations go here, one line each, in id order.
].sort((a, b) => a.id - b.id);

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
