import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";
import type { AgentConversation } from "./agents.js";
import type { ExecutionWaitOptions } from "./execution-wait.js";

/** An agentic execution's fields as the API sends them. */
export type AgenticExecutionData = components["schemas"]["AgenticExecution"];

/**
 * An execution seen through the agentic-executions API (`client.agenticExecutions.create`, `retrieve`, `list`…):
 * `status` `pending` → `in_progress` → `finished` | `failed`, with `result` or `failure_code`.
 */
export class AgenticExecution extends resourceObject<AgenticExecutionData>() {
  /** Whether it ended (`finished` or `failed`). */
  isDone(): boolean {
    return this.status === "finished" || this.status === "failed";
  }

  /** Reads the execution's fields again. */
  refresh(options?: RequestOptions): APIPromise<AgenticExecution> {
    return this._client.agenticExecutions.retrieve(this.id, options)._map((e) => this._assign(e.toJSON()));
  }

  /** Polls every 2 s (`pollInterval`) until it ended; `JobWaitTimeoutError` once `timeout` ms have passed. */
  waitForCompletion(options?: ExecutionWaitOptions<AgenticExecution>): APIPromise<AgenticExecution> {
    return this._client.agenticExecutions
      .waitForCompletion(this.id, options)
      ._map((e) => this._assign(e.toJSON()));
  }

  /** Asks it to stop (a `ConflictError` once it has ended). */
  cancel(options?: RequestOptions): APIPromise<AgenticExecution> {
    return this._client.agenticExecutions.cancel(this.id, options)._map((e) => this._assign(e.toJSON()));
  }

  /** The steps it took: input, actions, findings, validator verdicts. */
  getConversation(options?: RequestOptions): APIPromise<AgentConversation> {
    return this._client.agents.getConversation(this.conversation, options);
  }
}
