import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import type { PipelineConfiguration } from "./pipeline.js";
import { PipelineConfigurationVersion } from "./pipeline-configuration-version.js";

export type PipelineConfigurationVersionCreate = {
  pipeline_id: string;
  configuration: PipelineConfiguration;
};
export type PipelineConfigurationVersionListQuery = NonNullable<
  operations["listPipelineConfigurationVersions"]["parameters"]["query"]
>;
export type PipelineValidation = components["schemas"]["PipelineValidation"];

const path = (id: string) => ({ path: { pipeline_configuration_version_id: id } });

/**
 * `client.pipelineConfigurationVersions`: the versioned configurations of pipelines — create (validated), update
 * drafts, clone, publish, validate without storing, and the configuration's JSON Schema.
 */
export class PipelineConfigurationVersions extends APIResource {
  /** One page, oldest first; filters `pipeline_ids`, `pipeline_configuration_version_ids`. */
  list(
    query: PipelineConfigurationVersionListQuery = {},
    options?: RequestOptions,
  ): PagePromise<PipelineConfigurationVersion> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/pipeline-configuration-versions", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new PipelineConfigurationVersion(this._client, data),
    );
  }

  retrieve(id: string, options?: RequestOptions): APIPromise<PipelineConfigurationVersion> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/pipeline-configuration-versions/{pipeline_configuration_version_id}", {
          params: path(id),
          ...init,
        }),
      options,
      (data) => new PipelineConfigurationVersion(this._client, data),
    );
  }

  /** Adds a draft version to a pipeline; an invalid configuration is a `ValidationError` listing every error. */
  create(
    body: PipelineConfigurationVersionCreate,
    options?: RequestOptions,
  ): APIPromise<PipelineConfigurationVersion> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/pipeline-configuration-versions", { body, ...init }),
      options,
      (data) => new PipelineConfigurationVersion(this._client, data),
    );
  }

  /** Replaces a draft's configuration (`ConflictError` for a published version). */
  update(
    id: string,
    body: { configuration: PipelineConfiguration },
    options?: RequestOptions,
  ): APIPromise<PipelineConfigurationVersion> {
    return this._client._request(
      (init) =>
        this._client.raw.PATCH("/v1/pipeline-configuration-versions/{pipeline_configuration_version_id}", {
          params: path(id),
          body,
          ...init,
        }),
      options,
      (data) => new PipelineConfigurationVersion(this._client, data),
    );
  }

  delete(id: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) =>
        this._client.raw.DELETE("/v1/pipeline-configuration-versions/{pipeline_configuration_version_id}", {
          params: path(id),
          ...init,
        }),
      options,
      () => undefined,
    );
  }

  /** A new draft copying `id`: a new id and the pipeline's next version number. */
  clone(id: string, options?: RequestOptions): APIPromise<PipelineConfigurationVersion> {
    return this._client._request(
      (init) =>
        this._client.raw.POST(
          "/v1/pipeline-configuration-versions/{pipeline_configuration_version_id}/clone",
          {
            params: path(id),
            ...init,
          },
        ),
      { idempotencyKey: globalThis.crypto.randomUUID(), ...options },
      (data) => new PipelineConfigurationVersion(this._client, data),
    );
  }

  /** Publishes a version (harmless when already published). */
  publish(id: string, options?: RequestOptions): APIPromise<PipelineConfigurationVersion> {
    return this._client._request(
      (init) =>
        this._client.raw.POST(
          "/v1/pipeline-configuration-versions/{pipeline_configuration_version_id}/publish",
          {
            params: path(id),
            ...init,
          },
        ),
      options,
      (data) => new PipelineConfigurationVersion(this._client, data),
    );
  }

  /** Checks a configuration without storing it: every schema and graph error with its JSONPath. */
  validate(configuration: unknown, options?: RequestOptions): APIPromise<PipelineValidation> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/pipeline-configuration-versions/validate", {
          body: { configuration },
          ...init,
        }),
      options,
    );
  }

  /** The JSON Schema every configuration must satisfy. */
  getSchema(options?: RequestOptions): APIPromise<Record<string, unknown>> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/pipeline-configuration-versions/schema", { ...init }),
      options,
    );
  }
}
