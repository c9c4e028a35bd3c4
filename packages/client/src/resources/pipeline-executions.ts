import { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import { type ExecutionWaitOptions, waitUntilEnded } from "./execution-wait.js";
import { PipelineExecution } from "./pipeline-execution.js";

export type PipelineExecutionCreate = components["schemas"]["PipelineExecutionCreate"];
export type PipelineExecutionUpdate = components["schemas"]["PipelineExecutionUpdate"];
export type PipelineExecutionOutput = components["schemas"]["PipelineExecutionOutput"];
export type PipelineExecutionListQuery = NonNullable<
  operations["listPipelineExecutions"]["parameters"]["query"]
>;

const path = (id: string) => ({ path: { pipeline_execution_id: id } });

/**
 * `client.pipelineExecutions`: runs of configuration versions — start, follow, report into (external workers),
 * cancel, and read the output wherever it is stored.
 */
export class PipelineExecutions extends APIResource {
  /** One page, oldest first; filters by pipelines, versions, executions, `status` / `statuses`. */
  list(query: PipelineExecutionListQuery = {}, options?: RequestOptions): PagePromise<PipelineExecution> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/pipeline-executions", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new PipelineExecution(this._client, data),
    );
  }

  retrieve(id: string, options?: RequestOptions): APIPromise<PipelineExecution> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/pipeline-executions/{pipeline_execution_id}", {
          params: path(id),
          ...init,
        }),
      options,
      (data) => new PipelineExecution(this._client, data),
    );
  }

  /** Starts an execution (`pending`); sent with an Idempotency-Key, so a retry never starts it twice. */
  create(body: PipelineExecutionCreate, options?: RequestOptions): APIPromise<PipelineExecution> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/pipeline-executions", { body, ...init }),
      { idempotencyKey: globalThis.crypto.randomUUID(), ...options },
      (data) => new PipelineExecution(this._client, data),
    );
  }

  /** A worker's report: status (its time is stamped), progress, output. */
  update(id: string, body: PipelineExecutionUpdate, options?: RequestOptions): APIPromise<PipelineExecution> {
    return this._client._request(
      (init) =>
        this._client.raw.PATCH("/v1/pipeline-executions/{pipeline_execution_id}", {
          params: path(id),
          body,
          ...init,
        }),
      options,
      (data) => new PipelineExecution(this._client, data),
    );
  }

  /** Cancels a pending, running or paused execution; a terminal one is a `ValidationError` naming its status. */
  cancel(
    id: string,
    body: { reason?: string | null } = {},
    options?: RequestOptions,
  ): APIPromise<PipelineExecution> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/pipeline-executions/{pipeline_execution_id}/cancel", {
          params: path(id),
          body,
          ...init,
        }),
      options,
      (data) => new PipelineExecution(this._client, data),
    );
  }

  /** Where the output is: inline, or a signed download URL (see `getOutput` for the output itself). */
  getOutputInfo(id: string, options?: RequestOptions): APIPromise<PipelineExecutionOutput> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/pipeline-executions/{pipeline_execution_id}/output", {
          params: path(id),
          ...init,
        }),
      options,
    );
  }

  /** The output itself: inline when small, else downloaded through the signed URL the server hands out. */
  getOutput(id: string, options: RequestOptions = {}): APIPromise<Record<string, unknown>> {
    return new APIPromise(
      this._client._answer(async () => {
        const info = await this.getOutputInfo(id, options).withResponse();
        if (info.data.storage === "inline" || !info.data.download_url)
          return { data: info.data.output ?? {}, response: info.response };
        const url = new URL(info.data.download_url, this._client.baseUrl);
        const query = {
          expires: Number(url.searchParams.get("expires")),
          signature: String(url.searchParams.get("signature")),
        };
        return this._client
          ._request(
            (init) =>
              this._client.raw.GET("/v1/pipeline-executions/{pipeline_execution_id}/output/content", {
                params: { ...path(id), query },
                ...init,
              }),
            options,
          )
          .withResponse() as Promise<{ data: Record<string, unknown>; response: Response }>;
      }, options.signal),
    );
  }

  /** Polls every `pollInterval` ms (default 2000) until it ended, and returns it (a failed one is returned). */
  waitForCompletion(
    id: string,
    options?: ExecutionWaitOptions<PipelineExecution>,
  ): APIPromise<PipelineExecution> {
    return waitUntilEnded(
      this._client,
      (call) => this.retrieve(id, call),
      (e) => e.isDone(),
      options,
    );
  }
}
