import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HttpError } from "../http/errors.js";
import { DOCS_PREFIX } from "../http/spec.js";
import type { Database } from "../store/database.js";
import { type CallerCache, callerCache, callerTags } from "./caller-cache.js";
import { KeyTouches } from "./key-touches.js";
import { type Caller, findCaller, findCallerByHash, hashKey } from "./keys.js";
import { ACCESS_PREFIX, findToken, renewAccess } from "./tokens.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Set on every authenticated request. */
    caller: Caller;
  }
  interface FastifyContextConfig {
    /** Routes that need no credentials. */
    public?: boolean;
  }
}

const HOW =
  "Send an API key or access token as `Authorization: Bearer <credential>` (or `Token <credential>`).";

/** The credential of an `Authorization: Bearer <x>` or `Authorization: Token <x>` header, or undefined. */
export function credentialOf(request: FastifyRequest): string | undefined {
  const match = /^(?:Bearer|Token)\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  return match?.[1];
}

/** The caller of an API key (not a token), for operations that must see the key itself; 401 otherwise. */
export async function apiKeyCaller(db: Database, request: FastifyRequest): Promise<Caller> {
  const credential = credentialOf(request);
  if (!credential || credential.startsWith(ACCESS_PREFIX))
    throw new HttpError(
      401,
      "unauthorized",
      "Send an API key as `Authorization: Bearer <key>` (or `Token <key>`).",
    );
  const caller = await findCaller(db, credential);
  if (!caller) throw new HttpError(401, "unauthorized", "Unknown, revoked or expired API key.");
  return caller;
}

/**
 * The caller of an access token. An expired one passes with a valid `refresh-token` header of the same key: the
 * answer then carries the new access token in its `access-token` header (and `access-token-expires-at`). A live
 * token's caller is cached until the token expires or its key changes.
 */
async function tokenCaller(
  db: Database,
  callers: CallerCache,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
): Promise<Caller> {
  let found: Awaited<ReturnType<typeof findToken>>;
  const cached = await callers.get(hashKey(token), async () => {
    found = await findToken(db, "access", token);
    if (!found || found.expired) return undefined;
    const caller = { keyId: found.keyId, userId: found.userId, teamId: found.teamId };
    return { value: caller, tags: callerTags(caller), until: found.liveUntil };
  });
  if (cached) return cached;
  if (!found) throw new HttpError(401, "unauthorized", "Unknown access token, or its API key was revoked.");
  const refresh = request.headers["refresh-token"];
  if (typeof refresh !== "string" || refresh === "") {
    throw new HttpError(
      401,
      "token_expired",
      "The access token has expired: send its refresh token in a `refresh-token` header, or get a new one.",
    );
  }
  const renewed = await renewAccess(db, refresh, { keyId: found.keyId, ttlSeconds: found.lifetimeSeconds });
  if (!renewed)
    throw new HttpError(
      401,
      "invalid_refresh_token",
      "The refresh token is unknown, expired or of another key.",
    );
  reply.header("access-token", renewed.token);
  reply.header("access-token-expires-at", renewed.expiresAt);
  return renewed.caller;
}

/** The caller of an API key, cached until the key changes or expires. */
function keyCaller(db: Database, callers: CallerCache, key: string): Promise<Caller | undefined> {
  const hash = hashKey(key);
  return callers.get(hash, async () => {
    const found = await findCallerByHash(db, hash);
    return found && { value: found.caller, tags: callerTags(found.caller), until: found.expiresAt };
  });
}

/**
 * Requires an API key or access token (`Bearer` or `Token` scheme) on every route not marked public; 401 otherwise.
 * Callers are cached in memory (`callerCache`), so an authenticated request costs no query; keys' `last_used_at`
 * is written in batches off the request path.
 */
export function installAuth(app: FastifyInstance, db: Database): void {
  const callers = callerCache(db);
  const touches = new KeyTouches(db);
  app.addHook("onClose", () => touches.close());
  app.decorateRequest("caller", null as unknown as Caller);
  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.routeOptions.url;
    if (
      request.routeOptions.config?.public ||
      !url ||
      url === DOCS_PREFIX ||
      url.startsWith(`${DOCS_PREFIX}/`)
    )
      return;
    const credential = credentialOf(request);
    if (!credential) throw new HttpError(401, "unauthorized", HOW);
    if (credential.startsWith(ACCESS_PREFIX)) {
      request.caller = await tokenCaller(db, callers, request, reply, credential);
      return;
    }
    const caller = await keyCaller(db, callers, credential);
    if (!caller) throw new HttpError(401, "unauthorized", "Unknown, revoked or expired API key.");
    touches.touch(caller.keyId);
    request.caller = caller;
  });
}
