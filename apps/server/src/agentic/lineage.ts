import { EnsembleModel, loadModel, type Pipeline, TrainedModel } from "@parzen/trainer";
import type { BlobStore } from "../blobs/blob-store.js";
import { HttpError } from "../http/errors.js";
import { getModel, modelKey } from "../models/repository.js";
import type { Queryable } from "../store/database.js";
import type { RunRecord } from "./types.js";

/** The fitted preprocessing of the run's current model (an ensemble's first member: all members share its inputs). */
async function fittedPipeline(
  ctx: { db: Queryable; blobs: BlobStore },
  run: RunRecord,
): Promise<{ modelId: string; pipeline: Pipeline }> {
  const modelId = run.state.model_id;
  const model = modelId ? await getModel(ctx.db, run.teamId, modelId) : undefined;
  if (!model || model.kind === "onnx")
    throw new HttpError(
      409,
      "conflict",
      `Run ${run.id} has no trained model yet (it is ${run.status}, at ${run.currentPhase ?? "the end"}).`,
    );
  const loaded = await loadModel(ctx.blobs.path(modelKey(model.id, model.kind)));
  const pipeline =
    loaded instanceof TrainedModel
      ? loaded.pipeline
      : loaded instanceof EnsembleModel
        ? loaded.members[0].folds[0].pipeline
        : undefined;
  if (!pipeline) throw new HttpError(409, "conflict", `Model ${model.id} has no fitted pipeline to show.`);
  return { modelId: model.id, pipeline };
}

/** `get_preprocessing_dag`: input columns → fitted steps in order → model features. */
export async function preprocessingDag(ctx: { db: Queryable; blobs: BlobStore }, run: RunRecord) {
  const { modelId, pipeline } = await fittedPipeline(ctx, run);
  return { run_id: run.id, model_id: modelId, ...pipeline.dag() };
}

/** Every string a step's state holds, keys included (column and feature names appear as either). */
function mentioned(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") out.add(value);
  else if (Array.isArray(value)) for (const v of value) mentioned(v, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      mentioned(v, out);
    }
  return out;
}

/**
 * `get_column_lineage`: each model feature with its source columns and the fitted steps that touched it, and each
 * input column with the features it feeds (or the step that dropped it and why).
 */
export async function columnLineage(ctx: { db: Queryable; blobs: BlobStore }, run: RunRecord) {
  const { modelId, pipeline } = await fittedPipeline(ctx, run);
  const state = pipeline.toJSON();
  const steps = state.steps.map((step, i) => ({ id: `step:${i}:${step.type}`, names: mentioned(step) }));
  const features = pipeline.lineage().map(({ feature, sources }) => ({
    feature,
    sources,
    steps: steps.filter((s) => s.names.has(feature) || sources.some((c) => s.names.has(c))).map((s) => s.id),
  }));
  const dropped = new Map(
    state.steps.flatMap((s) =>
      s.type === "drop" ? s.dropped.map((d) => [d.column, d.reason] as const) : [],
    ),
  );
  const inputs = state.inputs.map(({ name }) => ({
    column: name,
    features: features.filter((f) => f.sources.includes(name)).map((f) => f.feature),
    dropped: dropped.get(name) ?? null,
  }));
  return { run_id: run.id, model_id: modelId, features, inputs };
}
