#!/usr/bin/env node
import { configFromEnv } from "./config.js";
import { startServer } from "./start.js";

const server = await startServer(configFromEnv());
console.log(`Parzen server listening on ${server.url} (store: ${server.db.kind})`);
if (server.consoleUrl) console.log(`Console: ${server.consoleUrl} (sign in with an API key)`);
if (server.adminKey) console.log(`Admin API key (shown once, keep it): ${server.adminKey}`);
// A stop signal: stop accepting, let running requests finish within the grace period, hand running jobs back,
// exit. Whatever still holds the process a little after that (a parse in progress) does not keep it alive.
const grace = server.context.limits.shutdownGraceMs;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`${signal}: stopping (running requests get ${grace} ms, running jobs go back to the queue)`);
    setTimeout(() => process.exit(1), grace + 5000).unref();
    server.shutdown(grace).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
