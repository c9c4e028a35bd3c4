import { randomUUID } from "node:crypto";
import type { Queryable, Row } from "../store/database.js";
import { pagedQuery } from "../store/paging.js";
import { iso } from "../store/rows.js";

function toTeam(row: Row) {
  return {
    id: String(row.id),
    name: String(row.name),
    description: (row.description as string | null) ?? null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

function toUser(row: Row) {
  return {
    id: String(row.id),
    email: String(row.email),
    full_name: (row.full_name as string | null) ?? null,
    nickname: (row.nickname as string | null) ?? null,
    team_id: String(row.team_id),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export type Team = ReturnType<typeof toTeam>;
export type User = ReturnType<typeof toUser>;

export interface PageQuery {
  page: number;
  pageSize: number;
  /** Checked against the spec's enum before it gets here. */
  orderBy: string;
  orderDirection: "asc" | "desc";
}

function paged<T>(db: Queryable, from: string, params: unknown[], q: PageQuery, map: (r: Row) => T) {
  const dir = q.orderDirection === "asc" ? "ASC" : "DESC";
  return pagedQuery(
    db,
    { from, params, order: `t.${q.orderBy} ${dir}, t.id`, page: q.page, pageSize: q.pageSize },
    map,
  );
}

/** Teams the user belongs to. */
export function listTeams(db: Queryable, userId: string, q: PageQuery) {
  return paged(
    db,
    "teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = $1",
    [userId],
    q,
    toTeam,
  );
}

/** A team the user belongs to, or undefined. */
export async function getTeam(db: Queryable, userId: string, teamId: string): Promise<Team | undefined> {
  const rows = await db.query(
    "SELECT t.* FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = $1 AND t.id = $2",
    [userId, teamId],
  );
  return rows[0] && toTeam(rows[0]);
}

/** Creates a team with `userId` as its owner. */
export async function createTeam(
  db: Queryable,
  userId: string,
  body: { name: string; description?: string | null },
): Promise<Team> {
  const [row] = await db.query("INSERT INTO teams (id, name, description) VALUES ($1, $2, $3) RETURNING *", [
    randomUUID(),
    body.name,
    body.description ?? null,
  ]);
  await db.query("INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, 'owner')", [
    row.id,
    userId,
  ]);
  return toTeam(row);
}

/** Updates the given fields of a team the user belongs to. */
export async function updateTeam(
  db: Queryable,
  userId: string,
  teamId: string,
  body: { name?: string; description?: string | null },
): Promise<Team | undefined> {
  if (!(await getTeam(db, userId, teamId))) return undefined;
  const [row] = await db.query(
    `UPDATE teams SET name = COALESCE($2, name),
       description = CASE WHEN $3::boolean THEN $4 ELSE description END, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [teamId, body.name ?? null, "description" in body, body.description ?? null],
  );
  return toTeam(row);
}

/** Deletes a team the user belongs to (with everything it owns); false when there is no such team. */
export async function deleteTeam(db: Queryable, userId: string, teamId: string): Promise<boolean> {
  if (!(await getTeam(db, userId, teamId))) return false;
  await db.query("DELETE FROM teams WHERE id = $1", [teamId]);
  return true;
}

/** Users who are members of the team. */
export function listUsers(db: Queryable, teamId: string, q: PageQuery) {
  return paged(
    db,
    "users t JOIN team_members m ON m.user_id = t.id WHERE m.team_id = $1",
    [teamId],
    q,
    toUser,
  );
}

/** A member of the team, or undefined. */
export async function getUser(db: Queryable, teamId: string, userId: string): Promise<User | undefined> {
  const rows = await db.query(
    "SELECT t.* FROM users t JOIN team_members m ON m.user_id = t.id WHERE m.team_id = $1 AND t.id = $2",
    [teamId, userId],
  );
  return rows[0] && toUser(rows[0]);
}

/** Updates the given profile fields of a user (`nickname: null` clears it). */
export async function updateUser(
  db: Queryable,
  userId: string,
  patch: { full_name?: string; nickname?: string | null },
): Promise<User> {
  const [row] = await db.query(
    `UPDATE users SET full_name = COALESCE($2, full_name),
       nickname = CASE WHEN $3::boolean THEN $4 ELSE nickname END, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [userId, patch.full_name ?? null, "nickname" in patch, patch.nickname ?? null],
  );
  return toUser(row);
}
