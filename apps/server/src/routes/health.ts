import type { FastifyInstance } from "fastify";
import { specRoute } from "../http/spec.js";
import { serverVersion } from "../version.js";

/** `GET /v1/health`: liveness, with no credentials needed. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.route({
    ...specRoute("getHealth"),
    handler: async () => ({ status: "ok", version: serverVersion, time: new Date().toISOString() }),
  });
}
