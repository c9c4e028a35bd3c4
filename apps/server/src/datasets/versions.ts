import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import type { ServerContext } from "../context.js";
import { fileKey, type StoredFile } from "../files/repository.js";
import type { Queryable } from "../store/database.js";
import { ingestTable } from "./ingest.js";
import { profileParquet } from "./profile.js";
import { saveProfile } from "./profile-store.js";
import { currentSchema, type DatasetVersion, insertVersion, versionKey } from "./repository.js";

/**
 * Reads an uploaded file as the dataset's next version: checked against the current schema, written as
 * Parquet, then recorded as current. `record` runs inside the transaction that stores the version (to create
 * the dataset row in the same commit). If anything fails, no version and no Parquet file remain.
 */
export async function addVersion(
  // Without limits (a job writing a derived dataset), ingestion applies the default bounds.
  ctx: Pick<ServerContext, "db" | "blobs"> & Partial<Pick<ServerContext, "limits">>,
  datasetId: string,
  source: StoredFile,
  record?: (tx: Queryable) => Promise<void>,
): Promise<DatasetVersion> {
  const schema = record ? undefined : await currentSchema(ctx.db, datasetId);
  const scratch = await ctx.blobs.scratch(".parquet");
  try {
    const ingested = await ingestTable(
      { path: ctx.blobs.path(fileKey(source.id)), mime: source.mime_type, name: source.name },
      scratch,
      schema,
      ctx.limits,
    );
    const id = randomUUID();
    const key = versionKey(datasetId, id);
    const sizeBytes = await ctx.blobs.adopt(key, scratch);
    let version: DatasetVersion;
    try {
      version = await ctx.db.transaction(async (tx) => {
        await record?.(tx);
        return insertVersion(tx, {
          id,
          datasetId,
          rowCount: ingested.rowCount,
          columns: ingested.columns,
          fileId: source.id,
          sizeBytes,
        });
      });
    } catch (error) {
      await ctx.blobs.remove(key);
      throw error;
    }
    // Profiled once, now; a failure here only means the profile is computed on its first request instead.
    await profileParquet(ctx.blobs.path(key))
      .then((profile) => saveProfile(ctx.db, id, profile))
      .catch(() => undefined);
    return version;
  } finally {
    await rm(scratch, { force: true });
  }
}
