import { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import { streamed } from "../core/streamed.js";
import { multipartBody, prepareUpload, type UploadSource } from "../core/uploads.js";
import type { components, operations } from "../generated/schema.js";
import { AgenticExecution, type AgenticExecutionData } from "./agentic-execution.js";
import { type ExecutionWaitOptions, waitUntilEnded } from "./execution-wait.js";

export type AgenticExecutionStatus = components["schemas"]["AgenticExecutionStatus"];
export type AgenticExecutionListQuery = NonNullable<
  operations["listAgenticExecutions"]["parameters"]["query"]
>;

/** What starting an execution takes: the type, its input, and optionally files (paths, bytes, Blobs, streams). */
export interface AgenticExecutionStart {
  execution_key: string;
  input?: Record<string, unknown>;
  /** Sent as `files[]` parts of a streamed multipart request (the agent must have file uploads enabled). */
  files?: UploadSource[];
}

const path = (executionId: string) => ({ path: { execution_id: executionId } });

/**
 * `client.agenticExecutions`: typed executions of an agent's execution types — start (JSON, or multipart with
 * files), retrieve, list (25 a page, newest first), cancel, wait.
 */
export class AgenticExecutions extends APIResource {
  /**
   * Starts an execution and returns it `pending`. Sent with an Idempotency-Key, so a retry never starts it twice;
   * with files it is retried only when every file can be read again (not one-shot streams).
   */
  create(
    agentId: string,
    body: AgenticExecutionStart,
    options: RequestOptions = {},
  ): APIPromise<AgenticExecution> {
    const call = { idempotencyKey: globalThis.crypto.randomUUID(), ...options };
    const { files, ...json } = body;
    if (!files?.length) {
      return this._client._request(
        (init) =>
          this._client.raw.POST("/v1/agents/{agent_id}/agentic-executions", {
            params: { path: { agent_id: agentId } },
            body: json,
            ...init,
          }),
        call,
        (data) => new AgenticExecution(this._client, data),
      );
    }
    return new APIPromise(
      this._client._answer(async () => {
        const uploads = await Promise.all(files.map((f) => prepareUpload(f)));
        const form = multipartBody(
          uploads,
          { execution_key: json.execution_key, input: JSON.stringify(json.input ?? {}) },
          "files[]",
        );
        const length = form.length === undefined ? {} : { "content-length": String(form.length) };
        const url = `${this._client.baseUrl}/v1/agents/${encodeURIComponent(agentId)}/agentic-executions`;
        const request = () =>
          streamed(
            new Request(url, {
              method: "POST",
              body: form.body(),
              headers: { "content-type": form.contentType, ...length },
              duplex: "half",
            } as RequestInit),
          );
        const maxRetries = uploads.every((u) => u.replayable) ? call.maxRetries : 0;
        return this._client
          ._send<AgenticExecutionData>(request, { ...call, maxRetries })
          ._map((data) => new AgenticExecution(this._client, data))
          .withResponse();
      }, options.signal),
    );
  }

  retrieve(executionId: string, options?: RequestOptions): APIPromise<AgenticExecution> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/agentic-executions/{execution_id}", { params: path(executionId), ...init }),
      options,
      (data) => new AgenticExecution(this._client, data),
    );
  }

  /** One page of executions, newest first (25 a page); filters `agent_id`, `status`, `dataset_id`. */
  list(query: AgenticExecutionListQuery = {}, options?: RequestOptions): PagePromise<AgenticExecution> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/agentic-executions", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new AgenticExecution(this._client, data),
    );
  }

  /** Every execution matching `query`, 100 a page. */
  listAll(
    query: Omit<AgenticExecutionListQuery, "page" | "page_size"> = {},
    options: RequestOptions & { pageSize?: number } = {},
  ) {
    const { pageSize, ...call } = options;
    return this.list({ ...query, page_size: pageSize ?? 100 }, call);
  }

  /** Asks an execution to stop: it then reads `failed` with `failure_code` `cancelled` (`ConflictError` once ended). */
  cancel(executionId: string, options?: RequestOptions): APIPromise<AgenticExecution> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/agentic-executions/{execution_id}/cancel", {
          params: path(executionId),
          ...init,
        }),
      { idempotencyKey: globalThis.crypto.randomUUID(), ...options },
      (data) => new AgenticExecution(this._client, data),
    );
  }

  /**
   * Polls every `pollInterval` ms (default 2000) until the execution is `finished` or `failed`, and returns it (a
   * failed one is returned, not thrown); `JobWaitTimeoutError` once `timeout` ms have passed.
   */
  waitForCompletion(
    executionId: string,
    options?: ExecutionWaitOptions<AgenticExecution>,
  ): APIPromise<AgenticExecution> {
    return waitUntilEnded(
      this._client,
      (call) => this.retrieve(executionId, call),
      (e) => e.isDone(),
      options,
    );
  }
}
