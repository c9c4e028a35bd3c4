import type { FastifyInstance } from "fastify";
import { HttpError } from "../http/errors.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import { getJob, type JobListQuery, listJobs, requestCancel } from "../jobs/repository.js";
import type { Database } from "../store/database.js";

function notFound(id: string): HttpError {
  return new HttpError(404, "not_found", `No job ${id} in your team.`);
}

/** `/v1/jobs`: list, retrieve and cancel the team's jobs. */
export function jobRoutes(db: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listJobs"),
      handler: async (request) => {
        const q = request.query as { status?: JobListQuery["status"]; kind?: string };
        const paging = pageQuery(request.query);
        const query: JobListQuery = {
          ...paging,
          orderBy: paging.orderBy as JobListQuery["orderBy"],
          status: q.status,
          kind: q.kind,
        };
        return listJobs(db, request.caller.teamId, query);
      },
    });

    app.route({
      ...specRoute("getJob"),
      handler: async (request) => {
        const { job_id } = request.params as { job_id: string };
        const job = await getJob(db, request.caller.teamId, job_id);
        if (!job) throw notFound(job_id);
        return job;
      },
    });

    app.route({
      ...specRoute("cancelJob"),
      handler: async (request) => {
        const { job_id } = request.params as { job_id: string };
        const outcome = await requestCancel(db, request.caller.teamId, job_id);
        if (!outcome) throw notFound(job_id);
        if (outcome === "conflict") {
          const job = await getJob(db, request.caller.teamId, job_id);
          throw new HttpError(
            409,
            "conflict",
            `Job ${job_id} already ended (${job?.status}); nothing to cancel.`,
          );
        }
        return outcome;
      },
    });
  };
}
