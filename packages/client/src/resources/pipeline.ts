import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";
import type { PipelineConfigurationVersion } from "./pipeline-configuration-version.js";
import type { PipelineExecution } from "./pipeline-execution.js";
import type { PipelineExecutionListQuery } from "./pipeline-executions.js";

/** A pipeline's fields as the API sends them. */
export type PipelineData = components["schemas"]["Pipeline"];
export type PipelineUpdate = components["schemas"]["PipelineUpdate"];
export type PipelineConfiguration = components["schemas"]["PipelineConfiguration"];

/**
 * A pipeline (`client.pipelines.retrieve`, `create`, `list`…): a named container of configuration versions.
 *
 * @example
 * const pipeline = await parzen.pipelines.create({ name: "Churn" });
 * const version = await pipeline.createVersion(configuration);
 * const run = await version.execute({}, "nightly");
 * const done = await run.waitForCompletion();
 */
export class Pipeline extends resourceObject<PipelineData>() {
  /** Renames or redescribes it; this object takes the new fields too. */
  update(body: PipelineUpdate, options?: RequestOptions): APIPromise<Pipeline> {
    return this._client.pipelines.update(this.id, body, options)._map((p) => this._assign(p.toJSON()));
  }

  /** Deletes it with its versions and executions. */
  delete(options?: RequestOptions): APIPromise<void> {
    return this._client.pipelines.delete(this.id, options);
  }

  /** Adds a configuration version (a draft, numbered after the last one). */
  createVersion(
    configuration: PipelineConfiguration,
    options?: RequestOptions,
  ): APIPromise<PipelineConfigurationVersion> {
    return this._client.pipelineConfigurationVersions.create(
      { pipeline_id: this.id, configuration },
      options,
    );
  }

  /** Its configuration versions, oldest first. */
  listVersions(options?: RequestOptions): PagePromise<PipelineConfigurationVersion> {
    return this._client.pipelineConfigurationVersions.list({ pipeline_ids: [this.id] }, options);
  }

  /** Its executions (through its versions), oldest first unless `query` says otherwise. */
  listExecutions(
    query: Omit<PipelineExecutionListQuery, "pipeline_ids"> = {},
    options?: RequestOptions,
  ): PagePromise<PipelineExecution> {
    return this._client.pipelineExecutions.list({ ...query, pipeline_ids: [this.id] }, options);
  }
}
