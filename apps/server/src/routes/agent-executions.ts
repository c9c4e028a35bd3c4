import type { FastifyInstance, FastifyRequest } from "fastify";
import { getAgent } from "../agents/agents.js";
import {
  type ExecutionListQuery,
  type ExecutionRecord,
  getExecution,
  listExecutions,
} from "../agents/executions.js";
import { readExecutionForm } from "../agents/form.js";
import { submitExecution } from "../agents/submit.js";
import { type AgenticStatus, agentExecutionView, agenticView, jobStatusesOf } from "../agents/views.js";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import { type JobStatus, requestCancel } from "../jobs/repository.js";

const notFound = (id: string) => new HttpError(404, "not_found", `No execution ${id} in your team.`);

/**
 * Agent executions through both APIs: `/v1/agents/{id}/agentic-executions` + `/v1/agentic-executions` (typed
 * executions, seed 003) and `/v1/agent-executions` (seed 001). Both show the same records.
 */
export function agentExecutionRoutes(ctx: ServerContext) {
  const owned = async (request: FastifyRequest): Promise<ExecutionRecord> => {
    const { execution_id } = request.params as { execution_id: string };
    const execution = await getExecution(ctx.db, request.caller.teamId, execution_id);
    if (!execution) throw notFound(execution_id);
    return execution;
  };
  const cancel = async (request: FastifyRequest): Promise<ExecutionRecord> => {
    const execution = await owned(request);
    const outcome = await requestCancel(ctx.db, execution.teamId, execution.jobId);
    if (outcome === "conflict") {
      throw new HttpError(409, "conflict", `Execution ${execution.id} already ended (${execution.status}).`);
    }
    return (await getExecution(ctx.db, execution.teamId, execution.id)) as ExecutionRecord;
  };
  const page = (request: FastifyRequest, filters: Partial<ExecutionListQuery>) => {
    const paging = pageQuery(request.query);
    return listExecutions(ctx.db, request.caller.teamId, {
      ...paging,
      orderBy: paging.orderBy as ExecutionListQuery["orderBy"],
      ...filters,
    });
  };

  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("createAgenticExecution"),
      handler: async (request, reply) => {
        const { agent_id } = request.params as { agent_id: string };
        const agent = await getAgent(ctx.db, request.caller.teamId, agent_id);
        if (!agent) throw new HttpError(404, "not_found", `No agent ${agent_id} in your team.`);
        const sent = request.isMultipart()
          ? await readExecutionForm(request, ctx)
          : {
              executionKey: (request.body as { execution_key: string }).execution_key,
              input: (request.body as { input?: unknown }).input,
              uploads: [],
            };
        const execution = await submitExecution(ctx, { agent, ...sent, inputPath: "body.input" });
        return reply.status(202).send(agenticView(execution));
      },
    });

    app.route({
      ...specRoute("listAgenticExecutions"),
      handler: async (request) => {
        const q = request.query as { agent_id?: string; status?: AgenticStatus; dataset_id?: string };
        const result = await page(request, {
          agentId: q.agent_id,
          statuses: q.status && jobStatusesOf(q.status),
          datasetId: q.dataset_id,
          orderBy: "created_at",
          orderDirection: "desc",
        });
        return { ...result, items: result.items.map(agenticView) };
      },
    });

    app.route({
      ...specRoute("getAgenticExecution"),
      handler: async (request) => agenticView(await owned(request)),
    });

    app.route({
      ...specRoute("cancelAgenticExecution"),
      handler: async (request) => agenticView(await cancel(request)),
    });

    app.route({
      ...specRoute("createAgentExecution"),
      handler: async (request, reply) => {
        const body = request.body as {
          agent_id: string;
          input_data?: unknown;
          execution_key?: string | null;
        };
        const agent = await getAgent(ctx.db, request.caller.teamId, body.agent_id);
        if (!agent) {
          throw new HttpError(404, "not_found", `No agent ${body.agent_id} in your team.`, [
            { path: "body.agent_id", message: "not found" },
          ]);
        }
        const execution = await submitExecution(ctx, {
          agent,
          executionKey: body.execution_key ?? null,
          input: body.input_data ?? {},
          inputPath: "body.input_data",
          uploads: [],
        });
        return reply.status(202).send(agentExecutionView(execution));
      },
    });

    app.route({
      ...specRoute("listAgentExecutions"),
      handler: async (request) => {
        const q = request.query as { agent_id?: string; status?: JobStatus };
        const result = await page(request, { agentId: q.agent_id, statuses: q.status && [q.status] });
        return { ...result, items: result.items.map(agentExecutionView) };
      },
    });

    app.route({
      ...specRoute("getAgentExecution"),
      handler: async (request) => agentExecutionView(await owned(request)),
    });

    app.route({
      ...specRoute("cancelAgentExecution"),
      handler: async (request) => agentExecutionView(await cancel(request)),
    });
  };
}
