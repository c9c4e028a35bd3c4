import type { Database } from "./database.js";
import { migrate } from "./migrations.js";
import { openPglite } from "./pglite.js";
import { openPostgres } from "./postgres.js";

export interface StoreOptions {
  /** PostgreSQL connection string; without it the embedded store is used. */
  databaseUrl?: string;
  /** Where the embedded store keeps its files; in memory when left out. */
  dataDir?: string;
}

/** Opens the metadata store (PostgreSQL with `databaseUrl`, else embedded PGlite) and brings its schema up to date. */
export async function openStore(options: StoreOptions = {}): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPglite(options.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
