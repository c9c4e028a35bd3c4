import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso } from "../store/rows.js";
import { Where } from "../store/where.js";
import type { ColumnSpec, ParsingOptions } from "./columns.js";

// The dataset row joined with its current version (`v`), so record count and version number come in one query.
const DATASET_FROM = "datasets t LEFT JOIN dataset_versions v ON v.id = t.current_version_id";
const DATASET_COLUMNS = "t.*, v.row_count AS v_row_count, v.version_no AS v_version_no";

function toDataset(row: Row) {
  return {
    id: String(row.id),
    name: String(row.name),
    description: (row.description as string | null) ?? null,
    processing_status: row.processing_status as "empty" | "processing" | "completed" | "failed",
    processing_job_id: (row.processing_job_id as string | null) ?? null,
    record_count: Number(row.v_row_count ?? 0),
    current_version_id: (row.current_version_id as string | null) ?? null,
    current_version_no: row.v_version_no == null ? null : Number(row.v_version_no),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

function toVersion(row: Row) {
  return {
    id: String(row.id),
    dataset_id: String(row.dataset_id),
    version_no: Number(row.version_no),
    row_count: Number(row.row_count),
    columns: row.columns as ColumnSpec[],
    file_id: (row.file_id as string | null) ?? null,
    size_bytes: Number(row.size_bytes),
    created_at: iso(row.created_at),
  };
}

function toSchema(row: Row) {
  return {
    id: String(row.id),
    dataset_id: String(row.dataset_id),
    columns: row.columns as ColumnSpec[],
    parsing: (row.parsing as ParsingOptions) ?? {},
    is_current: Boolean(row.is_current),
    source: row.source as "explicit" | "sample",
    created_at: iso(row.created_at),
  };
}

export type Dataset = ReturnType<typeof toDataset>;
export type DatasetVersion = ReturnType<typeof toVersion>;
export type DatasetSchema = ReturnType<typeof toSchema>;

/** The blob key of a version's Parquet data. */
export const versionKey = (datasetId: string, versionId: string) =>
  `datasets/${datasetId}/${versionId}.parquet`;

export async function insertDataset(
  db: Queryable,
  teamId: string,
  d: { id: string; name: string; description?: string | null },
): Promise<void> {
  await db.query("INSERT INTO datasets (id, team_id, name, description) VALUES ($1, $2, $3, $4)", [
    d.id,
    teamId,
    d.name,
    d.description ?? null,
  ]);
}

/** A team's dataset, or undefined. */
export async function getDataset(db: Queryable, teamId: string, id: string): Promise<Dataset | undefined> {
  const [row] = await db.query(
    `SELECT ${DATASET_COLUMNS} FROM ${DATASET_FROM} WHERE t.id = $1 AND t.team_id = $2`,
    [id, teamId],
  );
  return row && toDataset(row);
}

export interface DatasetListQuery {
  ids?: string[];
  name?: string;
  nameLike?: string;
  page: number;
  pageSize: number;
  orderBy: "created_at" | "updated_at" | "name";
  orderDirection: "asc" | "desc";
}

export function listDatasets(db: Queryable, teamId: string, q: DatasetListQuery): Promise<PageOf<Dataset>> {
  const where = new Where().add("t.team_id = ?", teamId);
  if (q.ids?.length) where.add("t.id = ANY(?::uuid[])", q.ids);
  if (q.name) where.add("t.name = ?", q.name);
  if (q.nameLike) where.add("t.name ILIKE ?", `%${q.nameLike.replace(/[\\%_]/g, "\\$&")}%`);
  const dir = q.orderDirection === "asc" ? "ASC" : "DESC";
  return pagedQuery(
    db,
    {
      select: DATASET_COLUMNS,
      from: `${DATASET_FROM} WHERE ${where.sql}`,
      params: where.params,
      order: `t.${q.orderBy} ${dir}, t.id`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toDataset,
  );
}

export async function updateDataset(
  db: Queryable,
  teamId: string,
  id: string,
  patch: { name?: string; description?: string | null },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE datasets SET name = COALESCE($3, name),
       description = CASE WHEN $4::boolean THEN $5 ELSE description END, updated_at = now()
     WHERE id = $1 AND team_id = $2 RETURNING id`,
    [id, teamId, patch.name ?? null, "description" in patch, patch.description ?? null],
  );
  return rows.length > 0;
}

export async function setProcessingStatus(db: Queryable, id: string, status: Dataset["processing_status"]) {
  await db.query("UPDATE datasets SET processing_status = $2, updated_at = now() WHERE id = $1", [
    id,
    status,
  ]);
}

/** Records new inferred columns for a version (processing ran again over its data). */
export async function setVersionColumns(
  db: Queryable,
  versionId: string,
  columns: ColumnSpec[],
): Promise<void> {
  await db.query("UPDATE dataset_versions SET columns = $2 WHERE id = $1", [
    versionId,
    JSON.stringify(columns),
  ]);
}

export async function deleteDataset(db: Queryable, teamId: string, id: string): Promise<boolean> {
  const rows = await db.query("DELETE FROM datasets WHERE id = $1 AND team_id = $2 RETURNING id", [
    id,
    teamId,
  ]);
  return rows.length > 0;
}

/** Records a new version and makes it current; numbers are assigned under a row lock, so concurrent uploads get distinct ones. */
export async function insertVersion(
  tx: Queryable,
  v: {
    id: string;
    datasetId: string;
    rowCount: number;
    columns: ColumnSpec[];
    fileId: string | null;
    sizeBytes: number;
  },
): Promise<DatasetVersion> {
  await tx.query("SELECT id FROM datasets WHERE id = $1 FOR UPDATE", [v.datasetId]);
  const [row] = await tx.query(
    `INSERT INTO dataset_versions (id, dataset_id, version_no, row_count, columns, file_id, size_bytes)
     VALUES ($1, $2, (SELECT COALESCE(max(version_no), 0) + 1 FROM dataset_versions WHERE dataset_id = $2), $3, $4, $5, $6)
     RETURNING *`,
    [v.id, v.datasetId, v.rowCount, JSON.stringify(v.columns), v.fileId, v.sizeBytes],
  );
  await tx.query(
    "UPDATE datasets SET current_version_id = $2, processing_status = 'completed', updated_at = now() WHERE id = $1",
    [v.datasetId, v.id],
  );
  return toVersion(row);
}

export async function getVersion(db: Queryable, datasetId: string, versionId: string) {
  const [row] = await db.query("SELECT * FROM dataset_versions WHERE id = $1 AND dataset_id = $2", [
    versionId,
    datasetId,
  ]);
  return row && toVersion(row);
}

export function listVersions(
  db: Queryable,
  datasetId: string,
  q: { page: number; pageSize: number; orderBy: "version_no" | "created_at"; orderDirection: "asc" | "desc" },
): Promise<PageOf<DatasetVersion>> {
  const dir = q.orderDirection === "asc" ? "ASC" : "DESC";
  return pagedQuery(
    db,
    {
      from: "dataset_versions t WHERE t.dataset_id = $1",
      params: [datasetId],
      order: `t.${q.orderBy} ${dir}, t.version_no ${dir}`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toVersion,
  );
}

/** Stores a schema; a current one replaces the previous current schema. */
export async function insertSchema(
  tx: Queryable,
  s: {
    id: string;
    datasetId: string;
    columns: ColumnSpec[];
    parsing: ParsingOptions;
    isCurrent: boolean;
    source: "explicit" | "sample";
  },
): Promise<DatasetSchema> {
  if (s.isCurrent)
    await tx.query("UPDATE dataset_schemas SET is_current = false WHERE dataset_id = $1", [s.datasetId]);
  const [row] = await tx.query(
    `INSERT INTO dataset_schemas (id, dataset_id, columns, parsing, is_current, source)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [s.id, s.datasetId, JSON.stringify(s.columns), JSON.stringify(s.parsing), s.isCurrent, s.source],
  );
  return toSchema(row);
}

export async function currentSchema(db: Queryable, datasetId: string): Promise<DatasetSchema | undefined> {
  const [row] = await db.query("SELECT * FROM dataset_schemas WHERE dataset_id = $1 AND is_current", [
    datasetId,
  ]);
  return row && toSchema(row);
}
