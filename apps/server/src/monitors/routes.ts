import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import { captures } from "./capture.js";
import {
  createMonitor,
  deleteMonitor,
  getMonitor,
  listMonitors,
  type MonitorCreateBody,
  monitorBatches,
  submitBatch,
} from "./monitors.js";

type Params = { monitor_id: string };

/** `/v1/monitors`: drift and performance monitors on deployments. */
export function monitorRoutes(ctx: ServerContext) {
  // Captured rows wait in memory (capture.ts): what monitors show includes them, and none is lost on close.
  const flushed = () => captures(ctx).flush();
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook("onClose", flushed);
    app.route({
      ...specRoute("listMonitors"),
      preHandler: flushed,
      handler: (request) =>
        listMonitors(ctx.db, request.caller.teamId, {
          ...pageQuery(request.query),
          deploymentId: (request.query as { deployment_id?: string }).deployment_id,
        }),
    });
    app.route({
      ...specRoute("createMonitor"),
      handler: async (request, reply) =>
        reply
          .status(201)
          .send(await createMonitor(ctx, request.caller.teamId, request.body as MonitorCreateBody)),
    });
    app.route({
      ...specRoute("getMonitor"),
      preHandler: flushed,
      handler: (request) => getMonitor(ctx.db, request.caller.teamId, (request.params as Params).monitor_id),
    });
    app.route({
      ...specRoute("deleteMonitor"),
      handler: async (request, reply) => {
        await deleteMonitor(ctx.db, request.caller.teamId, (request.params as Params).monitor_id);
        return reply.status(204).send();
      },
    });
    app.route({
      ...specRoute("listMonitorBatches"),
      preHandler: flushed,
      handler: (request) =>
        monitorBatches(
          ctx.db,
          request.caller.teamId,
          (request.params as Params).monitor_id,
          pageQuery(request.query),
        ),
    });
    app.route({
      ...specRoute("submitMonitorBatch"),
      preHandler: flushed,
      handler: async (request, reply) => {
        const body = request.body as { records?: Record<string, unknown>[]; captured?: boolean };
        const batch = await submitBatch(
          ctx,
          request.caller.teamId,
          (request.params as Params).monitor_id,
          body,
        );
        return reply.status(201).send(batch);
      },
    });
  };
}
