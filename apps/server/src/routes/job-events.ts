import type { FastifyInstance } from "fastify";
import { HttpError } from "../http/errors.js";
import { specRoute } from "../http/spec.js";
import { getJob, TERMINAL } from "../jobs/repository.js";
import type { Database } from "../store/database.js";

/** How often the stream looks for changes; the store is the one place every worker writes progress to. */
const POLL_MS = 250;
/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/** `GET /v1/jobs/{job_id}/events`: the job as Server-Sent Events, one `job` event per change, closed at the end. */
export function jobEventRoutes(db: Database) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("streamJobEvents"),
      handler: async (request, reply) => {
        const { job_id } = request.params as { job_id: string };
        const teamId = request.caller.teamId;
        let job = await getJob(db, teamId, job_id);
        if (!job) throw new HttpError(404, "not_found", `No job ${job_id} in your team.`);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache",
          connection: "keep-alive",
          "x-request-id": String(request.id),
        });
        let closed = false;
        request.raw.on("close", () => {
          closed = true;
        });
        let seq = 0;
        let last = "";
        let quietSince = Date.now();
        while (!closed && job) {
          const snapshot = JSON.stringify(job);
          if (snapshot !== last) {
            last = snapshot;
            quietSince = Date.now();
            res.write(`id: ${++seq}\nevent: job\ndata: ${snapshot}\n\n`);
          } else if (Date.now() - quietSince > KEEPALIVE_MS) {
            quietSince = Date.now();
            res.write(": keep-alive\n\n");
          }
          if (TERMINAL.includes(job.status)) break;
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          job = await getJob(db, teamId, job_id).catch(() => job);
        }
        res.end();
      },
    });
  };
}
