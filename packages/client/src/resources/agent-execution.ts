import type { APIPromise } from "../core/api-promise.js";
import { isTerminal } from "../core/poll.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";
import type { AgentConversation } from "./agents.js";
import type { ExecutionWaitOptions } from "./execution-wait.js";

/** An agent execution's fields as the API sends them. */
export type AgentExecutionData = components["schemas"]["AgentExecution"];

/**
 * An execution seen through the agent-executions API (`client.agentExecutions.create`, `retrieve`, `list`…):
 * the job's `status` (`pending`, `running`, `completed`, `failed`, `cancelled`), `output_data` or `error`.
 */
export class AgentExecution extends resourceObject<AgentExecutionData>() {
  /** Whether it ended (`completed`, `failed` or `cancelled`). */
  isDone(): boolean {
    return isTerminal(this.status);
  }

  /** Reads the execution's fields again. */
  refresh(options?: RequestOptions): APIPromise<AgentExecution> {
    return this._client.agentExecutions.retrieve(this.id, options)._map((e) => this._assign(e.toJSON()));
  }

  /** Polls every 2 s (`pollInterval`) until it ended; `JobWaitTimeoutError` once `timeout` ms have passed. */
  waitForCompletion(options?: ExecutionWaitOptions<AgentExecution>): APIPromise<AgentExecution> {
    return this._client.agentExecutions
      .waitForCompletion(this.id, options)
      ._map((e) => this._assign(e.toJSON()));
  }

  /** Asks it to stop (a `ConflictError` once it has ended). */
  cancel(options?: RequestOptions): APIPromise<AgentExecution> {
    return this._client.agentExecutions.cancel(this.id, options)._map((e) => this._assign(e.toJSON()));
  }

  /** The steps it took: input, actions, findings, validator verdicts. */
  getConversation(options?: RequestOptions): APIPromise<AgentConversation> {
    return this._client.agents.getConversation(this.conversation_id, options);
  }
}
