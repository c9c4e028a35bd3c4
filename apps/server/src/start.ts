import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { type AppOptions, buildApp } from "./app.js";
import { bootstrapAdmin } from "./auth/keys.js";
import type { Database } from "./store/database.js";
import { openStore, type StoreOptions } from "./store/open.js";

export interface RunningServer {
  app: FastifyInstance;
  /** Root URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  db: Database;
  /** The admin key created on first start of a new store (shown once), unless one was given. */
  adminKey?: string;
  close(): Promise<void>;
}

export interface StartOptions extends Omit<AppOptions, "db">, StoreOptions {
  host?: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Use this store instead of opening one. */
  db?: Database;
  /** Admin API key for a new store (e.g. `PARZEN_API_KEY`); generated when absent. */
  apiKey?: string;
}

/** Opens the store (PostgreSQL with `databaseUrl`, else embedded), bootstraps the admin key, builds the app and listens. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const db = options.db ?? (await openStore(options));
  const { key } = await bootstrapAdmin(db, options.apiKey);
  const app = await buildApp({ ...options, db });
  await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 8080 });
  const { port } = app.server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  return {
    app,
    url: `http://${host}:${port}`,
    db,
    adminKey: key,
    async close() {
      await app.close();
      if (!options.db) await db.close();
    },
  };
}
