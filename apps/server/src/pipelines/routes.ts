import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { specRoute } from "../http/spec.js";
import { cancelActiveExecutions } from "./execution-store.js";
import { idsParam, pipelineOrder, pipelinePaging } from "./ids.js";
import {
  deletePipeline,
  getPipeline,
  insertPipeline,
  listPipelines,
  type Pipeline,
  savePipeline,
} from "./pipelines.js";

/** `/v1/pipelines`: the team's named pipeline containers. */
export function pipelineRoutes(ctx: ServerContext) {
  const owned = async (request: FastifyRequest): Promise<Pipeline> => {
    const { pipeline_id } = request.params as { pipeline_id: string };
    const pipeline = await getPipeline(ctx.db, request.caller.teamId, pipeline_id);
    if (!pipeline) throw new HttpError(404, "not_found", `No pipeline ${pipeline_id} in your team.`);
    return pipeline;
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listPipelines"),
      handler: (request) => {
        const q = request.query as { pipeline_ids?: unknown; name_like?: string };
        const order = pipelineOrder(request.query, ["created_at", "updated_at", "name"] as const);
        return listPipelines(ctx.db, request.caller.teamId, {
          ids: idsParam(q.pipeline_ids, "pipeline_ids"),
          nameLike: q.name_like || undefined,
          ...pipelinePaging(request.query),
          orderBy: order.column,
          direction: order.direction,
        });
      },
    });

    app.route({
      ...specRoute("createPipeline"),
      handler: async (request, reply) => {
        const body = request.body as { name: string; description?: string | null };
        const pipeline = await insertPipeline(ctx.db, request.caller.teamId, {
          name: body.name,
          description: body.description ?? null,
        });
        return reply.status(201).send(pipeline);
      },
    });

    app.route({ ...specRoute("getPipeline"), handler: (request) => owned(request) });

    app.route({
      ...specRoute("updatePipeline"),
      handler: async (request) => {
        const pipeline = await owned(request);
        const body = request.body as { name?: string; description?: string | null };
        return savePipeline(ctx.db, {
          ...pipeline,
          name: body.name ?? pipeline.name,
          description: body.description === undefined ? pipeline.description : body.description,
        });
      },
    });

    app.route({
      ...specRoute("deletePipeline"),
      handler: async (request, reply) => {
        const pipeline = await owned(request);
        await cancelActiveExecutions(ctx.db, pipeline.team_id, { pipelineId: pipeline.id });
        await deletePipeline(ctx.db, pipeline.team_id, pipeline.id);
        return reply.status(204).send();
      },
    });
  };
}
