import type { BlobStore } from "../blobs/blob-store.js";
import type { Queryable } from "../store/database.js";
import { profileParquet } from "./profile.js";
import type { DatasetProfile } from "./profile-types.js";
import { versionKey } from "./repository.js";

/** Stores the label-free profile of a version (computed at ingest, or on first request for older versions). */
export async function saveProfile(db: Queryable, versionId: string, profile: DatasetProfile): Promise<void> {
  const { label: _label, ...base } = profile;
  const findings = base.findings.filter(
    (f) => !["leakage", "class_imbalance", "rare_classes"].includes(f.kind),
  );
  await db.query("UPDATE dataset_versions SET profile = $2 WHERE id = $1", [
    versionId,
    JSON.stringify({ ...base, label: null, findings }),
  ]);
}

/**
 * The profile of a dataset version. Without a label it is the one stored at ingest (computed and stored when
 * missing); with `labelColumn` the data is read again for the label's task, class balance and leakage suspects.
 */
export async function versionProfile(
  ctx: { db: Queryable; blobs: BlobStore },
  datasetId: string,
  versionId: string,
  labelColumn?: string,
): Promise<DatasetProfile> {
  if (labelColumn === undefined) {
    const [row] = await ctx.db.query<{ profile: DatasetProfile | null }>(
      "SELECT profile FROM dataset_versions WHERE id = $1 AND dataset_id = $2",
      [versionId, datasetId],
    );
    if (row?.profile) return row.profile;
  }
  const profile = await profileParquet(ctx.blobs.path(versionKey(datasetId, versionId)), { labelColumn });
  await saveProfile(ctx.db, versionId, profile);
  return profile;
}
