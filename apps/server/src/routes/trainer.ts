import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { specRoute } from "../http/spec.js";
import { createJob } from "../jobs/repository.js";
import { checkRunRequest, type TrainerRunRequest } from "../trainer/request.js";

/** `POST /v1/trainer/run`: checks the request, stores a `trainer.run` job, then queues it and answers 202. */
export function trainerRoutes(ctx: ServerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("runTrainer"),
      handler: async (request, reply) => {
        const body = request.body as TrainerRunRequest;
        const checked = await checkRunRequest(ctx, request.caller.teamId, body);
        const job = await createJob(ctx.db, request.caller.teamId, "trainer.run", { ...checked });
        // The job is committed before the answer; if queueing fails, the workers' reconcile pass still finds it.
        await ctx.queue.enqueue(job).catch((error) => request.log.warn({ err: error }, "queueing failed"));
        return reply.status(202).send({
          job_id: job.id,
          status: job.status,
          message: `Training ${body.model_types?.join(", ") ?? "the default model set"} on "${body.task.label_column}"; follow GET /v1/jobs/${job.id}.`,
          dataset_id: checked.dataset_id,
        });
      },
    });
  };
}
