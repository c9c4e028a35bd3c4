import { DuckDBInstance } from "@duckdb/node-api";

/** A DuckDB connection (one in-memory database per use). */
export type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;

/** A SQL string literal. */
export const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** A quoted SQL identifier (column names come from user data). */
export const sqlIdent = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** Runs `sql` and returns its rows as plain objects (numbers cast to DOUBLE in SQL arrive as numbers). */
export async function duckRows(connection: Connection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** Runs `fn` with a fresh in-memory DuckDB database, closed afterwards whatever happens. */
export async function withDuck<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
