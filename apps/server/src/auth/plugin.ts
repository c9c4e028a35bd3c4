import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HttpError } from "../http/errors.js";
import { DOCS_PREFIX } from "../http/spec.js";
import type { Database } from "../store/database.js";
import { type Caller, findCaller, touchKey } from "./keys.js";
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
 * answer then carries the new access token in its `access-token` header (and `access-token-expires-at`).
 */
async function tokenCaller(db: Database, request: FastifyRequest, reply: FastifyReply, token: string) {
  const found = await findToken(db, "access", token);
  if (!found) throw new HttpError(401, "unauthorized", "Unknown access token, or its API key was revoked.");
  if (!found.expired) return found;
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

/** Requires an API key or access token (`Bearer` or `Token` scheme) on every route not marked public; 401 otherwise. */
export function installAuth(app: FastifyInstance, db: Database): void {
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
      const { keyId, userId, teamId } = await tokenCaller(db, request, reply, credential);
      request.caller = { keyId, userId, teamId };
      return;
    }
    const caller = await findCaller(db, credential);
    if (!caller) throw new HttpError(401, "unauthorized", "Unknown, revoked or expired API key.");
    touchKey(db, caller.keyId);
    request.caller = caller;
  });
}
