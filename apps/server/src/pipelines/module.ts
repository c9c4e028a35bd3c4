import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { assistantRoutes } from "../pipeline-assistant/routes.js";
import { executionRoutes } from "./execution-routes.js";
import { pipelineRoutes } from "./routes.js";
import { versionRoutes } from "./version-routes.js";

/** Every pipelines route: pipelines, configuration versions, executions and the assistant (one line in `app.ts`). */
export function pipelineModuleRoutes(ctx: ServerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(pipelineRoutes(ctx));
    await app.register(versionRoutes(ctx));
    await app.register(executionRoutes(ctx));
    await app.register(assistantRoutes(ctx));
  };
}
