import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import { AgentExecution } from "./agent-execution.js";
import { type ExecutionWaitOptions, waitUntilEnded } from "./execution-wait.js";

export type AgentExecutionCreate = components["schemas"]["AgentExecutionCreate"];
export type AgentExecutionListQuery = NonNullable<operations["listAgentExecutions"]["parameters"]["query"]>;

const path = (executionId: string) => ({ path: { execution_id: executionId } });

/**
 * `client.agentExecutions`: executions of agents with `input_data` (the agent's default execution type unless
 * `execution_key` names one) — create, retrieve, list, cancel, wait. The same records as `client.agenticExecutions`.
 */
export class AgentExecutions extends APIResource {
  /** Starts an execution and returns it `pending`; sent with an Idempotency-Key, so a retry never starts it twice. */
  create(body: AgentExecutionCreate, options?: RequestOptions): APIPromise<AgentExecution> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/agent-executions", { body, ...init }),
      { idempotencyKey: globalThis.crypto.randomUUID(), ...options },
      (data) => new AgentExecution(this._client, data),
    );
  }

  retrieve(executionId: string, options?: RequestOptions): APIPromise<AgentExecution> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/agent-executions/{execution_id}", { params: path(executionId), ...init }),
      options,
      (data) => new AgentExecution(this._client, data),
    );
  }

  /** One page of executions (newest first, 10 a page); filters `agent_id`, `status`. */
  list(query: AgentExecutionListQuery = {}, options?: RequestOptions): PagePromise<AgentExecution> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/agent-executions", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new AgentExecution(this._client, data),
    );
  }

  /** Every execution matching `query`, 100 a page. */
  listAll(
    query: Omit<AgentExecutionListQuery, "page" | "page_size"> = {},
    options: RequestOptions & { pageSize?: number } = {},
  ) {
    const { pageSize, ...call } = options;
    return this.list({ ...query, page_size: pageSize ?? 100 }, call);
  }

  /** Asks an execution to stop (`ConflictError` when it already ended). */
  cancel(executionId: string, options?: RequestOptions): APIPromise<AgentExecution> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/agent-executions/{execution_id}/cancel", {
          params: path(executionId),
          ...init,
        }),
      { idempotencyKey: globalThis.crypto.randomUUID(), ...options },
      (data) => new AgentExecution(this._client, data),
    );
  }

  /**
   * Polls every `pollInterval` ms (default 2000) until the execution is completed, failed or cancelled, and returns
   * it (a failed one is returned, not thrown); `JobWaitTimeoutError` once `timeout` ms have passed.
   */
  waitForCompletion(
    executionId: string,
    options?: ExecutionWaitOptions<AgentExecution>,
  ): APIPromise<AgentExecution> {
    return waitUntilEnded(
      this._client,
      (call) => this.retrieve(executionId, call),
      (e) => e.isDone(),
      options,
    );
  }
}
