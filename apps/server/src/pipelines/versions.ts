import { randomUUID } from "node:crypto";
import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso, isoOrNull } from "../store/rows.js";
import { Where } from "../store/where.js";
import type { Configuration } from "./graph.js";

function toVersion(row: Row) {
  return {
    id: String(row.id),
    team_id: String(row.team_id),
    pipeline_id: String(row.pipeline_id),
    version_number: Number(row.version_number),
    status: row.status as "draft" | "published",
    configuration: row.configuration as Configuration,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    published_at: isoOrNull(row.published_at),
  };
}

export type ConfigurationVersion = ReturnType<typeof toVersion>;

/**
 * Stores a draft numbered one past the pipeline's highest version. The pipeline row is locked first, so two
 * versions created at once never get the same number. Run it inside a transaction.
 */
export async function insertVersion(
  tx: Queryable,
  teamId: string,
  pipelineId: string,
  configuration: unknown,
): Promise<ConfigurationVersion> {
  await tx.query("SELECT id FROM pipelines WHERE id = $1 FOR UPDATE", [pipelineId]);
  const [row] = await tx.query(
    `INSERT INTO pipeline_configuration_versions (id, team_id, pipeline_id, version_number, status, configuration)
       VALUES ($1, $2, $3,
         (SELECT COALESCE(MAX(version_number), 0) + 1 FROM pipeline_configuration_versions WHERE pipeline_id = $3),
         'draft', $4)
       RETURNING *`,
    [randomUUID(), teamId, pipelineId, JSON.stringify(configuration)],
  );
  return toVersion(row);
}

/** A team's configuration version, or undefined. */
export async function getConfigurationVersion(
  db: Queryable,
  teamId: string,
  id: string,
): Promise<ConfigurationVersion | undefined> {
  const [row] = await db.query(
    "SELECT * FROM pipeline_configuration_versions WHERE id = $1 AND team_id = $2",
    [id, teamId],
  );
  return row && toVersion(row);
}

/** Replaces a draft's configuration (the caller checked it is a draft). */
export async function replaceConfiguration(
  db: Queryable,
  id: string,
  configuration: unknown,
): Promise<ConfigurationVersion> {
  const [row] = await db.query(
    "UPDATE pipeline_configuration_versions SET configuration = $2, updated_at = now() WHERE id = $1 RETURNING *",
    [id, JSON.stringify(configuration)],
  );
  return toVersion(row);
}

/** Publishes a version (a published one stays as it was). */
export async function publishVersion(db: Queryable, id: string): Promise<ConfigurationVersion> {
  const [row] = await db.query(
    `UPDATE pipeline_configuration_versions
     SET status = 'published', published_at = COALESCE(published_at, now()),
         updated_at = CASE WHEN status = 'published' THEN updated_at ELSE now() END
     WHERE id = $1 RETURNING *`,
    [id],
  );
  return toVersion(row);
}

/** Deletes a version with its executions (the store cascades). */
export async function deleteConfigurationVersion(db: Queryable, id: string): Promise<void> {
  await db.query("DELETE FROM pipeline_configuration_versions WHERE id = $1", [id]);
}

export interface VersionListQuery {
  pipelineIds?: string[];
  ids?: string[];
  page: number;
  pageSize: number;
  orderBy: "created_at" | "updated_at";
  direction: "ASC" | "DESC";
}

/** One page of a team's configuration versions. */
export function listConfigurationVersions(
  db: Queryable,
  teamId: string,
  q: VersionListQuery,
): Promise<PageOf<ConfigurationVersion>> {
  const where = new Where().add("t.team_id = ?", teamId);
  if (q.pipelineIds) where.add("t.pipeline_id = ANY(?::uuid[])", q.pipelineIds);
  if (q.ids) where.add("t.id = ANY(?::uuid[])", q.ids);
  return pagedQuery(
    db,
    {
      from: `pipeline_configuration_versions t WHERE ${where.sql}`,
      params: where.params,
      order: `t.${q.orderBy} ${q.direction}, t.seq ${q.direction}`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toVersion,
  );
}
