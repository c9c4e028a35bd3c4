import { readFile } from "node:fs/promises";
import { exportOnnx, type Predictor } from "@parzen/trainer";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { changeFeed } from "../cache/change-feed.js";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import { cachedModel } from "../models/model-cache.js";
import { type PredictBody, predictRequest } from "../models/predict.js";
import { allFinite, JSON_TYPE, predictResponses } from "../models/predict-schema.js";
import { type ModelCreateBody, registerOnnxModel } from "../models/register-onnx.js";
import { getModel, listModels, modelKey } from "../models/repository.js";

/** `/v1/models`: trained models and their predictions. */
export function modelRoutes(ctx: ServerContext) {
  const owned = async (request: FastifyRequest) => {
    const { model_id } = request.params as { model_id: string };
    const model = await getModel(ctx.db, request.caller.teamId, model_id);
    if (!model) throw new HttpError(404, "not_found", `No model ${model_id} in your team.`);
    return model;
  };
  changeFeed(ctx.db).on("model", (id) => ctx.predictors.forget(id));
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listModels"),
      handler: async (request) => {
        const q = request.query as { job_id?: string; dataset_id?: string };
        return listModels(ctx.db, request.caller.teamId, {
          ...pageQuery(request.query),
          jobId: q.job_id,
          datasetId: q.dataset_id,
        });
      },
    });

    app.route({
      ...specRoute("createModel"),
      handler: async (request, reply) => {
        const body = request.body as ModelCreateBody;
        const model = await registerOnnxModel(ctx, request.caller.teamId, body);
        return reply.status(201).send(model);
      },
    });

    app.route({ ...specRoute("getModel"), handler: (request) => owned(request) });

    app.route({
      ...specRoute("downloadModelOnnx"),
      handler: async (request, reply) => {
        const model = await owned(request);
        // A registered ONNX model is served as uploaded; Parzen models are exported on the fly.
        const bytes =
          model.kind === "onnx"
            ? await readFile(ctx.blobs.path(modelKey(model.id, "onnx")))
            : Buffer.from(exportOnnx((await ctx.predictors.get(model)) as Predictor));
        return reply
          .type("application/octet-stream")
          .header("content-disposition", `attachment; filename="model-${model.id}.onnx"`)
          .send(bytes);
      },
    });

    const predictModel = specRoute("predictModel");
    app.route({
      ...predictModel,
      schema: { ...predictModel.schema, response: predictResponses.model },
      handler: async (request, reply) => {
        // The hot path: the model record comes from memory (dropped when the model changes; see model-cache.ts).
        const { model_id } = request.params as { model_id: string };
        const model = await cachedModel(ctx.db, request.caller.teamId, model_id);
        if (!model) throw new HttpError(404, "not_found", `No model ${model_id} in your team.`);
        const { answer } = await predictRequest(ctx, model, request.body as PredictBody);
        return allFinite(answer) ? answer : reply.type(JSON_TYPE).send(JSON.stringify(answer));
      },
    });
  };
}
