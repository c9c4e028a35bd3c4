import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm, symlink } from "node:fs/promises";
import { type Deployment, findDeployment } from "../../deployments/repository.js";
import { readyFile } from "../../files/receive.js";
import { fileKey, getFile, insertFile, type StoredFile } from "../../files/repository.js";
import { fieldError, HttpError } from "../../http/errors.js";
import { onnxOptions } from "../../models/predictor-cache.js";
import { getModel, modelKey } from "../../models/repository.js";
import { AgentFailure, type ExecutionDefinition, type RunContext } from "../definition.js";
import { inputSchema, optional, uuid } from "../schema.js";
import { runThread } from "../thread.js";
import type { PredictFileInput, PredictFileReply } from "../threads/predict-file.js";

export interface BatchPredictInput {
  model_id: string | null;
  deployment_id: string | null;
  file_id: string | null;
  include_input: boolean | null;
}

export interface BatchPredictResult {
  model_id: string;
  /** With `deployment_id`: the deployment and the version of it that served the predictions. */
  deployment_id: string | null;
  deployment_version: number | null;
  input_file_id: string;
  file_id: string;
  file_url: string;
  filename: string;
  rows: number;
  predicted_rows: number;
  columns: string[];
}

/** The readable table types, and the extension the reader picks its format by. */
const TABLE_EXTENSIONS: Record<string, string> = {
  "text/csv": ".csv",
  "text/plain": ".csv",
  "text/tab-separated-values": ".tsv",
  "application/vnd.apache.parquet": ".parquet",
  "application/json": ".json",
  "application/x-ndjson": ".jsonl",
};

/** The file to predict: the one uploaded with the execution, or the stored `file_id`. */
async function inputFile(input: BatchPredictInput, ctx: RunContext): Promise<StoredFile> {
  const file = ctx.files[0] ?? (input.file_id ? await getFile(ctx.db, ctx.teamId, input.file_id) : undefined);
  if (!file)
    throw new AgentFailure(
      "input_missing",
      `The file ${input.file_id} was deleted before the execution ran.`,
    );
  return file;
}

/** The model to predict with: the input's, or the one its deployment serves now (with that deployment). */
async function servingModel(input: BatchPredictInput, ctx: RunContext) {
  let deployment: Deployment | undefined;
  if (input.deployment_id) {
    deployment = await findDeployment(ctx.db, ctx.teamId, input.deployment_id);
    if (!deployment)
      throw new AgentFailure("deployment_missing", `The deployment ${input.deployment_id} was deleted.`);
  }
  const id = deployment?.model_id ?? (input.model_id as string);
  const model = await getModel(ctx.db, ctx.teamId, id);
  if (!model) throw new AgentFailure("model_missing", `The model ${id} was deleted.`);
  return { model, deployment };
}

/** Stores the predictions CSV as a file of the team (once per attempt, so a restart does not store it twice). */
function storeOutput(ctx: RunContext, path: string, source: StoredFile): Promise<StoredFile> {
  return ctx.once("output", async () => {
    const id = randomUUID();
    const blob = await ctx.blobs.write(fileKey(id), createReadStream(path));
    return insertFile(ctx.db, ctx.teamId, {
      id,
      name: `predictions-${source.name.replace(/\.[^.]*$/, "")}.csv`,
      mimeType: "text/csv",
      size: blob.size,
      sha256: blob.sha256,
      status: "ready",
      metadata: { execution_id: ctx.executionId, source_file_id: source.id },
    });
  });
}

/** `batch-predict`: a stored model and a table file → a CSV file of predictions (on a thread). */
export const batchPredict: ExecutionDefinition<BatchPredictInput, BatchPredictResult> = {
  key: "batch-predict",
  name: "Batch prediction",
  description:
    "Predicts every row of a table (CSV, Parquet or JSON) with a stored model, or the model a deployment serves, and " +
    "stores the predictions as a CSV file. Send the table as files[] or give the id of an uploaded file.",
  inputSchema: inputSchema("BatchPredictAgenticExecutionInput", "Input for predicting a file's rows.", {
    model_id: optional(uuid, null, "The model to predict with (or deployment_id)."),
    deployment_id: optional(uuid, null, "A deployment: the model it serves when the execution runs."),
    file_id: optional(uuid, null, "A file already uploaded to /v1/files, instead of sending one."),
    include_input: optional(
      { type: "boolean" },
      true,
      "Copy the input's columns in front of the predictions.",
    ),
  }),
  resultSchema: {
    type: "object",
    required: ["model_id", "file_id", "file_url", "rows", "predicted_rows", "columns"],
    properties: { rows: { type: "integer" }, predicted_rows: { type: "integer" } },
  },
  failureCodes: {
    model_missing: "The model was deleted before the execution ran.",
    deployment_missing: "The deployment was deleted before the execution ran.",
    input_missing: "The input file was deleted before the execution ran.",
    unreadable_file: "The file could not be read as a table, or its values do not fit the model.",
    missing_columns: "The file lacks columns the model reads.",
  },
  maxFiles: 1,

  async prepare(input, ctx) {
    if (!input.model_id === !input.deployment_id)
      throw fieldError("body.input.model_id", "give either model_id or deployment_id (one of them)");
    const notFound = (what: string, id: string, field: string) =>
      new HttpError(404, "not_found", `No ${what} ${id} in your team.`, [
        { path: `body.input.${field}`, message: "not found" },
      ]);
    let modelId = input.model_id;
    if (input.deployment_id) {
      const deployment = await findDeployment(ctx.server.db, ctx.teamId, input.deployment_id);
      if (!deployment) throw notFound("deployment", input.deployment_id, "deployment_id");
      modelId = deployment.model_id;
    }
    const model = await getModel(ctx.server.db, ctx.teamId, modelId as string);
    if (!model) throw notFound("model", modelId as string, "model_id");
    if (ctx.files.length === 0 && !input.file_id)
      throw fieldError("body.input.file_id", "send the table as files[] or give file_id");
    if (ctx.files.length > 0 && input.file_id)
      throw fieldError("body.input.file_id", "send either files[] or file_id, not both");
    const file = ctx.files[0]
      ? { name: ctx.files[0].name, mime: ctx.files[0].mimeType }
      : await readyFile(ctx.server, ctx.teamId, input.file_id as string, "body.input.file_id").then((f) => ({
          name: f.name,
          mime: f.mime_type,
        }));
    const { mime } = file;
    if (!TABLE_EXTENSIONS[mime]) {
      const path = ctx.files.length > 0 ? "body.files.0" : "body.input.file_id";
      throw fieldError(path, `"${file.name}" is ${mime}, not a table: send CSV, Parquet or JSON`);
    }
    return { input, datasetId: model.dataset_id };
  },

  async run(input, ctx) {
    const { model, deployment } = await servingModel(input, ctx);
    const source = await inputFile(input, ctx);
    const table = await ctx.blobs.scratch(TABLE_EXTENSIONS[source.mime_type] ?? ".csv");
    const output = await ctx.blobs.scratch(".csv");
    try {
      // The reader chooses its format by extension; the stored blob has none.
      await symlink(ctx.blobs.path(fileKey(source.id)), table);
      await ctx.say(`Predicting "${source.name}" (${source.file_size} bytes) with model ${model.name}.`, {
        model_id: model.id,
        input_file_id: source.id,
      });
      const reply = await runThread<PredictFileReply>(
        "predict-file.js",
        {
          modelPath: ctx.blobs.path(modelKey(model.id, model.kind)),
          onnx: model.kind === "onnx" ? onnxOptions(model) : undefined,
          inputPath: table,
          inputName: source.name,
          outputPath: output,
          requiredColumns: model.input_columns.filter((c) => c !== model.task.label_column),
          includeInput: input.include_input ?? true,
        } satisfies PredictFileInput,
        ctx.signal,
      );
      if (reply.type === "failed") throw new AgentFailure(reply.code, reply.message);
      const stored = await storeOutput(ctx, output, source);
      await ctx.say(`Wrote ${reply.rows} predictions to "${stored.name}".`, {
        file_id: stored.id,
        rows: reply.rows,
      });
      return {
        model_id: model.id,
        deployment_id: deployment?.id ?? null,
        deployment_version: deployment?.version ?? null,
        input_file_id: source.id,
        file_id: stored.id,
        file_url: `/v1/files/${stored.id}/content`,
        filename: stored.name,
        rows: reply.rows,
        predicted_rows: reply.predicted,
        columns: reply.columns,
      };
    } finally {
      await rm(table, { force: true });
      await rm(output, { force: true });
    }
  },

  async validate(result) {
    const data = { rows: result.rows, predicted_rows: result.predicted_rows };
    if (result.rows === 0) return { ok: false, message: "The file has no rows to predict.", data };
    if (result.predicted_rows !== result.rows) {
      return {
        ok: false,
        message: `Only ${result.predicted_rows} of ${result.rows} rows got a prediction.`,
        data,
      };
    }
    return { ok: true, message: `Every one of the ${result.rows} rows has a prediction.`, data };
  },
};
