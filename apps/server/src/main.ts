#!/usr/bin/env node
import { startServer } from "./start.js";

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? "127.0.0.1";
const server = await startServer({ host, port, logger: process.env.PARZEN_LOG !== "off" });
console.log(`Parzen server listening on ${server.url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
