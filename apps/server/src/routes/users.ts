import type { FastifyInstance } from "fastify";
import { HttpError } from "../http/errors.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import type { Database } from "../store/database.js";
import { getUser, listUsers, updateUser } from "../tenancy/repository.js";

/** `/v1/users`: the members of the caller's team. */
export function userRoutes(db: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listUsers"),
      handler: (request) => listUsers(db, request.caller.teamId, pageQuery(request.query)),
    });
    app.route({
      ...specRoute("getUser"),
      handler: async (request) => {
        const { user_id } = request.params as { user_id: string };
        const user = await getUser(db, request.caller.teamId, user_id);
        if (!user) throw new HttpError(404, "not_found", `No user ${user_id} in your team.`);
        return user;
      },
    });
    app.route({
      ...specRoute("updateUser"),
      handler: async (request) => {
        const { user_id } = request.params as { user_id: string };
        if (!(await getUser(db, request.caller.teamId, user_id))) {
          throw new HttpError(404, "not_found", `No user ${user_id} in your team.`);
        }
        if (user_id !== request.caller.userId)
          throw new HttpError(403, "forbidden", "You can only update your own profile.");
        return updateUser(db, user_id, request.body as { full_name?: string; nickname?: string | null });
      },
    });
  };
}
