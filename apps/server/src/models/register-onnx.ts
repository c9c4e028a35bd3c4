import { randomUUID } from "node:crypto";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { OnnxModel, TrainerInputError } from "@parzen/trainer";
import type { ServerContext } from "../context.js";
import { readyFile } from "../files/receive.js";
import { fileKey } from "../files/repository.js";
import { HttpError } from "../http/errors.js";
import { insertModel, modelKey, type StoredModel } from "./repository.js";

/** The body of `POST /v1/models` (the spec's `ModelCreate`). */
export interface ModelCreateBody {
  name: string;
  file_id: string;
  task?: { kind: "regression" | "binary" | "multiclass"; label_column?: string; classes?: string[] };
  feature_names?: string[];
  output?: string;
}

/**
 * Registers an uploaded ONNX file as a model: it must load in onnxruntime (a 400 names why not); its bytes are
 * copied beside the other models, so deleting the upload does not break the model.
 */
export async function registerOnnxModel(
  ctx: ServerContext,
  teamId: string,
  body: ModelCreateBody,
): Promise<StoredModel> {
  const file = await readyFile(ctx, teamId, body.file_id, "body.file_id");
  const options = {
    task: body.task && {
      kind: body.task.kind,
      classes: body.task.classes,
      labelColumn: body.task.label_column,
    },
    featureNames: body.feature_names,
    output: body.output,
  };
  let model: OnnxModel;
  try {
    model = await OnnxModel.load(ctx.blobs.path(fileKey(file.id)), options);
  } catch (error) {
    if (!(error instanceof TrainerInputError)) throw error;
    throw new HttpError(400, "validation_error", `File ${file.id}: ${error.message}`, [
      { path: "body.file_id", message: error.message },
    ]);
  }
  const inputs = model.inputColumns;
  await model.close();
  const id = randomUUID();
  const target = ctx.blobs.path(modelKey(id, "onnx"));
  await mkdir(dirname(target), { recursive: true });
  await copyFile(ctx.blobs.path(fileKey(file.id)), target);
  return insertModel(ctx.db, {
    id,
    teamId,
    jobId: null,
    datasetId: null,
    datasetVersionId: null,
    name: body.name,
    summary: {
      kind: "onnx",
      task: { kind: model.task.kind, label_column: model.task.labelColumn },
      metric: "none",
      scores: {},
      model_types: ["onnx"],
      params: { file_id: file.id, feature_names: body.feature_names ?? null, output: body.output ?? null },
      feature_names: inputs,
      input_columns: inputs,
      classes: model.task.classes,
      lineage: {},
    },
  });
}
