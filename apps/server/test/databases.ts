import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "../src/store/database.js";
import { openStore } from "../src/store/open.js";

const ADMIN_URL = process.env.PARZEN_TEST_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A throw-away PostgreSQL database on the local server for this test file, created before its tests and dropped
 * after them. Returns its connection string (read it inside tests or hooks).
 */
export function temporaryPostgres(): { url: string } {
  const name = `parzen_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const handle = { url: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) };
  beforeAll(() => admin(`CREATE DATABASE ${name}`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return handle;
}

/** Both metadata stores, to run one suite against each: embedded PGlite and the temporary PostgreSQL database. */
export function bothStores(): [string, () => Promise<Database>][] {
  const postgres = temporaryPostgres();
  return [
    ["embedded PGlite", () => openStore()],
    ["PostgreSQL", () => openStore({ databaseUrl: postgres.url })],
  ];
}
