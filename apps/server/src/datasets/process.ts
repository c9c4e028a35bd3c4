import type { BlobStore } from "../blobs/blob-store.js";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { createJob } from "../jobs/repository.js";
import { JobError, type JobHandler } from "../jobs/runner.js";
import type { Database } from "../store/database.js";
import { inferSchema } from "./ingest.js";
import { profileParquet } from "./profile.js";
import { saveProfile } from "./profile-store.js";
import {
  type Dataset,
  getVersion,
  setProcessingStatus,
  setVersionColumns,
  versionKey,
} from "./repository.js";

/** What a `dataset.process` job stores: the version it processes. */
interface ProcessRequest {
  dataset_id: string;
  dataset_version_id: string;
}

/**
 * `should_process`: stores a `dataset.process` job for the current version and marks the dataset `processing`, in
 * one transaction, then queues the job. A dataset already processing keeps its running job; one without data is a 409.
 */
export async function requestProcessing(ctx: ServerContext, teamId: string, dataset: Dataset): Promise<void> {
  if (!dataset.current_version_id) {
    throw new HttpError(
      409,
      "conflict",
      `Dataset ${dataset.id} has no data to process; upload a version first.`,
    );
  }
  const versionId = dataset.current_version_id;
  const job = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<{ processing_status: string }>(
      "SELECT processing_status FROM datasets WHERE id = $1 FOR UPDATE",
      [dataset.id],
    );
    if (!row || row.processing_status === "processing") return undefined;
    const created = await createJob(tx, teamId, "dataset.process", {
      dataset_id: dataset.id,
      dataset_version_id: versionId,
    } satisfies ProcessRequest);
    await tx.query(
      "UPDATE datasets SET processing_status = 'processing', processing_job_id = $2, updated_at = now() WHERE id = $1",
      [dataset.id, created.id],
    );
    return created;
  });
  if (job) await ctx.queue.enqueue(job).catch(() => undefined);
}

/**
 * Runs a `dataset.process` job: infers the version's column schema again from its Parquet data and computes its
 * profile (`datasets/profile.ts`), records both, then marks the dataset `completed` (or `failed`; a cancelled run leaves it `completed`, its data untouched).
 */
export function datasetProcessHandler(options: { db: Database; blobs: BlobStore }): JobHandler {
  const { db, blobs } = options;
  return async (job, ctx) => {
    const request = job.request as unknown as ProcessRequest;
    try {
      const version = await getVersion(db, request.dataset_id, request.dataset_version_id);
      if (!version)
        throw new JobError(
          "dataset_missing",
          `Dataset version ${request.dataset_version_id} no longer exists.`,
        );
      await ctx.progress({ phase: "schema", fraction: 0.1, message: "Inferring the column schema" });
      const columns = await inferSchema({
        path: blobs.path(versionKey(version.dataset_id, version.id)),
        mime: "application/vnd.apache.parquet",
        name: `version ${version.version_no}`,
      });
      ctx.signal.throwIfAborted();
      await setVersionColumns(db, version.id, columns);
      await ctx.progress({ phase: "profile", fraction: 0.5, message: "Profiling the data" });
      const profile = await profileParquet(blobs.path(versionKey(version.dataset_id, version.id)));
      await saveProfile(db, version.id, profile);
      await ctx.progress({ phase: "done", fraction: 1, message: "Processed" });
      await setProcessingStatus(db, request.dataset_id, "completed");
      return {
        dataset_id: version.dataset_id,
        dataset_version_id: version.id,
        row_count: version.row_count,
        columns,
        profile,
      };
    } catch (error) {
      await setProcessingStatus(db, request.dataset_id, ctx.signal.aborted ? "completed" : "failed");
      throw error;
    }
  };
}
