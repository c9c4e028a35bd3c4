import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { versionProfile } from "../datasets/profile-store.js";
import { getDataset, getVersion } from "../datasets/repository.js";
import { HttpError } from "../http/errors.js";
import { specRoute } from "../http/spec.js";

/** `GET /v1/datasets/{id}/profile`: what a version holds, column by column, optionally against a label. */
export function datasetProfileRoutes(ctx: ServerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("getDatasetProfile"),
      handler: async (request) => {
        const { dataset_id } = request.params as { dataset_id: string };
        const { version_id, label_column } = request.query as { version_id?: string; label_column?: string };
        const dataset = await getDataset(ctx.db, request.caller.teamId, dataset_id);
        if (!dataset) throw new HttpError(404, "not_found", `No dataset ${dataset_id} in your team.`);
        const versionId = version_id ?? dataset.current_version_id;
        if (!versionId || !(await getVersion(ctx.db, dataset.id, versionId))) {
          throw new HttpError(
            404,
            "not_found",
            version_id
              ? `Dataset ${dataset.id} has no version ${version_id}.`
              : `Dataset ${dataset.id} has no data yet.`,
          );
        }
        return versionProfile(ctx, dataset.id, versionId, label_column);
      },
    });
  };
}
