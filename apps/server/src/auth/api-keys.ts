import { changeFeed } from "../cache/change-feed.js";
import type { Database, Queryable, Row } from "../store/database.js";
import { type PageOf, pagedQuery } from "../store/paging.js";
import { iso, isoOrNull } from "../store/rows.js";
import { Where } from "../store/where.js";

function toApiKey(row: Row) {
  return {
    id: String(row.id),
    name: String(row.name),
    prefix: String(row.prefix),
    team_id: String(row.team_id),
    user_id: String(row.user_id),
    created_at: iso(row.created_at),
    expires_at: isoOrNull(row.expires_at),
    last_used_at: isoOrNull(row.last_used_at),
    revoked_at: isoOrNull(row.revoked_at),
  };
}

/** The spec's `ApiKey`: a key's record, never its secret. */
export type ApiKeyRecord = ReturnType<typeof toApiKey>;

/** A key of the team, or undefined. */
export async function getApiKey(
  db: Queryable,
  teamId: string,
  id: string,
): Promise<ApiKeyRecord | undefined> {
  const [row] = await db.query("SELECT * FROM api_keys WHERE id = $1 AND team_id = $2", [id, teamId]);
  return row && toApiKey(row);
}

export function listApiKeys(
  db: Queryable,
  teamId: string,
  q: {
    includeRevoked: boolean;
    page: number;
    pageSize: number;
    orderBy: "created_at" | "last_used_at" | "name";
    orderDirection: "asc" | "desc";
  },
): Promise<PageOf<ApiKeyRecord>> {
  const where = new Where().add("t.team_id = ?", teamId);
  const live = q.includeRevoked ? "" : " AND t.revoked_at IS NULL";
  const dir = q.orderDirection === "asc" ? "ASC" : "DESC";
  return pagedQuery(
    db,
    {
      from: `api_keys t WHERE ${where.sql}${live}`,
      params: where.params,
      order: `t.${q.orderBy} ${dir} NULLS LAST, t.id`,
      page: q.page,
      pageSize: q.pageSize,
    },
    toApiKey,
  );
}

/**
 * Revokes a key (once; a second call changes nothing) and drops the tokens issued with it. The key and its tokens
 * stop working at once in this process, and in others as soon as they hear the store's notification.
 */
export async function revokeApiKey(db: Database, id: string): Promise<void> {
  await db.query("UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", [id]);
  changeFeed(db).changed("key", id);
  await db.query("DELETE FROM auth_tokens WHERE api_key_id = $1", [id]);
}

/** The user's role in a team, or undefined when not a member. */
export async function memberRole(db: Queryable, teamId: string, userId: string): Promise<string | undefined> {
  const [row] = await db.query<{ role: string }>(
    "SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2",
    [teamId, userId],
  );
  return row?.role;
}
