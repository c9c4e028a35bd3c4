import type { BlobStore } from "../blobs/blob-store.js";
import { fileKey } from "../files/repository.js";
import { modelKey } from "../models/repository.js";
import { reportKey } from "../reports/repository.js";
import type { Queryable } from "../store/database.js";

/**
 * Every artifact key a team owns: uploaded files' bytes, each dataset's directory of Parquet versions, model files
 * and rendered reports. A domain that stores blobs of its own adds its query here, so deleting a team deletes them.
 */
export async function teamArtifactKeys(db: Queryable, teamId: string): Promise<string[]> {
  const ids = (sql: string) => db.query<{ id: string }>(sql, [teamId]);
  const [files, datasets, models, reports] = await Promise.all([
    ids("SELECT id FROM files WHERE team_id = $1"),
    ids("SELECT id FROM datasets WHERE team_id = $1"),
    ids("SELECT id FROM models WHERE team_id = $1"),
    ids("SELECT id FROM reports WHERE team_id = $1"),
  ]);
  return [
    ...files.map((f) => fileKey(f.id)),
    ...datasets.map((d) => `datasets/${d.id}`),
    // Either file form a model may have (its kind lives in its summary): removing a missing one is harmless.
    ...models.flatMap((m) => [modelKey(m.id, "single"), modelKey(m.id, "onnx")]),
    ...reports.map((r) => reportKey(r.id)),
  ];
}

/** Removes the given artifacts (after their rows are gone); one that cannot be removed does not stop the rest. */
export async function removeArtifacts(blobs: BlobStore, keys: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const key of keys) await blobs.remove(key).catch(() => failed.push(key));
  return failed;
}
