import { readFile } from "node:fs/promises";
import {
  exportOnnx,
  frameFromColumns,
  frameFromRecords,
  type PredictionSet,
  type Predictor,
  TrainerInputError,
} from "@parzen/trainer";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import { fieldError, HttpError } from "../http/errors.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import { type ModelCreateBody, registerOnnxModel } from "../models/register-onnx.js";
import { getModel, listModels, modelKey } from "../models/repository.js";

/** Rows from which a prediction runs on a prediction thread instead of the event loop. */
const THREAD_ROWS = 256;

interface PredictBody {
  samples?: unknown[][];
  feature_names?: string[];
  records?: Record<string, unknown>[];
}

/** The rows of a predict request as columns, checking the `samples` + `feature_names` form row by row. */
function requestFrame(body: PredictBody) {
  if (body.records && body.samples) throw fieldError("body", "send either records or samples, not both");
  if (body.records) return frameFromRecords(body.records);
  if (!body.samples) throw fieldError("body", "send samples (with feature_names) or records");
  const names = body.feature_names;
  if (!names) throw fieldError("body.feature_names", "is required with samples");
  const columns: Record<string, unknown[]> = Object.fromEntries(
    names.map((n) => [n, new Array(body.samples!.length)]),
  );
  body.samples.forEach((row, i) => {
    if (row.length !== names.length)
      throw fieldError(`body.samples.${i}`, `has ${row.length} values for ${names.length} feature_names`);
    for (let j = 0; j < names.length; j++) columns[names[j]][i] = row[j];
  });
  return frameFromColumns(columns);
}

/** `/v1/models`: trained models and their predictions. */
export function modelRoutes(ctx: ServerContext) {
  const owned = async (request: FastifyRequest) => {
    const { model_id } = request.params as { model_id: string };
    const model = await getModel(ctx.db, request.caller.teamId, model_id);
    if (!model) throw new HttpError(404, "not_found", `No model ${model_id} in your team.`);
    return model;
  };
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

    app.route({
      ...specRoute("predictModel"),
      handler: async (request) => {
        const model = await owned(request);
        const body = request.body as PredictBody;
        const frame = requestFrame(body);
        const missing = model.input_columns.filter((c) => !frame.has(c) && c !== model.task.label_column);
        if (missing.length > 0) {
          throw new HttpError(
            400,
            "validation_error",
            `Missing input column(s): ${missing.join(", ")}.`,
            missing.map((c) => ({
              path: `body.${body.records ? "records" : "feature_names"}`,
              message: `column "${c}" is missing`,
            })),
          );
        }
        let out: PredictionSet;
        try {
          // Large requests go to a prediction thread; small ones are quicker here than a thread hop.
          out =
            model.kind !== "onnx" && frame.nRows >= THREAD_ROWS
              ? await ctx.predictThreads.predict(ctx.blobs.path(modelKey(model.id, model.kind)), frame)
              : await (await ctx.predictors.get(model)).predict(frame);
        } catch (error) {
          if (error instanceof TrainerInputError) throw fieldError("body", error.message);
          throw error;
        }
        const k = out.classes.length;
        return {
          model_id: model.id,
          predictions: out.predictions,
          ...(out.probabilities && {
            classes: out.classes,
            probabilities: Array.from({ length: frame.nRows }, (_, i) =>
              Array.from(out.probabilities!.subarray(i * k, i * k + k)),
            ),
          }),
        };
      },
    });
  };
}
