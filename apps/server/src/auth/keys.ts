import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Queryable } from "../store/database.js";

/** Who is calling: the key's user and team, and the key itself (access tokens name the key they came from). */
export interface Caller {
  userId: string;
  teamId: string;
  keyId: string;
}

/** A new API key: `pz_` and 32 random bytes. Only its hash is stored. */
export function generateKey(): string {
  return `pz_${randomBytes(32).toString("base64url")}`;
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Stores `key` (hashed) for a user; returns the key's id. */
export async function storeKey(
  db: Queryable,
  key: string,
  userId: string,
  teamId: string,
  options: { name?: string; expiresAt?: string | null } = {},
): Promise<string> {
  const id = randomUUID();
  await db.query(
    "INSERT INTO api_keys (id, user_id, team_id, key_hash, prefix, name, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [id, userId, teamId, hashKey(key), key.slice(0, 7), options.name ?? "default", options.expiresAt ?? null],
  );
  return id;
}

/** A live key is neither revoked nor past its expiry (SQL over `api_keys k`). */
export const LIVE_KEY = "k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())";

/** The caller of a key by its hash and when the key expires (epoch ms), or undefined if unknown, revoked or expired. */
export async function findCallerByHash(
  db: Queryable,
  keyHash: string,
): Promise<{ caller: Caller; expiresAt?: number } | undefined> {
  const [row] = await db.query<{ id: string; user_id: string; team_id: string; expires_at: unknown }>(
    `SELECT k.id, k.user_id, k.team_id, k.expires_at FROM api_keys k WHERE k.key_hash = $1 AND ${LIVE_KEY}`,
    [keyHash],
  );
  if (!row) return undefined;
  const caller = { keyId: row.id, userId: row.user_id, teamId: row.team_id };
  return {
    caller,
    expiresAt: row.expires_at ? new Date(row.expires_at as string | Date).getTime() : undefined,
  };
}

/** The caller a key belongs to, or undefined for an unknown, revoked or expired key. */
export async function findCaller(db: Queryable, key: string): Promise<Caller | undefined> {
  return (await findCallerByHash(db, hashKey(key)))?.caller;
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
  const keyId = await storeKey(db, key, userId, teamId, { name: "first key" });
  return { teamId, userId, keyId, key };
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
