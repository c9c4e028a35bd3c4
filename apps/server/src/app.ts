import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import { installAuth } from "./auth/plugin.js";
import { installErrorHandling } from "./http/errors.js";
import { installIdempotency } from "./http/idempotency.js";
import { installValidation } from "./http/validation.js";
import { docsRoutes } from "./routes/docs.js";
import { healthRoutes } from "./routes/health.js";
import { jobRoutes } from "./routes/jobs.js";
import { teamRoutes } from "./routes/teams.js";
import { userRoutes } from "./routes/users.js";
import type { Database } from "./store/database.js";

export interface AppOptions {
  /** Largest accepted JSON body, in bytes. */
  bodyLimit?: number;
  /** Fastify's logger setting; off by default so tests and the CLI stay quiet. */
  logger?: boolean;
  /** The metadata store; without it only the public routes (health) are served. */
  db?: Database;
}

/** Builds the Parzen HTTP app without listening, so tests and embedders can start it where they like. */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
  });
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  installValidation(app);
  installErrorHandling(app);
  await app.register(healthRoutes);
  await app.register(docsRoutes);
  if (options.db) {
    installAuth(app, options.db);
    installIdempotency(app, options.db);
    await app.register(jobRoutes(options.db));
    await app.register(teamRoutes(options.db));
    await app.register(userRoutes(options.db));
  }
  return app;
}
