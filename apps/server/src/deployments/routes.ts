import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import type { PredictBody } from "../models/predict.js";
import { allFinite, JSON_TYPE, predictResponses } from "../models/predict-schema.js";
import {
  createDeployment,
  deleteDeployment,
  deploymentHistory,
  getDeployment,
  listDeployments,
  predictDeployment,
  rollbackDeployment,
  switchModel,
} from "./deployments.js";

type Params = { deployment_id: string };

/** `/v1/deployments`: named endpoints serving a model, switched and rolled back. */
export function deploymentRoutes(ctx: ServerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listDeployments"),
      handler: (request) => {
        const q = request.query as { model_id?: string; name?: string };
        const page = pageQuery(request.query);
        return listDeployments(ctx.db, request.caller.teamId, {
          ...page,
          orderBy: page.orderBy as "created_at" | "updated_at" | "name",
          modelId: q.model_id,
          name: q.name,
        });
      },
    });
    app.route({
      ...specRoute("createDeployment"),
      handler: async (request, reply) => {
        const body = request.body as { name: string; model_id: string; description?: string | null };
        const deployment = await createDeployment(ctx.db, request.caller.teamId, {
          name: body.name,
          modelId: body.model_id,
          description: body.description,
        });
        return reply.status(201).send(deployment);
      },
    });
    app.route({
      ...specRoute("getDeployment"),
      handler: (request) =>
        getDeployment(ctx.db, request.caller.teamId, (request.params as Params).deployment_id),
    });
    app.route({
      ...specRoute("deleteDeployment"),
      handler: async (request, reply) => {
        await deleteDeployment(ctx.db, request.caller.teamId, (request.params as Params).deployment_id);
        return reply.status(204).send();
      },
    });
    const predictRoute = specRoute("predictDeployment");
    app.route({
      ...predictRoute,
      schema: { ...predictRoute.schema, response: predictResponses.deployment },
      handler: async (request, reply) => {
        const answer = await predictDeployment(
          ctx,
          request.caller.teamId,
          (request.params as Params).deployment_id,
          request.body as PredictBody,
        );
        return allFinite(answer) ? answer : reply.type(JSON_TYPE).send(JSON.stringify(answer));
      },
    });
    app.route({
      ...specRoute("switchDeploymentModel"),
      handler: (request) => {
        const body = request.body as { model_id: string; reason?: string };
        return switchModel(ctx.db, request.caller.teamId, (request.params as Params).deployment_id, {
          modelId: body.model_id,
          reason: body.reason,
        });
      },
    });
    app.route({
      ...specRoute("rollbackDeployment"),
      handler: (request) => {
        const body = (request.body ?? {}) as { model_id?: string; reason?: string };
        return rollbackDeployment(ctx.db, request.caller.teamId, (request.params as Params).deployment_id, {
          modelId: body.model_id,
          reason: body.reason,
        });
      },
    });
    app.route({
      ...specRoute("listDeploymentHistory"),
      handler: (request) =>
        deploymentHistory(
          ctx.db,
          request.caller.teamId,
          (request.params as Params).deployment_id,
          pageQuery(request.query),
        ),
    });
  };
}
