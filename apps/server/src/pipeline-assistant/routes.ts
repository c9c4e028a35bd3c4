import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { specRoute } from "../http/spec.js";
import { getPipeline } from "../pipelines/pipelines.js";
import { validateConfiguration } from "../pipelines/validate.js";
import { insertVersion } from "../pipelines/versions.js";
import { emptyPlan } from "./plan.js";
import {
  deleteSession,
  getSession,
  insertSession,
  type Session,
  saveSession,
  sessionView,
} from "./sessions.js";
import { needsOf, takeTurn } from "./turn.js";

/** `/v1/pipeline-assistant/sessions`: conversations that write pipeline configurations. */
export function assistantRoutes(ctx: ServerContext) {
  const owned = async (request: FastifyRequest): Promise<Session> => {
    const { session_id } = request.params as { session_id: string };
    const session = await getSession(ctx.db, request.caller.teamId, session_id);
    if (!session) throw new HttpError(404, "not_found", `No assistant session ${session_id} in your team.`);
    return session;
  };
  const needs = async (session: Session) => {
    const rows = await ctx.db.query<{ id: string; name: string; columns: never[] | null }>(
      `SELECT d.id, d.name, v.columns FROM datasets d LEFT JOIN dataset_versions v ON v.id = d.current_version_id
       WHERE d.team_id = $1`,
      [session.team_id],
    );
    return needsOf(
      session.plan,
      rows.map((r) => ({ ...r, columns: r.columns ?? [] })),
    );
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("createPipelineAssistantSession"),
      handler: async (request, reply) => {
        const body = request.body as {
          goal: string;
          autonomy_level?: Session["autonomy_level"] | null;
          model_name?: string | null;
        };
        const session = await insertSession(ctx.db, {
          team_id: request.caller.teamId,
          goal: body.goal,
          autonomy_level: body.autonomy_level ?? "semi_auto",
          model_name: body.model_name ?? null,
          plan: emptyPlan(),
        });
        // The goal is the first thing the assistant reads.
        const turn = await takeTurn(ctx, session, body.goal);
        await saveSession(ctx.db, turn.session);
        return reply.status(201).send(sessionView(turn.session, turn.needs));
      },
    });

    app.route({
      ...specRoute("getPipelineAssistantSession"),
      handler: async (request) => {
        const session = await owned(request);
        return sessionView(session, await needs(session));
      },
    });

    app.route({
      ...specRoute("deletePipelineAssistantSession"),
      handler: async (request, reply) => {
        const session = await owned(request);
        await deleteSession(ctx.db, session.team_id, session.id);
        return reply.status(204).send();
      },
    });

    app.route({
      ...specRoute("sendPipelineAssistantMessage"),
      handler: async (request) => {
        const session = await owned(request);
        const { content } = request.body as { content: string };
        const turn = await takeTurn(ctx, session, content);
        await saveSession(ctx.db, turn.session);
        return {
          reply: turn.reply,
          current_config: turn.changed ? turn.session.current_config : null,
          changes: turn.changes,
          needs: turn.needs,
          dataset_ids: turn.session.dataset_ids,
        };
      },
    });

    app.route({
      ...specRoute("savePipelineAssistantConfiguration"),
      handler: async (request, reply) => {
        const session = await owned(request);
        const { pipeline_id } = request.body as { pipeline_id: string };
        if (!(await getPipeline(ctx.db, session.team_id, pipeline_id)))
          throw new HttpError(404, "not_found", `No pipeline ${pipeline_id} in your team.`, [
            { path: "body.pipeline_id", message: "not found" },
          ]);
        const config = session.current_config;
        if (!config)
          throw new HttpError(
            400,
            "validation_error",
            "The session has no configuration yet: name a dataset first.",
            [{ path: "current_config", message: "is null" }],
          );
        const validation = await validateConfiguration(ctx.db, session.team_id, config);
        if (!validation.valid)
          throw new HttpError(
            400,
            "validation_error",
            `The configuration no longer validates: ${validation.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`,
          );
        const version = await ctx.db.transaction((tx) =>
          insertVersion(tx, session.team_id, pipeline_id, config),
        );
        return reply.status(201).send(version);
      },
    });
  };
}
