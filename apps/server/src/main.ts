#!/usr/bin/env node
import { configFromEnv } from "./config.js";
import { startServer } from "./start.js";

const server = await startServer(configFromEnv());
console.log(`Parzen server listening on ${server.url} (store: ${server.db.kind})`);
if (server.consoleUrl) console.log(`Console: ${server.consoleUrl} (sign in with an API key)`);
if (server.adminKey) console.log(`Admin API key (shown once, keep it): ${server.adminKey}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
