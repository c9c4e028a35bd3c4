import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  type AgentListQuery,
  type AgentSettings,
  checkDefaultKey,
  DEFAULT_SETTINGS,
  deleteAgent,
  getAgent,
  insertAgent,
  listAgents,
  saveAgent,
} from "../agents/agents.js";
import { getConversation } from "../agents/conversations.js";
import { activeJobsOfAgent } from "../agents/executions.js";
import { type AgentType, definitionsOf } from "../agents/registry.js";
import type { ServerContext } from "../context.js";
import { HttpError } from "../http/errors.js";
import { pageQuery } from "../http/paging.js";
import { specRoute } from "../http/spec.js";
import { requestCancel } from "../jobs/repository.js";

interface AgentBody {
  name?: string;
  description?: string | null;
  agent_type?: AgentType;
  settings?: Partial<AgentSettings>;
  team_id?: string;
}

/** `/v1/agents`: the team's agents, their execution definitions, and execution conversations. */
export function agentRoutes(ctx: ServerContext) {
  const owned = async (request: FastifyRequest) => {
    const { agent_id } = request.params as { agent_id: string };
    const agent = await getAgent(ctx.db, request.caller.teamId, agent_id);
    if (!agent) throw new HttpError(404, "not_found", `No agent ${agent_id} in your team.`);
    return agent;
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.route({
      ...specRoute("listAgents"),
      handler: (request) => {
        const paging = pageQuery(request.query);
        return listAgents(ctx.db, request.caller.teamId, {
          ...paging,
          orderBy: paging.orderBy as AgentListQuery["orderBy"],
        });
      },
    });

    app.route({
      ...specRoute("createAgent"),
      handler: async (request, reply) => {
        const body = request.body as AgentBody & { name: string };
        if (body.team_id && body.team_id !== request.caller.teamId) {
          throw new HttpError(
            404,
            "not_found",
            `No team ${body.team_id} for this key; agents go in the key's team.`,
            [{ path: "body.team_id", message: "not found" }],
          );
        }
        const agent = {
          name: body.name,
          description: body.description ?? null,
          agent_type: body.agent_type ?? "ml-engineer",
          settings: { ...DEFAULT_SETTINGS, ...body.settings },
        };
        checkDefaultKey(agent);
        return reply.status(201).send(await insertAgent(ctx.db, request.caller.teamId, agent));
      },
    });

    app.route({ ...specRoute("getAgent"), handler: (request) => owned(request) });

    app.route({
      ...specRoute("updateAgent"),
      handler: async (request) => {
        const agent = await owned(request);
        const body = request.body as AgentBody;
        const updated = {
          ...agent,
          name: body.name ?? agent.name,
          description: body.description === undefined ? agent.description : body.description,
          agent_type: body.agent_type ?? agent.agent_type,
          settings: { ...agent.settings, ...body.settings },
        };
        checkDefaultKey(updated);
        return saveAgent(ctx.db, updated);
      },
    });

    app.route({
      ...specRoute("deleteAgent"),
      handler: async (request, reply) => {
        const agent = await owned(request);
        // Running executions stop first; their jobs stay listed as cancelled.
        for (const jobId of await activeJobsOfAgent(ctx.db, agent.id))
          await requestCancel(ctx.db, agent.team_id, jobId);
        await deleteAgent(ctx.db, agent.team_id, agent.id);
        return reply.status(204).send();
      },
    });

    app.route({
      ...specRoute("listAgenticExecutionDefinitions"),
      handler: async (request) => {
        const agent = await owned(request);
        const items = definitionsOf(agent.agent_type).map((d) => ({
          key: d.key,
          name: d.name,
          description: d.description,
          input_schema: d.inputSchema,
          failure_codes: Object.entries(d.failureCodes).map(([code, description]) => ({ code, description })),
          max_files: d.maxFiles,
        }));
        // Every definition on one page: a type has a handful.
        const total = items.length;
        return {
          items,
          pagination: { page: 1, page_size: 100, total_items: total, total_pages: total ? 1 : 0 },
        };
      },
    });

    app.route({
      ...specRoute("getAgentConversation"),
      handler: async (request) => {
        const { conversation_id } = request.params as { conversation_id: string };
        const conversation = await getConversation(ctx.db, request.caller.teamId, conversation_id);
        if (!conversation)
          throw new HttpError(404, "not_found", `No conversation ${conversation_id} in your team.`);
        return conversation;
      },
    });
  };
}
