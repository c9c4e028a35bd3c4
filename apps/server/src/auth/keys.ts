import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Queryable } from "../store/database.js";

/** Who is calling: the key's user and team. */
export interface Caller {
  userId: string;
  teamId: string;
}

/** A new API key: `pz_` and 32 random bytes. Only its hash is stored. */
export function generateKey(): string {
  return `pz_${randomBytes(32).toString("base64url")}`;
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Stores `key` (hashed) for a user. */
export async function storeKey(db: Queryable, key: string, userId: string, teamId: string): Promise<void> {
  await db.query(
    "INSERT INTO api_keys (id, user_id, team_id, key_hash, prefix) VALUES ($1, $2, $3, $4, $5)",
    [randomUUID(), userId, teamId, hashKey(key), key.slice(0, 7)],
  );
}

/** The caller a key belongs to, or undefined for an unknown or revoked key. */
export async function findCaller(db: Queryable, key: string): Promise<Caller | undefined> {
  const rows = await db.query<{ user_id: string; team_id: string }>(
    "SELECT user_id, team_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    [hashKey(key)],
  );
  return rows[0] && { userId: rows[0].user_id, teamId: rows[0].team_id };
}

/** Creates a team with one user and a key for them (for first start and for tests). */
export async function createTeamWithUser(
  db: Queryable,
  names: { team: string; email: string; fullName?: string },
  key = generateKey(),
): Promise<Caller & { key: string }> {
  const teamId = randomUUID();
  const userId = randomUUID();
  await db.query("INSERT INTO teams (id, name) VALUES ($1, $2)", [teamId, names.team]);
  await db.query("INSERT INTO users (id, team_id, email, full_name) VALUES ($1, $2, $3, $4)", [
    userId,
    teamId,
    names.email,
    names.fullName ?? null,
  ]);
  await db.query("INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, 'owner')", [
    teamId,
    userId,
  ]);
  await storeKey(db, key, userId, teamId);
  return { teamId, userId, key };
}

/**
 * On first start (no team yet) creates an admin team, user and key. The key is `givenKey` (e.g.
 * `PARZEN_API_KEY`) or a new one, returned so it can be shown once. A given key unknown to an existing store
 * is added for the first user.
 */
export async function bootstrapAdmin(
  db: Queryable,
  givenKey?: string,
): Promise<{ key?: string; created: boolean }> {
  const teams = await db.query("SELECT id FROM teams LIMIT 1");
  if (teams.length === 0) {
    const { key } = await createTeamWithUser(
      db,
      { team: "Default team", email: "admin@parzen.local", fullName: "Admin" },
      givenKey ?? generateKey(),
    );
    return { key: givenKey ? undefined : key, created: true };
  }
  if (givenKey && !(await findCaller(db, givenKey))) {
    const [user] = await db.query<{ id: string; team_id: string }>(
      "SELECT id, team_id FROM users ORDER BY created_at LIMIT 1",
    );
    if (user) await storeKey(db, givenKey, user.id, user.team_id);
  }
  return { created: false };
}
