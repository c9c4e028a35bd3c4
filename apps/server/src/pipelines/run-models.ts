import {
  buildColumn,
  type Column,
  defaultMetric,
  encodeLabels,
  Frame,
  getMetric,
  metricClasses,
  type PredictionSet,
  predictionColumns,
  predictionScores,
  type ResolvedTask,
  TrainerInputError,
} from "@parzen/trainer";
import { findDeployment } from "../deployments/repository.js";
import { createJob, getJob, requestCancel, TERMINAL } from "../jobs/repository.js";
import { JobInterrupted } from "../jobs/runner.js";
import { getModel, type StoredModel } from "../models/repository.js";
import type { TrainerJobRequest } from "../trainer/request.js";
import { type BlockContext, BlockFailure, type BlockValue, tableInput } from "./block-context.js";
import { registerDataset } from "./tables.js";

/** The trainer's defaults for what a train block leaves out (as `POST /v1/trainer/run` fills them in). */
const TRAINER_DEFAULTS = { strategy: "optuna", n_trials: 4, ensemble: false, random_state: 42 } as const;

/** `train`: registers the table as a dataset, runs a trainer job on it (here or on any worker) and gives its model. */
export async function runTrain(ctx: BlockContext): Promise<BlockValue> {
  const frame = tableInput(ctx);
  const shortId = ctx.execution.id.slice(0, 8);
  const derived = await ctx.once("dataset", () =>
    registerDataset(
      ctx,
      ctx.teamId,
      frame,
      `${ctx.pipelineName} · ${ctx.key} (${shortId})`,
      `Training table of block "${ctx.key}" in pipeline execution ${ctx.execution.id}.`,
    ),
  );
  const request = {
    ...TRAINER_DEFAULTS,
    ...(ctx.block.config as object),
    dataset_id: derived.datasetId,
    dataset_version_id: derived.versionId,
  } as TrainerJobRequest;
  const jobId = await ctx.once(
    "trainer_job_id",
    async () => (await createJob(ctx.db, ctx.teamId, "trainer.run", { ...request })).id,
  );
  await ctx.say(`Training on ${frame.nRows} rows as trainer job ${jobId}.`);
  // Cancelling the execution cancels the trainer job too; its worker stops at its next heartbeat.
  const cancel = () => void requestCancel(ctx.db, ctx.teamId, jobId).catch(() => undefined);
  ctx.job.signal.addEventListener("abort", cancel, { once: true });
  try {
    await ctx.job.runJob(jobId);
  } finally {
    ctx.job.signal.removeEventListener("abort", cancel);
  }
  ctx.job.signal.throwIfAborted();
  const job = await getJob(ctx.db, ctx.teamId, jobId);
  if (job && !TERMINAL.includes(job.status))
    throw new JobInterrupted(`trainer job ${jobId} is still ${job.status}`);
  if (job?.status !== "completed" || !job.result)
    throw new BlockFailure(
      "training_failed",
      `trainer job ${jobId} ${job?.status ?? "vanished"}: ${job?.error?.message ?? "no result"}`,
    );
  const result = job.result as {
    model_id: string;
    metric: string;
    leaderboard: { model_type: string; cv_score: number }[];
  };
  return {
    type: "model",
    model_id: result.model_id,
    trainer_job_id: jobId,
    dataset_id: derived.datasetId,
    metric: result.metric,
    cv_score: result.leaderboard[0]?.cv_score,
    model_type: result.leaderboard[0]?.model_type,
  };
}

/** The model a predict or evaluate block uses: its `model` input, else `model_id`, else the deployment's. */
async function blockModel(ctx: BlockContext): Promise<StoredModel> {
  const input = ctx.inputs.model;
  const config = (ctx.block.config ?? {}) as { model_id?: string | null; deployment_id?: string | null };
  let id = input?.type === "model" ? input.model_id : config.model_id;
  if (!id && config.deployment_id) {
    const deployment = await findDeployment(ctx.db, ctx.teamId, config.deployment_id);
    if (!deployment)
      throw new BlockFailure("deployment_missing", `deployment ${config.deployment_id} no longer exists`);
    id = deployment.model_id;
  }
  const model = id ? await getModel(ctx.db, ctx.teamId, id) : undefined;
  if (!model) throw new BlockFailure("model_missing", `model ${id ?? "(none)"} does not exist`);
  return model;
}

/** `predict`: the table's rows scored by the model, as `prediction` (and `proba_<class>`) columns. */
export async function runPredict(ctx: BlockContext): Promise<BlockValue> {
  const frame = tableInput(ctx);
  const model = await blockModel(ctx);
  const missing = model.input_columns.filter((c) => !frame.has(c) && c !== model.task.label_column);
  if (missing.length > 0)
    throw new BlockFailure(
      "missing_columns",
      `the table lacks column(s) model ${model.id} reads: ${missing.join(", ")} (it has: ${frame.names.join(", ")})`,
    );
  let set: PredictionSet;
  try {
    set = await (await ctx.predictors.get(model)).predict(frame);
  } catch (error) {
    if (error instanceof TrainerInputError) throw new BlockFailure("unreadable_rows", error.message);
    throw error;
  }
  const kept: Column[] = ctx.block.config?.include_input === false ? [] : [...frame.columns];
  for (const [name, values] of Object.entries(predictionColumns(set))) {
    let unique = name;
    while (kept.some((c) => c.name === unique)) unique = `_${unique}`;
    kept.push(
      buildColumn(
        unique,
        values,
        name === "prediction" && set.task !== "regression" ? "categorical" : "numeric",
      ),
    );
  }
  await ctx.say(`Predicted ${frame.nRows} rows with model ${model.name}.`);
  return { type: "table", frame: new Frame(kept) };
}

/** The prediction set a predict block wrote into a table, read back from its columns. */
function predictionsOf(frame: Frame, task: ResolvedTask): PredictionSet {
  const n = frame.nRows;
  const column = (name: string) => {
    if (!frame.has(name))
      throw new BlockFailure(
        "missing_columns",
        `the table has no "${name}" column: connect a predict block first`,
      );
    return frame.column(name);
  };
  const prediction = column("prediction");
  const values = Array.from({ length: n }, (_, r) => frame.value(prediction.name, r) as number | string);
  if (task.kind === "regression")
    return { task: task.kind, predictions: values, classes: [], raw: Float64Array.from(values, Number) };
  const k = task.classes.length;
  const probabilities = new Float64Array(n * k);
  task.classes.forEach((c, j) => {
    const p = column(`proba_${c}`);
    for (let r = 0; r < n; r++) probabilities[r * k + j] = Number(frame.value(p.name, r));
  });
  return {
    task: task.kind,
    predictions: values,
    classes: task.classes,
    probabilities,
    raw: new Float64Array(0),
  };
}

/** `evaluate`: the model's task metrics (or `metrics`) of the table's predictions against its label. */
export async function runEvaluate(ctx: BlockContext): Promise<BlockValue> {
  const frame = tableInput(ctx);
  const model = await blockModel(ctx);
  const config = (ctx.block.config ?? {}) as { label_column?: string; metrics?: string[] };
  const label = config.label_column ?? model.task.label_column;
  if (!frame.has(label))
    throw new BlockFailure("missing_columns", `the table has no label column "${label}"`);
  const task: ResolvedTask = {
    kind: model.task.kind,
    labelColumn: label,
    classes: model.classes,
    inferred: false,
    reason: "the model's task",
  };
  try {
    const { y, rows } = encodeLabels(task, frame.column(label));
    if (rows.length === 0) throw new BlockFailure("no_labels", `no row has a value in "${label}"`);
    const scores = predictionScores(predictionsOf(frame, task), rows);
    const names = config.metrics ?? [model.metric ?? defaultMetric(task.kind)];
    const metrics = Object.fromEntries(
      names.map((name) => [name, getMetric(name, task.kind).compute(y, scores, metricClasses(task))]),
    );
    await ctx.say(`Scored ${rows.length} labelled rows: ${JSON.stringify(metrics)}.`);
    return { type: "metrics", metrics, label_column: label, rows: rows.length, model_id: model.id };
  } catch (error) {
    if (error instanceof TrainerInputError) throw new BlockFailure("invalid_labels", error.message);
    throw error;
  }
}
