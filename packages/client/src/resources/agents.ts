import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import { Agent, type AgenticExecutionDefinition, type AgentUpdate } from "./agent.js";

export type AgentCreate = components["schemas"]["AgentCreate"];
export type AgentListQuery = NonNullable<operations["listAgents"]["parameters"]["query"]>;
export type AgentConversation = components["schemas"]["AgentConversation"];

const path = (agentId: string) => ({ path: { agent_id: agentId } });

/** `client.agents`: the team's agents, what each can run, and the conversations of their executions. */
export class Agents extends APIResource {
  /** One page of agents (newest first, 10 a page); `for await` over the call walks every page. */
  list(query: AgentListQuery = {}, options?: RequestOptions): PagePromise<Agent> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/agents", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new Agent(this._client, data),
    );
  }

  /** Every agent, 100 a page. */
  listAll(
    query: Omit<AgentListQuery, "page" | "page_size"> = {},
    options: RequestOptions & { pageSize?: number } = {},
  ) {
    const { pageSize, ...call } = options;
    return this.list({ ...query, page_size: pageSize ?? 100 }, call);
  }

  retrieve(agentId: string, options?: RequestOptions): APIPromise<Agent> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/agents/{agent_id}", { params: path(agentId), ...init }),
      options,
      (data) => new Agent(this._client, data),
    );
  }

  /** Creates an agent in your team (type `ml-engineer` unless `agent_type` says otherwise). */
  create(body: AgentCreate, options?: RequestOptions): APIPromise<Agent> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/agents", { body, ...init }),
      options,
      (data) => new Agent(this._client, data),
    );
  }

  /** Renames an agent or changes its type or settings (`settings` is merged into the current ones). */
  update(agentId: string, body: AgentUpdate, options?: RequestOptions): APIPromise<Agent> {
    return this._client._request(
      (init) => this._client.raw.PATCH("/v1/agents/{agent_id}", { params: path(agentId), body, ...init }),
      options,
      (data) => new Agent(this._client, data),
    );
  }

  /** Deletes an agent with its executions and conversations. */
  delete(agentId: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) => this._client.raw.DELETE("/v1/agents/{agent_id}", { params: path(agentId), ...init }),
      options,
      () => undefined,
    );
  }

  /** The execution types an agent offers, each with its JSON-Schema `input_schema` (an empty page for none). */
  listDefinitions(agentId: string, options?: RequestOptions): PagePromise<AgenticExecutionDefinition> {
    return this._client._list(
      ({ page: _one, ...init }) =>
        this._client.raw.GET("/v1/agents/{agent_id}/agentic-execution-definitions", {
          params: path(agentId),
          ...init,
        }),
      options,
      (data) => data,
    );
  }

  /** The steps an execution took (its `conversation` / `conversation_id`): input, actions, findings, verdicts. */
  getConversation(conversationId: string, options?: RequestOptions): APIPromise<AgentConversation> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/agent-conversations/{conversation_id}", {
          params: { path: { conversation_id: conversationId } },
          ...init,
        }),
      options,
    );
  }
}
