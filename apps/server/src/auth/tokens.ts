import { randomBytes, randomUUID } from "node:crypto";
import type { Queryable } from "../store/database.js";
import { iso } from "../store/rows.js";
import { type Caller, hashKey, LIVE_KEY } from "./keys.js";

/** Access tokens live 15 minutes unless asked otherwise; refresh tokens 30 days. */
export const ACCESS_TTL_S = 15 * 60;
export const REFRESH_TTL_S = 30 * 24 * 3600;

export const ACCESS_PREFIX = "pzat_";
const REFRESH_PREFIX = "pzrt_";

const newToken = (prefix: string) => `${prefix}${randomBytes(32).toString("base64url")}`;

/** The spec's `AuthToken`. */
export interface TokenPair {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  expires_at: string;
  refresh_token: string;
  refresh_token_expires_at: string;
}

async function insertToken(
  db: Queryable,
  keyId: string,
  kind: "access" | "refresh",
  token: string,
  ttlSeconds: number,
): Promise<string> {
  const [row] = await db.query<{ expires_at: unknown }>(
    `INSERT INTO auth_tokens (id, api_key_id, kind, token_hash, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING expires_at`,
    [randomUUID(), keyId, kind, hashKey(token), ttlSeconds],
  );
  return iso(row.expires_at);
}

/** A new access token (valid `ttlSeconds`) and refresh token for an API key. Expired rows are swept on the way. */
export async function issueTokens(
  db: Queryable,
  keyId: string,
  ttlSeconds = ACCESS_TTL_S,
): Promise<TokenPair> {
  await db.query("DELETE FROM auth_tokens WHERE expires_at < now() - interval '1 day'");
  const access = newToken(ACCESS_PREFIX);
  const refresh = newToken(REFRESH_PREFIX);
  return {
    access_token: access,
    token_type: "Bearer",
    expires_in: ttlSeconds,
    expires_at: await insertToken(db, keyId, "access", access, ttlSeconds),
    refresh_token: refresh,
    refresh_token_expires_at: await insertToken(db, keyId, "refresh", refresh, REFRESH_TTL_S),
  };
}

/**
 * A token's caller, whether it has expired, its lifetime, and until when (epoch ms) both it and its key are live;
 * undefined if unknown or its key is revoked.
 */
export async function findToken(
  db: Queryable,
  kind: "access" | "refresh",
  token: string,
): Promise<
  (Caller & { expired: boolean; lifetimeSeconds: number; expiresAt: string; liveUntil: number }) | undefined
> {
  const [row] = await db.query<{
    key_id: string;
    user_id: string;
    team_id: string;
    expired: boolean;
    lifetime: number | string;
    expires_at: unknown;
    key_expires_at: unknown;
  }>(
    `SELECT k.id AS key_id, k.user_id, k.team_id, t.expires_at <= now() AS expired, t.expires_at,
       k.expires_at AS key_expires_at, extract(epoch FROM t.expires_at - t.created_at)::float8 AS lifetime
     FROM auth_tokens t JOIN api_keys k ON k.id = t.api_key_id
     WHERE t.token_hash = $1 AND t.kind = $2 AND ${LIVE_KEY}`,
    [hashKey(token), kind],
  );
  if (!row) return undefined;
  return {
    keyId: row.key_id,
    userId: row.user_id,
    teamId: row.team_id,
    expired: Boolean(row.expired),
    lifetimeSeconds: Math.max(1, Math.round(Number(row.lifetime))),
    expiresAt: iso(row.expires_at),
    liveUntil: Math.min(
      new Date(row.expires_at as string | Date).getTime(),
      row.key_expires_at ? new Date(row.key_expires_at as string | Date).getTime() : Number.POSITIVE_INFINITY,
    ),
  };
}

/** A new access token bought with a live refresh token of the same key; undefined if the refresh token is not. */
export async function renewAccess(
  db: Queryable,
  refreshToken: string,
  options: { keyId?: string; ttlSeconds: number },
): Promise<{ caller: Caller; token: string; expiresAt: string; refreshExpiresAt: string } | undefined> {
  const refresh = await findToken(db, "refresh", refreshToken);
  if (!refresh || refresh.expired || (options.keyId && refresh.keyId !== options.keyId)) return undefined;
  const token = newToken(ACCESS_PREFIX);
  const expiresAt = await insertToken(db, refresh.keyId, "access", token, options.ttlSeconds);
  const { expired: _e, lifetimeSeconds: _l, liveUntil: _u, expiresAt: refreshExpiresAt, ...caller } = refresh;
  return { caller, token, expiresAt, refreshExpiresAt };
}
