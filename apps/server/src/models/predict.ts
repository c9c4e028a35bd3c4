import {
  type Frame,
  frameFromColumns,
  frameFromRecords,
  type PredictionSet,
  TrainerInputError,
} from "@parzen/trainer";
import type { ServerContext } from "../context.js";
import { fieldError, HttpError } from "../http/errors.js";
import { modelKey, type StoredModel } from "./repository.js";

/** Rows from which a prediction runs on a prediction thread instead of the event loop. */
const THREAD_ROWS = 256;

/** The body of a predict request (the spec's `PredictRequest`). */
export interface PredictBody {
  samples?: unknown[][];
  feature_names?: string[];
  records?: Record<string, unknown>[];
}

/** The answer of a predict request (the spec's `PredictResponse`). */
export interface PredictAnswer {
  model_id: string;
  predictions: (number | string)[];
  classes?: string[];
  probabilities?: number[][];
}

/** The rows of a predict request as columns, checking the `samples` + `feature_names` form row by row. */
export function requestFrame(body: PredictBody): Frame {
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

/** A 400 naming the model's input columns that `frame` lacks (the label is never required). */
export function checkInputColumns(model: StoredModel, frame: Frame, path: string): void {
  const missing = model.input_columns.filter((c) => !frame.has(c) && c !== model.task.label_column);
  if (missing.length === 0) return;
  throw new HttpError(
    400,
    "validation_error",
    `Missing input column(s): ${missing.join(", ")}.`,
    missing.map((c) => ({ path, message: `column "${c}" is missing` })),
  );
}

/**
 * Predicts a frame with a stored model: large frames on a prediction thread, small ones here (quicker than a
 * thread hop). Input the model cannot read is a 400.
 */
export async function predictFrame(
  ctx: ServerContext,
  model: StoredModel,
  frame: Frame,
): Promise<PredictionSet> {
  try {
    return model.kind !== "onnx" && frame.nRows >= THREAD_ROWS
      ? await ctx.predictThreads.predict(ctx.blobs.path(modelKey(model.id, model.kind)), frame)
      : await (await ctx.predictors.get(model)).predict(frame);
  } catch (error) {
    if (error instanceof TrainerInputError) throw fieldError("body", error.message);
    throw error;
  }
}

/** A prediction set in the wire format: values or class names, with per-row class probabilities. */
export function predictAnswer(model: StoredModel, out: PredictionSet, nRows: number): PredictAnswer {
  const k = out.classes.length;
  return {
    model_id: model.id,
    predictions: out.predictions,
    ...(out.probabilities && {
      classes: out.classes,
      probabilities: Array.from({ length: nRows }, (_, i) =>
        Array.from(out.probabilities!.subarray(i * k, i * k + k)),
      ),
    }),
  };
}

/** Answers a predict request body with `model`: the whole of `POST /v1/models/{id}/predict` after the lookup. */
export async function predictRequest(
  ctx: ServerContext,
  model: StoredModel,
  body: PredictBody,
): Promise<{ frame: Frame; answer: PredictAnswer }> {
  const frame = requestFrame(body);
  checkInputColumns(model, frame, `body.${body.records ? "records" : "feature_names"}`);
  const out = await predictFrame(ctx, model, frame);
  return { frame, answer: predictAnswer(model, out, frame.nRows) };
}
