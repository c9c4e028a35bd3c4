import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { specRoute } from "../http/spec.js";
import { cancelActiveExecutions } from "./execution-store.js";
import { idsParam, pipelineOrder, pipelinePaging } from "./ids.js";
import { getPipeline } from "./pipelines.js";
import { CONFIGURATION_SCHEMA } from "./schema.js";
import { validateConfiguration } from "./validate.js";
import {
  type ConfigurationVersion,
  deleteConfigurationVersion,
  getConfigurationVersion,
  insertVersion,
  listConfigurationVersions,
  publishVersion,
  replaceConfiguration,
} from "./versions.js";

/** A 400 listing every validation error, each at `body.configuration.<path>`. */
async function checkedConfiguration(
  ctx: ServerContext,
  teamId: string,
  configuration: unknown,
): Promise<void> {
  const validation = await validateConfiguration(ctx.db, teamId, configuration);
  if (validation.valid) return;
  const details = validation.errors.map((e) => ({
    path: `body.configuration${e.path.slice(1)}`,
    code: e.code,
    message: e.message,
  }));
  throw new HttpError(
    400,
    "validation_error",
    `The configuration is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`,
    details,
  );
}

/** `/v1/pipeline-configuration-versions`: versioned DAG configurations, their schema, validation and publishing. */
export function versionRoutes(ctx: ServerContext) {
  const owned = async (request: FastifyRequest): Promise<ConfigurationVersion> => {
    const { pipeline_configuration_version_id: id } = request.params as {
      pipeline_configuration_version_id: string;
    };
    const version = await getConfigurationVersion(ctx.db, request.caller.teamId, id);
    if (!version)
      throw new HttpError(404, "not_found", `No pipeline configuration version ${id} in your team.`);
    return version;
  };
  const create = (teamId: string, pipelineId: string, configuration: unknown) =>
    ctx.db.transaction((tx) => insertVersion(tx, teamId, pipelineId, configuration));
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listPipelineConfigurationVersions"),
      handler: (request) => {
        const q = request.query as { pipeline_ids?: unknown; pipeline_configuration_version_ids?: unknown };
        const order = pipelineOrder(request.query, ["created_at", "updated_at"] as const);
        return listConfigurationVersions(ctx.db, request.caller.teamId, {
          pipelineIds: idsParam(q.pipeline_ids, "pipeline_ids"),
          ids: idsParam(q.pipeline_configuration_version_ids, "pipeline_configuration_version_ids"),
          ...pipelinePaging(request.query),
          orderBy: order.column,
          direction: order.direction,
        });
      },
    });

    app.route({
      ...specRoute("createPipelineConfigurationVersion"),
      handler: async (request, reply) => {
        const body = request.body as { pipeline_id: string; configuration: unknown };
        const teamId = request.caller.teamId;
        if (!(await getPipeline(ctx.db, teamId, body.pipeline_id)))
          throw new HttpError(404, "not_found", `No pipeline ${body.pipeline_id} in your team.`, [
            { path: "body.pipeline_id", message: "not found" },
          ]);
        await checkedConfiguration(ctx, teamId, body.configuration);
        return reply.status(201).send(await create(teamId, body.pipeline_id, body.configuration));
      },
    });

    app.route({ ...specRoute("getPipelineConfigurationSchema"), handler: async () => CONFIGURATION_SCHEMA });

    app.route({
      ...specRoute("validatePipelineConfiguration"),
      handler: (request) =>
        validateConfiguration(
          ctx.db,
          request.caller.teamId,
          (request.body as { configuration: unknown }).configuration,
        ),
    });

    app.route({ ...specRoute("getPipelineConfigurationVersion"), handler: (request) => owned(request) });

    app.route({
      ...specRoute("updatePipelineConfigurationVersion"),
      handler: async (request) => {
        const version = await owned(request);
        if (version.status !== "draft")
          throw new HttpError(
            409,
            "conflict",
            `Version ${version.version_number} is ${version.status}: only drafts change (clone it to make a new draft).`,
          );
        const { configuration } = request.body as { configuration: unknown };
        await checkedConfiguration(ctx, version.team_id, configuration);
        return replaceConfiguration(ctx.db, version.id, configuration);
      },
    });

    app.route({
      ...specRoute("deletePipelineConfigurationVersion"),
      handler: async (request, reply) => {
        const version = await owned(request);
        await cancelActiveExecutions(ctx.db, version.team_id, { versionId: version.id });
        await deleteConfigurationVersion(ctx.db, version.id);
        return reply.status(204).send();
      },
    });

    app.route({
      ...specRoute("clonePipelineConfigurationVersion"),
      handler: async (request, reply) => {
        const version = await owned(request);
        return reply
          .status(201)
          .send(await create(version.team_id, version.pipeline_id, version.configuration));
      },
    });

    app.route({
      ...specRoute("publishPipelineConfigurationVersion"),
      handler: async (request) => publishVersion(ctx.db, (await owned(request)).id),
    });
  };
}
