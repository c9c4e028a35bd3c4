import { randomUUID } from "node:crypto";
import { sqlString, withDuck } from "../datasets/duck.js";
import { type DatasetVersion, getVersion, insertVersion, versionKey } from "../datasets/repository.js";
import type { PhaseEnv } from "./types.js";

/**
 * Writes the distinct rows of a dataset version as the dataset's next version (DuckDB reads and writes the
 * Parquet, so a large version is never held in memory), and returns it with how many rows went.
 */
export async function dedupedVersion(
  env: PhaseEnv,
  datasetId: string,
  versionId: string,
): Promise<{ version: DatasetVersion; removed: number }> {
  const source = await getVersion(env.db, datasetId, versionId);
  if (!source) throw new Error(`Dataset ${datasetId} has no version ${versionId}.`);
  const id = randomUUID();
  const key = versionKey(datasetId, id);
  const scratch = await env.blobs.scratch(".parquet");
  const rows = await withDuck(async (connection) => {
    await connection.run(
      `COPY (SELECT DISTINCT * FROM read_parquet(${sqlString(env.blobs.path(versionKey(datasetId, versionId)))}))
       TO ${sqlString(scratch)} (FORMAT parquet)`,
    );
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::DOUBLE AS n FROM read_parquet(${sqlString(scratch)})`,
    );
    return Number((reader.getRowObjectsJS()[0] as { n: number }).n);
  });
  const sizeBytes = await env.blobs.adopt(key, scratch);
  const version = await env.db.transaction((tx) =>
    insertVersion(tx, { id, datasetId, rowCount: rows, columns: source.columns, fileId: null, sizeBytes }),
  );
  return { version, removed: source.row_count - rows };
}
