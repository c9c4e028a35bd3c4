import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import { sendChat } from "./chat.js";
import { cancelRun, expireDecisions, skipPhase, submitDecision } from "./decisions.js";
import { columnLineage, preprocessingDag } from "./lineage.js";
import { chatPage } from "./repository.js";
import { type RetrainParams, startRetrain } from "./retrain.js";
import { getRun, resumeRun, type StartRunBody, startRun } from "./runs.js";
import type { DecisionBody } from "./types.js";
import { pendingView, phasesView, runStateView } from "./views.js";

/** The 13 operations under `/v1/agentic/runs`; the work is in the domain functions, the routes only translate. */
export function agenticRoutes(ctx: ServerContext) {
  const params = (request: FastifyRequest) => request.params as { run_id: string };
  /** The caller's run, after resolving a decision whose time ran out (so reads never show an expired one). */
  const owned = async (request: FastifyRequest) => {
    await expireDecisions(ctx.db, params(request).run_id);
    return getRun(ctx.db, request.caller.teamId, params(request).run_id);
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("startAgenticRun"),
      handler: async (request, reply) => {
        const started = await startRun(ctx, request.caller.teamId, request.body as StartRunBody);
        return reply.status(202).send({
          run_id: started.run.id,
          status: started.run.status,
          resumed: started.resumed,
          message: started.message,
        });
      },
    });
    app.route({
      ...specRoute("getAgenticRunState"),
      handler: async (request) => runStateView(ctx.db, await owned(request)),
    });
    app.route({
      ...specRoute("getAgenticPendingDecision"),
      handler: async (request) => pendingView(await owned(request)),
    });
    app.route({
      ...specRoute("submitAgenticDecision"),
      handler: async (request) => {
        const body = request.body as DecisionBody;
        const done = await submitDecision(ctx, request.caller.teamId, params(request).run_id, body);
        return {
          run_id: done.run.id,
          status: done.run.status,
          phase: done.phase,
          decision_type: body.decision_type,
          skipped: done.skipped,
          message: done.message,
        };
      },
    });
    app.route({
      ...specRoute("getAgenticPhases"),
      handler: async (request) => phasesView(ctx.db, await owned(request)),
    });
    app.route({
      ...specRoute("cancelAgenticRun"),
      handler: async (request) => {
        const done = await cancelRun(ctx, request.caller.teamId, params(request).run_id);
        return {
          run_id: done.run.id,
          success: true,
          status: done.run.status,
          cancelled_job_ids: done.cancelledJobs,
        };
      },
    });
    app.route({
      ...specRoute("skipAgenticPhase"),
      handler: async (request) => ({
        run_id: params(request).run_id,
        ...(await skipPhase(ctx, request.caller.teamId, params(request).run_id)),
      }),
    });
    app.route({
      ...specRoute("resumeAgenticRun"),
      handler: async (request) => {
        await expireDecisions(ctx.db, params(request).run_id);
        const done = await resumeRun(ctx, request.caller.teamId, params(request).run_id);
        const run = await getRun(ctx.db, request.caller.teamId, params(request).run_id);
        return {
          run_id: run.id,
          resumed: done.resumed,
          status: run.status,
          current_phase: run.currentPhase,
          message: done.message,
        };
      },
    });
    app.route({
      ...specRoute("sendAgenticChat"),
      handler: async (request) => {
        const { content } = request.body as { content: string };
        const reply = await sendChat(ctx, request.caller.teamId, params(request).run_id, content);
        return { run_id: params(request).run_id, ...reply };
      },
    });
    app.route({
      ...specRoute("getAgenticChatHistory"),
      handler: async (request) => {
        const run = await owned(request);
        const paging = pageQuery(request.query);
        return chatPage(ctx.db, run.id, paging);
      },
    });
    app.route({
      ...specRoute("retrainAgenticRun"),
      handler: async (request, reply) => {
        const body = (request.body ?? {}) as { params?: RetrainParams | null };
        const started = await startRetrain(
          ctx,
          request.caller.teamId,
          params(request).run_id,
          body.params ?? {},
        );
        return reply.status(202).send({
          run_id: started.run.id,
          retrain_id: started.retrain.id,
          job_id: started.retrain.job_id,
          status: "running",
          message: `Retraining with ${started.retrain.params.model_types} (${started.retrain.params.n_trials} trial(s) each); the comparison appears in the run state's retrains.`,
        });
      },
    });
    app.route({
      ...specRoute("getAgenticPreprocessingDag"),
      handler: async (request) => preprocessingDag(ctx, await owned(request)),
    });
    app.route({
      ...specRoute("getAgenticColumnLineage"),
      handler: async (request) => columnLineage(ctx, await owned(request)),
    });
  };
}
