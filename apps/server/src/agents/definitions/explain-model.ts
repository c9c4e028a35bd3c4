import { versionKey } from "../../datasets/repository.js";
import { fieldError, HttpError } from "../../http/errors.js";
import { loadEvaluation } from "../../models/evaluations.js";
import { getModel, modelKey, type StoredModel } from "../../models/repository.js";
import { inputColumn, inputVersion, runVersion } from "../datasets.js";
import { AgentFailure, type ExecutionDefinition, type RunContext } from "../definition.js";
import { inputSchema, optional, required, uuid } from "../schema.js";
import { runThread } from "../thread.js";
import type { ExplainInput, ExplainReply } from "../threads/explain.js";

export interface ExplainModelInput {
  model_id: string;
  dataset_id: string | null;
  dataset_version_id: string | null;
  repeats: number | null;
  max_rows: number | null;
}

export interface ExplainModelResult {
  model_id: string;
  /** `training_evaluation`: held-out rows scored when the model was trained; `dataset`: the rows of a version. */
  source: "training_evaluation" | "dataset";
  dataset_id: string | null;
  dataset_version_id: string | null;
  metric: string;
  baseline: number;
  rows: number;
  repeats: number;
  importance: { column: string; importance: number; std: number }[];
  gain: { column: string; importance: number }[] | null;
  top_columns: string[];
}

/** The model an input names at run time, or the definition's `model_missing` failure. */
async function runModel(ctx: RunContext, id: string): Promise<StoredModel> {
  const model = await getModel(ctx.db, ctx.teamId, id);
  if (!model)
    throw new AgentFailure("model_missing", `The model ${id} was deleted before the execution ran.`);
  return model;
}

/** Importance measured on a dataset version's rows, on a thread. */
async function onRows(
  ctx: RunContext,
  input: ExplainModelInput,
  model: StoredModel,
  datasetId: string,
  versionId: string,
) {
  const version = await runVersion(ctx.db, datasetId, versionId);
  await ctx.say(
    `Shuffling each column ${input.repeats ?? 3} time(s) on up to ${input.max_rows ?? 2000} labelled rows of version ` +
      `${version.version_no}${input.dataset_id ? "" : " (the model's training data: in-sample, so optimistic)"}.`,
  );
  const reply = await runThread<ExplainReply>(
    "explain.js",
    {
      modelPath: ctx.blobs.path(modelKey(model.id, model.kind)),
      dataPath: ctx.blobs.path(versionKey(datasetId, version.id)),
      scratch: await ctx.blobs.scratch(".parquet"),
      maxRows: input.max_rows ?? 2000,
      repeats: input.repeats ?? 3,
    } satisfies ExplainInput,
    ctx.signal,
  );
  if (reply.type === "failed") throw new AgentFailure(reply.code, reply.message);
  return { ...reply.permutation, gain: reply.gain, datasetId, versionId: version.id };
}

/** `explain-model`: a model → which input columns its predictions depend on (permutation and gain importance). */
export const explainModel: ExecutionDefinition<ExplainModelInput, ExplainModelResult> = {
  key: "explain-model",
  name: "Explain a model",
  description:
    "Measures how much each input column matters to a model: permutation importance (the loss of score when the " +
    "column is shuffled) and, for tree models, gain importance. Without a dataset it reports what was measured on " +
    "held-out rows when the model was trained.",
  inputSchema: inputSchema("ExplainModelAgenticExecutionInput", "Input for explaining a model.", {
    model_id: required(uuid, "The model to explain."),
    dataset_id: optional(uuid, null, "Labelled rows to measure on; null uses the training-time evaluation."),
    dataset_version_id: optional(uuid, null, "The version of dataset_id; null takes the current one."),
    repeats: optional({ type: "integer", minimum: 1, maximum: 10 }, 3, "Shuffles per column."),
    max_rows: optional({ type: "integer", minimum: 100, maximum: 50_000 }, 2000, "Rows used at most."),
  }),
  resultSchema: {
    type: "object",
    required: ["model_id", "source", "metric", "importance", "top_columns"],
    properties: {
      importance: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          required: ["column", "importance"],
          properties: { importance: { type: "number" } },
        },
      },
    },
  },
  failureCodes: {
    model_missing: "The model was deleted before the execution ran.",
    dataset_missing: "The rows to measure on are gone (the version was deleted, or the model records none).",
    unfit_data: "The rows do not fit the model (no label column, a class the model never saw).",
  },
  maxFiles: 0,

  async prepare(input, ctx) {
    const model = await getModel(ctx.server.db, ctx.teamId, input.model_id);
    if (!model) {
      throw new HttpError(404, "not_found", `No model ${input.model_id} in your team.`, [
        { path: "body.input.model_id", message: "not found" },
      ]);
    }
    if (model.kind === "onnx")
      throw fieldError("body.input.model_id", "a registered ONNX model has no Parzen pipeline to explain");
    if (!input.dataset_id) {
      if (input.dataset_version_id) throw fieldError("body.input.dataset_version_id", "needs dataset_id");
      return { input, datasetId: model.dataset_id };
    }
    const version = await inputVersion(ctx, input.dataset_id, input.dataset_version_id);
    for (const column of [model.task.label_column, ...model.input_columns])
      inputColumn(version, column, "dataset_id");
    return { input: { ...input, dataset_version_id: version.id }, datasetId: input.dataset_id };
  },

  async run(input, ctx) {
    const model = await runModel(ctx, input.model_id);
    const stored = input.dataset_id ? undefined : await loadEvaluation(ctx.db, model.id);
    let measured: Omit<ExplainModelResult, "model_id" | "top_columns" | "importance" | "source"> & {
      columns: ExplainModelResult["importance"];
    };
    if (stored) {
      await ctx.say("Reading the importance measured on held-out rows when the model was trained.");
      const p = stored.permutation;
      measured = {
        dataset_id: model.dataset_id,
        dataset_version_id: model.dataset_version_id,
        metric: p.metric,
        baseline: p.baseline,
        rows: p.rows,
        repeats: p.repeats,
        columns: p.columns,
        gain: stored.gain?.columns ?? null,
      };
    } else {
      const datasetId = input.dataset_id ?? model.dataset_id;
      const versionId = input.dataset_version_id ?? model.dataset_version_id;
      if (!datasetId || !versionId)
        throw new AgentFailure("dataset_missing", "The model records no training data; give dataset_id.");
      const r = await onRows(ctx, input, model, datasetId, versionId);
      measured = {
        dataset_id: r.datasetId,
        dataset_version_id: r.versionId,
        metric: r.metric,
        baseline: r.baseline,
        rows: r.rows,
        repeats: r.repeats,
        columns: r.columns,
        gain: r.gain,
      };
    }
    const { columns, ...rest } = measured;
    const top = columns
      .filter((c) => c.importance > 0)
      .slice(0, 5)
      .map((c) => c.column);
    await ctx.say(
      `Most important: ${top.join(", ") || "none"} (${rest.metric}, baseline ${rest.baseline}).`,
      {
        top_columns: top,
      },
    );
    return {
      model_id: model.id,
      source: stored ? "training_evaluation" : "dataset",
      ...rest,
      importance: columns,
      top_columns: top,
    };
  },

  async validate(result, _input, ctx) {
    const model = await getModel(ctx.db, ctx.teamId, result.model_id);
    const measured = new Set(result.importance.map((c) => c.column));
    const missing = (model?.input_columns ?? []).filter((c) => !measured.has(c));
    if (missing.length > 0)
      return {
        ok: false,
        message: `No importance for input column(s) ${missing.join(", ")}.`,
        data: { missing },
      };
    if (result.importance.some((c) => !Number.isFinite(c.importance)))
      return { ok: false, message: "Some importances are not numbers; the score could not be measured." };
    if (result.top_columns.length === 0) {
      return {
        ok: false,
        message: `No column matters: shuffling any of them leaves ${result.metric} where it was (${result.baseline}).`,
      };
    }
    return {
      ok: true,
      message: `Importance of all ${result.importance.length} column(s) measured on ${result.rows} rows; top: ${result.top_columns.join(", ")}.`,
    };
  },
};
