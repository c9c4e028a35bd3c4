import type { FastifyInstance } from "fastify";
import { HttpError } from "../http/errors.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import type { Database } from "../store/database.js";
import { getApiKey, listApiKeys, memberRole, revokeApiKey } from "./api-keys.js";
import { generateKey, storeKey } from "./keys.js";
import { apiKeyCaller } from "./plugin.js";
import { issueTokens, renewAccess } from "./tokens.js";

const notFound = (id: string) => new HttpError(404, "not_found", `No API key ${id} in your team.`);

/** `/v1/api-keys` (create, list, get, revoke) and `POST /v1/auth/tokens` (access and refresh tokens). */
export function authRoutes(db: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("createApiKey"),
      handler: async (request, reply) => {
        const body = request.body as { name: string; team_id?: string; expires_at?: string | null };
        const teamId = body.team_id ?? request.caller.teamId;
        if (!(await memberRole(db, teamId, request.caller.userId))) {
          throw new HttpError(404, "not_found", `No team ${teamId} among your teams.`, [
            { path: "body.team_id", message: "not a team of yours" },
          ]);
        }
        if (body.expires_at && Date.parse(body.expires_at) <= Date.now()) {
          throw new HttpError(400, "validation_error", "expires_at must be in the future.", [
            { path: "body.expires_at", message: "must be in the future" },
          ]);
        }
        const key = generateKey();
        const id = await storeKey(db, key, request.caller.userId, teamId, {
          name: body.name,
          expiresAt: body.expires_at,
        });
        return reply.status(201).send({ ...(await getApiKey(db, teamId, id)), key });
      },
    });

    app.route({
      ...specRoute("listApiKeys"),
      handler: (request) => {
        const paging = pageQuery(request.query);
        return listApiKeys(db, request.caller.teamId, {
          ...paging,
          orderBy: paging.orderBy as "created_at" | "last_used_at" | "name",
          includeRevoked: (request.query as { include_revoked?: boolean }).include_revoked === true,
        });
      },
    });

    app.route({
      ...specRoute("getApiKey"),
      handler: async (request) => {
        const { api_key_id } = request.params as { api_key_id: string };
        return (
          (await getApiKey(db, request.caller.teamId, api_key_id)) ?? Promise.reject(notFound(api_key_id))
        );
      },
    });

    app.route({
      ...specRoute("revokeApiKey"),
      handler: async (request, reply) => {
        const { api_key_id } = request.params as { api_key_id: string };
        const { teamId, userId } = request.caller;
        const key = await getApiKey(db, teamId, api_key_id);
        if (!key) throw notFound(api_key_id);
        if (key.user_id !== userId && (await memberRole(db, teamId, userId)) !== "owner")
          throw new HttpError(403, "forbidden", "Only the key's user or an owner of the team may revoke it.");
        await revokeApiKey(db, api_key_id);
        return reply.status(204).send();
      },
    });

    app.route({
      ...specRoute("createAuthToken"),
      // An exchange of a refresh token carries no Authorization header; the handler checks credentials itself.
      config: { public: true },
      handler: async (request, reply) => {
        const body = request.body as {
          grant_type: "api_key" | "refresh_token";
          refresh_token?: string;
          expires_in: number;
        };
        if (body.grant_type === "api_key") {
          const caller = await apiKeyCaller(db, request);
          return reply.status(201).send(await issueTokens(db, caller.keyId, body.expires_in));
        }
        if (!body.refresh_token) {
          throw new HttpError(
            400,
            "validation_error",
            "refresh_token is required with grant_type refresh_token.",
            [{ path: "body.refresh_token", message: "is required" }],
          );
        }
        const renewed = await renewAccess(db, body.refresh_token, { ttlSeconds: body.expires_in });
        if (!renewed)
          throw new HttpError(
            401,
            "invalid_refresh_token",
            "The refresh token is unknown, expired or revoked.",
          );
        return reply.status(201).send({
          access_token: renewed.token,
          token_type: "Bearer",
          expires_in: body.expires_in,
          expires_at: renewed.expiresAt,
          refresh_token: body.refresh_token,
          refresh_token_expires_at: renewed.refreshExpiresAt,
        });
      },
    });
  };
}
