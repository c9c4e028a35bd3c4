import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import { Deployment } from "./deployment.js";

export type DeploymentCreate = components["schemas"]["DeploymentCreate"];
export type DeploymentHistoryEntry = components["schemas"]["DeploymentHistoryEntry"];
export type DeploymentPredictResponse = components["schemas"]["DeploymentPredictResponse"];
export type DeploymentListQuery = NonNullable<operations["listDeployments"]["parameters"]["query"]>;
type HistoryQuery = NonNullable<operations["listDeploymentHistory"]["parameters"]["query"]>;
/** Rows to predict: records (`[{col: value}]`), or `{samples, feature_names}` (the teacher wire format). */
export type PredictRows = Record<string, unknown>[] | { samples: unknown[][]; feature_names: string[] };

const path = (deploymentId: string) => ({ path: { deployment_id: deploymentId } });

/** `client.deployments`: named endpoints serving a model; switch to another model and roll back. */
export class Deployments extends APIResource {
  /** Deploys a model under a name unique in your team. */
  create(body: DeploymentCreate, options?: RequestOptions): APIPromise<Deployment> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/deployments", { body, ...init }),
      options,
      (data) => new Deployment(this._client, data),
    );
  }

  retrieve(deploymentId: string, options?: RequestOptions): APIPromise<Deployment> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/deployments/{deployment_id}", { params: path(deploymentId), ...init }),
      options,
      (data) => new Deployment(this._client, data),
    );
  }

  /** One page of deployments; `for await` over the call walks every page. */
  list(query: DeploymentListQuery = {}, options?: RequestOptions): PagePromise<Deployment> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/deployments", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new Deployment(this._client, data),
    );
  }

  /** Predicts rows with the deployment's current model (the wire formats of `models.predict`). */
  predict(
    deploymentId: string,
    rows: PredictRows,
    options?: RequestOptions,
  ): APIPromise<DeploymentPredictResponse> {
    const body = Array.isArray(rows) ? { records: rows } : rows;
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/deployments/{deployment_id}/predict", {
          params: path(deploymentId),
          body,
          ...init,
        }),
      options,
    );
  }

  /** Serves another model (same task kind and label) from the deployment. */
  switchModel(
    deploymentId: string,
    body: { model_id: string; reason?: string },
    options?: RequestOptions,
  ): APIPromise<Deployment> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/deployments/{deployment_id}/switch", {
          params: path(deploymentId),
          body,
          ...init,
        }),
      options,
      (data) => new Deployment(this._client, data),
    );
  }

  /** Goes back to the model served before the current one (or to `model_id`, served earlier). */
  rollback(
    deploymentId: string,
    body: { model_id?: string; reason?: string } = {},
    options?: RequestOptions,
  ): APIPromise<Deployment> {
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/deployments/{deployment_id}/rollback", {
          params: path(deploymentId),
          body,
          ...init,
        }),
      options,
      (data) => new Deployment(this._client, data),
    );
  }

  /** The models the deployment has served, newest first; `for await` walks every page. */
  history(
    deploymentId: string,
    query: HistoryQuery = {},
    options?: RequestOptions,
  ): PagePromise<DeploymentHistoryEntry> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/deployments/{deployment_id}/history", {
          params: { ...path(deploymentId), query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (entry) => entry,
    );
  }

  delete(deploymentId: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) =>
        this._client.raw.DELETE("/v1/deployments/{deployment_id}", { params: path(deploymentId), ...init }),
      options,
      () => undefined,
    );
  }
}
