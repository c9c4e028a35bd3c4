import type { FastifyInstance } from "fastify";
import { serverVersion } from "../version.js";

/** `GET /v1/health`: liveness, with no credentials needed. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get("/v1/health", async () => ({
    status: "ok",
    version: serverVersion,
    time: new Date().toISOString(),
  }));
}
