import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import { Pipeline, type PipelineUpdate } from "./pipeline.js";

export type PipelineCreate = components["schemas"]["PipelineCreate"];
export type PipelineListQuery = NonNullable<operations["listPipelines"]["parameters"]["query"]>;

const path = (pipelineId: string) => ({ path: { pipeline_id: pipelineId } });

/** `client.pipelines`: the team's pipelines (names unique in a team: a `ConflictError` otherwise). */
export class Pipelines extends APIResource {
  /** One page (10 by default, up to 1000), oldest first; `for await` over the call walks every page. */
  list(query: PipelineListQuery = {}, options?: RequestOptions): PagePromise<Pipeline> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/pipelines", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new Pipeline(this._client, data),
    );
  }

  retrieve(pipelineId: string, options?: RequestOptions): APIPromise<Pipeline> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/pipelines/{pipeline_id}", { params: path(pipelineId), ...init }),
      options,
      (data) => new Pipeline(this._client, data),
    );
  }

  /** Creates a pipeline in your team; the same name twice is a `ConflictError`. */
  create(body: PipelineCreate, options?: RequestOptions): APIPromise<Pipeline> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/pipelines", { body, ...init }),
      options,
      (data) => new Pipeline(this._client, data),
    );
  }

  update(pipelineId: string, body: PipelineUpdate, options?: RequestOptions): APIPromise<Pipeline> {
    return this._client._request(
      (init) =>
        this._client.raw.PATCH("/v1/pipelines/{pipeline_id}", { params: path(pipelineId), body, ...init }),
      options,
      (data) => new Pipeline(this._client, data),
    );
  }

  /** Deletes a pipeline with its versions and executions (running ones are cancelled first). */
  delete(pipelineId: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) => this._client.raw.DELETE("/v1/pipelines/{pipeline_id}", { params: path(pipelineId), ...init }),
      options,
      () => undefined,
    );
  }
}
