import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso } from "../store/rows.js";
import { Where } from "../store/where.js";

/** The file lifecycle (the spec's `FileStatus`): see `files/lifecycle.ts`. */
export type FileStatus = "pending_upload" | "uploaded" | "processing" | "ready" | "error";

function toFile(row: Row) {
  return {
    id: String(row.id),
    name: String(row.name),
    mime_type: String(row.mime_type),
    file_size: Number(row.file_size),
    sha256: (row.sha256 as string | null) ?? null,
    status: row.status as FileStatus,
    error_message: (row.error_message as string | null) ?? null,
    dataset_id: (row.dataset_id as string | null) ?? null,
    metadata: (row.metadata as Record<string, unknown>) ?? {},
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export type StoredFile = ReturnType<typeof toFile>;

/** The blob key of a file's bytes. */
export const fileKey = (id: string) => `files/${id}`;

export interface NewFile {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  sha256: string | null;
  status: FileStatus;
  datasetId?: string | null;
  metadata?: Record<string, unknown>;
  /** The caller named the type; a later upload keeps it instead of detecting one. */
  mimeGiven?: boolean;
}

export async function insertFile(db: Queryable, teamId: string, file: NewFile): Promise<StoredFile> {
  const [row] = await db.query(
    `INSERT INTO files (id, team_id, dataset_id, name, mime_type, file_size, sha256, status, metadata, mime_given)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [
      file.id,
      teamId,
      file.datasetId ?? null,
      file.name,
      file.mimeType,
      file.size,
      file.sha256,
      file.status,
      JSON.stringify(file.metadata ?? {}),
      file.mimeGiven ?? false,
    ],
  );
  return toFile(row);
}

/** A team's file, or undefined. */
export async function getFile(db: Queryable, teamId: string, id: string): Promise<StoredFile | undefined> {
  const [row] = await db.query("SELECT * FROM files WHERE id = $1 AND team_id = $2", [id, teamId]);
  return row && toFile(row);
}

/** Any team's file, for the signed-URL upload, which carries no API key. */
export async function getFileForUpload(db: Queryable, id: string) {
  const [row] = await db.query("SELECT * FROM files WHERE id = $1", [id]);
  return row && { teamId: String(row.team_id), mimeGiven: Boolean(row.mime_given), file: toFile(row) };
}

/**
 * Moves a file from one status to the next (`fields` set alongside); undefined when it was not in `from` any more,
 * so two uploads racing for one file cannot both win.
 */
export async function moveFile(
  db: Queryable,
  id: string,
  from: FileStatus[],
  to: FileStatus,
  fields: { sha256?: string; mimeType?: string; errorMessage?: string | null } = {},
): Promise<StoredFile | undefined> {
  const [row] = await db.query(
    `UPDATE files SET status = $3, sha256 = COALESCE($4, sha256), mime_type = COALESCE($5, mime_type),
       error_message = $6, updated_at = now()
     WHERE id = $1 AND status = ANY($2) RETURNING *`,
    [id, from, to, fields.sha256 ?? null, fields.mimeType ?? null, fields.errorMessage ?? null],
  );
  return row && toFile(row);
}

export async function updateFile(
  db: Queryable,
  teamId: string,
  id: string,
  patch: { name?: string; dataset_id?: string | null; metadata?: Record<string, unknown> },
): Promise<StoredFile | undefined> {
  const [row] = await db.query(
    `UPDATE files SET
       name = COALESCE($3, name),
       dataset_id = CASE WHEN $4::boolean THEN $5::uuid ELSE dataset_id END,
       metadata = COALESCE($6::jsonb, metadata),
       updated_at = now()
     WHERE id = $1 AND team_id = $2 RETURNING *`,
    [
      id,
      teamId,
      patch.name ?? null,
      "dataset_id" in patch,
      patch.dataset_id ?? null,
      patch.metadata === undefined ? null : JSON.stringify(patch.metadata),
    ],
  );
  return row && toFile(row);
}

export async function deleteFile(db: Queryable, teamId: string, id: string): Promise<boolean> {
  const rows = await db.query("DELETE FROM files WHERE id = $1 AND team_id = $2 RETURNING id", [id, teamId]);
  return rows.length > 0;
}

export interface FileListQuery {
  datasetId?: string;
  /** Any of these statuses. */
  statuses?: FileStatus[];
  mimeType?: string;
  hashes?: string[];
  page: number;
  pageSize: number;
  orderBy: "created_at" | "updated_at" | "name" | "file_size";
  orderDirection: "asc" | "desc";
}

export function listFiles(db: Queryable, teamId: string, q: FileListQuery): Promise<PageOf<StoredFile>> {
  const where = new Where().add("t.team_id = ?", teamId);
  if (q.datasetId) where.add("t.dataset_id = ?", q.datasetId);
  if (q.statuses?.length) where.add("t.status = ANY(?)", q.statuses);
  if (q.mimeType) where.add("t.mime_type = ?", q.mimeType);
  if (q.hashes?.length) where.add("t.sha256 = ANY(?)", q.hashes);
  const dir = q.orderDirection === "asc" ? "ASC" : "DESC";
  return pagedQuery(
    db,
    {
      from: `files t WHERE ${where.sql}`,
      params: where.params,
      order: `t.${q.orderBy} ${dir}, t.id`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toFile,
  );
}
