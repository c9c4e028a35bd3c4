import type { ServerContext } from "../context.js";
import type { ColumnSpec } from "../datasets/columns.js";
import { type DatasetVersion, getDataset, getVersion } from "../datasets/repository.js";
import { fieldError, HttpError } from "../http/errors.js";
import type { Queryable } from "../store/database.js";
import { AgentFailure } from "./definition.js";

/**
 * A dataset version an input names, at submission: the dataset must be the team's (404), the version one of its
 * own (404) or, when null, its current one (400 if it has no data yet). `field` is the input's dataset field.
 */
export async function inputVersion(
  ctx: { server: ServerContext; teamId: string },
  datasetId: string,
  versionId: string | null,
  field = "dataset_id",
  versionField = "dataset_version_id",
): Promise<DatasetVersion> {
  const dataset = await getDataset(ctx.server.db, ctx.teamId, datasetId);
  if (!dataset) {
    throw new HttpError(404, "not_found", `No dataset ${datasetId} in your team.`, [
      { path: `body.input.${field}`, message: "not found" },
    ]);
  }
  const id = versionId ?? dataset.current_version_id;
  if (!id) throw fieldError(`body.input.${field}`, "the dataset has no data yet; upload a version first");
  const version = await getVersion(ctx.server.db, dataset.id, id);
  if (!version) {
    throw new HttpError(404, "not_found", `Dataset ${dataset.id} has no version ${id}.`, [
      { path: `body.input.${versionField}`, message: "not found" },
    ]);
  }
  return version;
}

/** A 400 unless `column` is one of the version's columns. */
export function inputColumn(version: DatasetVersion, column: string, field: string): void {
  const names = (version.columns as ColumnSpec[]).map((c) => c.name);
  if (!names.includes(column))
    throw fieldError(
      `body.input.${field}`,
      `column "${column}" is not in the dataset (columns: ${names.join(", ")})`,
    );
}

/** The version at run time, or the definition's `dataset_missing` failure when it was deleted since. */
export async function runVersion(
  db: Queryable,
  datasetId: string,
  versionId: string,
): Promise<DatasetVersion> {
  const version = await getVersion(db, datasetId, versionId);
  if (!version)
    throw new AgentFailure(
      "dataset_missing",
      `Dataset ${datasetId} (version ${versionId}) was deleted before the execution ran.`,
    );
  return version;
}

/** The version just before `versionNo` of a dataset, or undefined for its first. */
export async function previousVersion(
  db: Queryable,
  datasetId: string,
  versionNo: number,
): Promise<DatasetVersion | undefined> {
  const [row] = await db.query<{ id: string }>(
    "SELECT id FROM dataset_versions WHERE dataset_id = $1 AND version_no < $2 ORDER BY version_no DESC LIMIT 1",
    [datasetId, versionNo],
  );
  return row && getVersion(db, datasetId, row.id);
}
