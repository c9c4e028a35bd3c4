import pg from "pg";
import type { Database, Queryable } from "./database.js";
import { listenOn } from "./postgres-listener.js";

/** Real PostgreSQL through a connection pool (`DATABASE_URL`). */
export async function openPostgres(url: string, maxConnections = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // Fail at start-up, with the server's own message, rather than on the first request.
  await pool.query("SELECT 1");
  const listeners = new Set<() => Promise<void>>();
  return {
    kind: "postgres",
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const tx: Queryable = { query: async (sql, params) => (await client.query(sql, params)).rows };
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onMessage, onState) {
      const stop = await listenOn(url, channel, onMessage, onState);
      listeners.add(stop);
      return async () => {
        listeners.delete(stop);
        await stop();
      };
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}
