import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import {
  createReport,
  deleteReport,
  getReport,
  listReports,
  type ReportCreateBody,
  reportHtml,
} from "./reports.js";

type Params = { report_id: string };

/** Whether the caller asked for the page rather than its metadata: an Accept naming text/html. */
const wantsHtml = (accept: string | undefined) => /(^|,)\s*text\/html\b/.test(accept ?? "");

/** `/v1/reports`: HTML reports on models and their metadata. */
export function reportRoutes(ctx: ServerContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listReports"),
      handler: (request) => {
        const q = request.query as { model_id?: string; deployment_id?: string };
        return listReports(ctx.db, request.caller.teamId, {
          ...pageQuery(request.query),
          modelId: q.model_id,
          deploymentId: q.deployment_id,
        });
      },
    });
    app.route({
      ...specRoute("createReport"),
      handler: async (request, reply) =>
        reply
          .status(201)
          .send(await createReport(ctx, request.caller.teamId, request.body as ReportCreateBody)),
    });
    app.route({
      ...specRoute("getReport"),
      handler: async (request, reply) => {
        const { report_id } = request.params as Params;
        reply.header("vary", "accept");
        if (!wantsHtml(request.headers.accept)) return getReport(ctx.db, request.caller.teamId, report_id);
        const html = await reportHtml(ctx, request.caller.teamId, report_id);
        return reply.type("text/html; charset=utf-8").send(html);
      },
    });
    app.route({
      ...specRoute("deleteReport"),
      handler: async (request, reply) => {
        await deleteReport(ctx, request.caller.teamId, (request.params as Params).report_id);
        return reply.status(204).send();
      },
    });
  };
}
