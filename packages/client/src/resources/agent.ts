import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";
import type { AgentExecution } from "./agent-execution.js";
import type { AgenticExecution } from "./agentic-execution.js";
import type { AgenticExecutionStart } from "./agentic-executions.js";

/** An agent's fields as the API sends them. */
export type AgentData = components["schemas"]["Agent"];
export type AgentUpdate = components["schemas"]["AgentUpdate"];
export type AgenticExecutionDefinition = components["schemas"]["AgenticExecutionDefinition"];

/**
 * An agent (`client.agents.retrieve`, `create`, `list`…): its fields plus what it can run.
 *
 * @example
 * const agent = await parzen.agents.create({ name: "Scorer", settings: { file_upload_enabled: true } });
 * const execution = await agent.startExecution("batch-predict", { model_id }, { files: ["rows.csv"] });
 * const done = await execution.waitForCompletion({ timeout: 60_000 });
 */
export class Agent extends resourceObject<AgentData>() {
  /** Renames the agent or changes its type or settings (merged); this object takes the new fields too. */
  update(body: AgentUpdate, options?: RequestOptions): APIPromise<Agent> {
    return this._client.agents.update(this.id, body, options)._map((a) => this._assign(a.toJSON()));
  }

  /** Deletes the agent with its executions and conversations (running executions are cancelled first). */
  delete(options?: RequestOptions): APIPromise<void> {
    return this._client.agents.delete(this.id, options);
  }

  /** The execution types the agent's type offers, with their input schemas. */
  listDefinitions(options?: RequestOptions): PagePromise<AgenticExecutionDefinition> {
    return this._client.agents.listDefinitions(this.id, options);
  }

  /** Starts an execution of one of the agent's types; with `files`, they are streamed as a multipart upload. */
  startExecution(
    executionKey: string,
    input: Record<string, unknown> = {},
    options: RequestOptions & Pick<AgenticExecutionStart, "files"> = {},
  ): APIPromise<AgenticExecution> {
    const { files, ...call } = options;
    return this._client.agenticExecutions.create(
      this.id,
      { execution_key: executionKey, input, files },
      call,
    );
  }

  /** Starts an execution of the agent's default type with `inputData` (the agent-executions API). */
  createExecution(inputData: Record<string, unknown>, options?: RequestOptions): APIPromise<AgentExecution> {
    return this._client.agentExecutions.create({ agent_id: this.id, input_data: inputData }, options);
  }
}
