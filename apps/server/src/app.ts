import { randomUUID } from "node:crypto";
import multipart from "@fastify/multipart";
import Fastify, { type FastifyInstance } from "fastify";
import { agenticRoutes } from "./agentic/routes.js";
import { installAuth } from "./auth/plugin.js";
import { authRoutes } from "./auth/routes.js";
import { consoleRoutes, defaultConsoleDir } from "./console/routes.js";
import type { ServerContext } from "./context.js";
import { deploymentRoutes } from "./deployments/routes.js";
import { installErrorHandling } from "./http/errors.js";
import { installIdempotency } from "./http/idempotency.js";
import { installJsonBody } from "./http/json-body.js";
import { installTextGuard } from "./http/text-guard.js";
import { installValidation } from "./http/validation.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { monitorRoutes } from "./monitors/routes.js";
import { pipelineModuleRoutes } from "./pipelines/module.js";
import { reportRoutes } from "./reports/routes.js";
import { agentExecutionRoutes } from "./routes/agent-executions.js";
import { agentRoutes } from "./routes/agents.js";
import { datasetProfileRoutes } from "./routes/dataset-profiles.js";
import { datasetRoutes } from "./routes/datasets.js";
import { docsRoutes } from "./routes/docs.js";
import { fileRoutes } from "./routes/files.js";
import { healthRoutes } from "./routes/health.js";
import { jobEventRoutes } from "./routes/job-events.js";
import { jobRoutes } from "./routes/jobs.js";
import { modelRoutes } from "./routes/models.js";
import { teamRoutes } from "./routes/teams.js";
import { trainerRoutes } from "./routes/trainer.js";
import { userRoutes } from "./routes/users.js";

export interface AppOptions {
  /** Largest accepted JSON body, in bytes. */
  bodyLimit?: number;
  /** Fastify's logger setting; off by default so tests and the CLI stay quiet. */
  logger?: boolean;
  /** Stores, queue and limits; without them only the public routes (health, docs) are served. */
  context?: ServerContext;
  /** The built console to serve at `/` (default: the one shipped with the server, if built); `false`: none. */
  consoleDir?: string | false;
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
    // Content is served as the type it was stored with, never sniffed into something a browser would run.
    reply.header("x-content-type-options", "nosniff");
  });
  installValidation(app);
  installErrorHandling(app);
  // Guards every route gets, including those added later: bounded JSON nesting and storable text.
  installJsonBody(app, (options.context?.limits ?? DEFAULT_LIMITS).maxJsonDepth);
  installTextGuard(app);
  await app.register(healthRoutes);
  await app.register(docsRoutes);
  const ctx = options.context;
  if (ctx) {
    await app.register(multipart, { limits: { fileSize: ctx.uploadLimit } });
    installAuth(app, ctx.db);
    installIdempotency(app, ctx.db);
    await app.register(jobRoutes(ctx.db));
    await app.register(jobEventRoutes(ctx.db));
    await app.register(teamRoutes(ctx.db, ctx.blobs));
    await app.register(userRoutes(ctx.db));
    await app.register(fileRoutes(ctx));
    await app.register(datasetRoutes(ctx));
    await app.register(datasetProfileRoutes(ctx));
    await app.register(trainerRoutes(ctx));
    await app.register(modelRoutes(ctx));
    await app.register(agentRoutes(ctx));
    await app.register(agentExecutionRoutes(ctx));
    await app.register(authRoutes(ctx.db));
    await app.register(deploymentRoutes(ctx));
    await app.register(reportRoutes(ctx));
    await app.register(monitorRoutes(ctx));
    await app.register(agenticRoutes(ctx));
    await app.register(pipelineModuleRoutes(ctx));
  }
  const consoleDir = options.consoleDir === false ? undefined : (options.consoleDir ?? defaultConsoleDir());
  if (consoleDir) await app.register(consoleRoutes(consoleDir));
  return app;
}
