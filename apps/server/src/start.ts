import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { type AppOptions, buildApp } from "./app.js";

export interface RunningServer {
  app: FastifyInstance;
  /** Root URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  close(): Promise<void>;
}

/** Builds the app and listens; port 0 picks a free port. */
export async function startServer(
  options: AppOptions & { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const app = await buildApp(options);
  await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 8080 });
  const { port } = app.server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}
