import { rm } from "node:fs/promises";
import { type Filter, type Frame, filterRows, readFrame } from "@parzen/trainer";
import type { ServerContext } from "../context.js";
import { sqlString, withDuck } from "../datasets/duck.js";
import { versionKey } from "../datasets/repository.js";
import type { StoredModel } from "../models/repository.js";

/** Rows of training data a monitor's reference is built from, at most. */
export const REFERENCE_ROWS = 5000;

/**
 * A seeded sample (at most `REFERENCE_ROWS`) of the data version a model was trained on, after the training
 * job's filter; undefined when the model has no training data (a registered ONNX model, a deleted dataset).
 * DuckDB draws the sample, so a large version is never read whole.
 */
export async function trainingSample(ctx: ServerContext, model: StoredModel): Promise<Frame | undefined> {
  if (!model.dataset_id || !model.dataset_version_id) return undefined;
  const source = ctx.blobs.path(versionKey(model.dataset_id, model.dataset_version_id));
  const scratch = await ctx.blobs.scratch(".parquet");
  try {
    await withDuck((connection) =>
      connection.run(
        `COPY (SELECT * FROM read_parquet(${sqlString(source)}) USING SAMPLE reservoir(${REFERENCE_ROWS} ROWS) REPEATABLE (42))
         TO ${sqlString(scratch)} (FORMAT parquet)`,
      ),
    );
    const frame = await readFrame(scratch);
    const filter = await trainingFilter(ctx, model);
    return filter ? frame.take(filterRows(frame, filter)) : frame;
  } finally {
    await rm(scratch, { force: true });
  }
}

/** The filter of the job that trained the model, if any. */
async function trainingFilter(ctx: ServerContext, model: StoredModel): Promise<Filter | undefined> {
  if (!model.job_id) return undefined;
  const [row] = await ctx.db.query<{ request: { filter?: Filter | null } }>(
    "SELECT request FROM jobs WHERE id = $1",
    [model.job_id],
  );
  return row?.request.filter ?? undefined;
}
