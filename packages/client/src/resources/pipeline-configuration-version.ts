import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";
import type { PipelineConfiguration } from "./pipeline.js";
import type { PipelineExecution } from "./pipeline-execution.js";
import type { PipelineExecutionCreate } from "./pipeline-executions.js";

/** A configuration version's fields as the API sends them. */
export type PipelineConfigurationVersionData = components["schemas"]["PipelineConfigurationVersion"];

/** A configuration version: the blocks and connections of one version of a pipeline. */
export class PipelineConfigurationVersion extends resourceObject<PipelineConfigurationVersionData>() {
  /** Replaces the configuration of a draft (`ConflictError` once published). */
  update(
    configuration: PipelineConfiguration,
    options?: RequestOptions,
  ): APIPromise<PipelineConfigurationVersion> {
    return this._client.pipelineConfigurationVersions
      .update(this.id, { configuration }, options)
      ._map((v) => this._assign(v.toJSON()));
  }

  /** Publishes it: it never changes again. */
  publish(options?: RequestOptions): APIPromise<PipelineConfigurationVersion> {
    return this._client.pipelineConfigurationVersions
      .publish(this.id, options)
      ._map((v) => this._assign(v.toJSON()));
  }

  /** A new draft with the same configuration and the pipeline's next version number. */
  clone(options?: RequestOptions): APIPromise<PipelineConfigurationVersion> {
    return this._client.pipelineConfigurationVersions.clone(this.id, options);
  }

  delete(options?: RequestOptions): APIPromise<void> {
    return this._client.pipelineConfigurationVersions.delete(this.id, options);
  }

  /** Runs it on `input` (checked against its input block's schema). */
  execute(
    input: Record<string, unknown>,
    summary: string,
    extra: Omit<
      PipelineExecutionCreate,
      "pipeline_configuration_version_id" | "pipeline_input" | "pipeline_input_summary"
    > = {},
    options?: RequestOptions,
  ): APIPromise<PipelineExecution> {
    return this._client.pipelineExecutions.create(
      {
        ...extra,
        pipeline_configuration_version_id: this.id,
        pipeline_input: input,
        pipeline_input_summary: summary,
      },
      options,
    );
  }
}
