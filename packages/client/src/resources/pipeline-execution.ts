import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";
import type { ExecutionWaitOptions } from "./execution-wait.js";
import type { PipelineExecutionUpdate } from "./pipeline-executions.js";

/** A pipeline execution's fields as the API sends them. */
export type PipelineExecutionData = components["schemas"]["PipelineExecution"];

/** The statuses after which an execution never changes again. */
export const TERMINAL_PIPELINE_STATUSES = ["completed", "failed", "cancelled"] as const;

/**
 * A pipeline execution: its status (`pending` → `running` → `completed` | `failed` | `cancelled`, or `paused`),
 * progress (`current_step` of `total_steps`, `progress_data.blocks`) and output.
 */
export class PipelineExecution extends resourceObject<PipelineExecutionData>() {
  /** Whether it ended (completed, failed or cancelled). */
  isDone(): boolean {
    return (TERMINAL_PIPELINE_STATUSES as readonly string[]).includes(this.status);
  }

  /** Reads its fields again. */
  refresh(options?: RequestOptions): APIPromise<PipelineExecution> {
    return this._client.pipelineExecutions.retrieve(this.id, options)._map((e) => this._assign(e.toJSON()));
  }

  /** Polls every 2 s (`pollInterval`) until it ended; `JobWaitTimeoutError` after `timeout` ms. */
  waitForCompletion(options?: ExecutionWaitOptions<PipelineExecution>): APIPromise<PipelineExecution> {
    return this._client.pipelineExecutions
      .waitForCompletion(this.id, options)
      ._map((e) => this._assign(e.toJSON()));
  }

  /** Cancels it (a `ValidationError` naming the status once it ended). */
  cancel(reason?: string, options?: RequestOptions): APIPromise<PipelineExecution> {
    return this._client.pipelineExecutions
      .cancel(this.id, { reason }, options)
      ._map((e) => this._assign(e.toJSON()));
  }

  /** Reports status, progress or output (executions created with `executor: "external"`). */
  update(body: PipelineExecutionUpdate, options?: RequestOptions): APIPromise<PipelineExecution> {
    return this._client.pipelineExecutions
      .update(this.id, body, options)
      ._map((e) => this._assign(e.toJSON()));
  }

  /** Its output, downloaded through the signed URL when it was too large to send inline. */
  getOutput(options?: RequestOptions): APIPromise<Record<string, unknown>> {
    return this._client.pipelineExecutions.getOutput(this.id, options);
  }
}
