#!/usr/bin/env node
import { startServer } from "./start.js";

const server = await startServer({
  host: process.env.HOST ?? "127.0.0.1",
  port: Number(process.env.PORT ?? 8080),
  logger: process.env.PARZEN_LOG !== "off",
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATABASE_URL ? undefined : (process.env.PARZEN_DATA_DIR ?? ".parzen/data"),
  apiKey: process.env.PARZEN_API_KEY,
});
console.log(`Parzen server listening on ${server.url} (store: ${server.db.kind})`);
if (server.adminKey) console.log(`Admin API key (shown once, keep it): ${server.adminKey}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
