import { randomUUID } from "node:crypto";
import { HttpError } from "../http/errors.js";
import type { Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso } from "../store/rows.js";
import { Where } from "../store/where.js";
import { isUniqueViolation } from "./ids.js";

function toPipeline(row: Row) {
  return {
    id: String(row.id),
    team_id: String(row.team_id),
    name: String(row.name),
    description: (row.description as string | null) ?? null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export type Pipeline = ReturnType<typeof toPipeline>;

const taken = (name: string) =>
  new HttpError(409, "conflict", `A pipeline named "${name}" already exists in your team.`, [
    { path: "body.name", message: "already taken" },
  ]);

/** Stores a new pipeline; a name already used in the team is a 409. */
export async function insertPipeline(
  db: Queryable,
  teamId: string,
  p: { name: string; description: string | null },
): Promise<Pipeline> {
  try {
    const [row] = await db.query(
      "INSERT INTO pipelines (id, team_id, name, description) VALUES ($1, $2, $3, $4) RETURNING *",
      [randomUUID(), teamId, p.name, p.description],
    );
    return toPipeline(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw taken(p.name);
    throw error;
  }
}

/** A team's pipeline, or undefined. */
export async function getPipeline(db: Queryable, teamId: string, id: string): Promise<Pipeline | undefined> {
  const [row] = await db.query("SELECT * FROM pipelines WHERE id = $1 AND team_id = $2", [id, teamId]);
  return row && toPipeline(row);
}

/** Renames or redescribes a pipeline; a name already used in the team is a 409. */
export async function savePipeline(db: Queryable, p: Pipeline): Promise<Pipeline> {
  try {
    const [row] = await db.query(
      "UPDATE pipelines SET name = $2, description = $3, updated_at = now() WHERE id = $1 RETURNING *",
      [p.id, p.name, p.description],
    );
    return toPipeline(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw taken(p.name);
    throw error;
  }
}

/** Deletes a pipeline with its versions and executions (the store cascades). */
export async function deletePipeline(db: Queryable, teamId: string, id: string): Promise<void> {
  await db.query("DELETE FROM pipelines WHERE id = $1 AND team_id = $2", [id, teamId]);
}

export interface PipelineListQuery {
  ids?: string[];
  nameLike?: string;
  page: number;
  pageSize: number;
  orderBy: "created_at" | "updated_at" | "name";
  direction: "ASC" | "DESC";
}

/** One page of a team's pipelines. */
export function listPipelines(
  db: Queryable,
  teamId: string,
  q: PipelineListQuery,
): Promise<PageOf<Pipeline>> {
  const where = new Where().add("t.team_id = ?", teamId);
  if (q.ids) where.add("t.id = ANY(?::uuid[])", q.ids);
  if (q.nameLike) where.add("t.name ILIKE ?", `%${q.nameLike.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return pagedQuery(
    db,
    {
      from: `pipelines t WHERE ${where.sql}`,
      params: where.params,
      // Names sort as people read them: case-insensitively.
      order: `${q.orderBy === "name" ? "lower(t.name)" : `t.${q.orderBy}`} ${q.direction}, t.seq ${q.direction}`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toPipeline,
  );
}
