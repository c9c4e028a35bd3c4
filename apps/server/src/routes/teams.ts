import type { FastifyInstance } from "fastify";
import type { BlobStore } from "../blobs/blob-store.js";
import { changeFeed } from "../cache/change-feed.js";
import { HttpError } from "../http/errors.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import type { Database } from "../store/database.js";
import { removeArtifacts, teamArtifactKeys } from "../tenancy/artifacts.js";
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from "../tenancy/repository.js";

const notFound = (id: string) => new HttpError(404, "not_found", `No team ${id} among your teams.`);

/** `/v1/teams`: the teams the caller belongs to. */
export function teamRoutes(db: Database, blobs: BlobStore) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listTeams"),
      handler: (request) => listTeams(db, request.caller.userId, pageQuery(request.query)),
    });
    app.route({
      ...specRoute("createTeam"),
      handler: async (request, reply) => {
        const team = await db.transaction((tx) =>
          createTeam(
            tx,
            request.caller.userId,
            request.body as { name: string; description?: string | null },
          ),
        );
        return reply.status(201).send(team);
      },
    });
    app.route({
      ...specRoute("getTeam"),
      handler: async (request) => {
        const { team_id } = request.params as { team_id: string };
        return (await getTeam(db, request.caller.userId, team_id)) ?? Promise.reject(notFound(team_id));
      },
    });
    app.route({
      ...specRoute("updateTeam"),
      handler: async (request) => {
        const { team_id } = request.params as { team_id: string };
        const team = await updateTeam(db, request.caller.userId, team_id, request.body as { name?: string });
        if (!team) throw notFound(team_id);
        return team;
      },
    });
    app.route({
      ...specRoute("deleteTeam"),
      handler: async (request, reply) => {
        const { team_id } = request.params as { team_id: string };
        if (!(await getTeam(db, request.caller.userId, team_id))) throw notFound(team_id);
        if (team_id === request.caller.teamId) {
          throw new HttpError(
            409,
            "conflict",
            "This key acts for that team; delete it with a key of another team.",
          );
        }
        // The artifact keys are read before the rows that name them cascade away, and removed once they are gone.
        const keys = await teamArtifactKeys(db, team_id);
        await deleteTeam(db, request.caller.userId, team_id);
        const failed = await removeArtifacts(blobs, keys);
        if (failed.length > 0) request.log.warn({ failed }, "team artifacts left on disk");
        // Its keys stop working here at once; other processes hear the keys' deletion from the store.
        changeFeed(db).changed("team", team_id);
        return reply.status(204).send();
      },
    });
  };
}
