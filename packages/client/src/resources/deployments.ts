import type { Client } from "openapi-fetch";
import { paginate } from "../core/pagination.js";
import type { components, operations, paths } from "../generated/schema.js";

export type Deployment = components["schemas"]["Deployment"];
export type DeploymentPage = components["schemas"]["DeploymentPage"];
export type DeploymentCreate = components["schemas"]["DeploymentCreate"];
export type DeploymentHistoryEntry = components["schemas"]["DeploymentHistoryEntry"];
export type DeploymentHistoryPage = components["schemas"]["DeploymentHistoryPage"];
export type DeploymentPredictResponse = components["schemas"]["DeploymentPredictResponse"];
export type DeploymentListQuery = NonNullable<operations["listDeployments"]["parameters"]["query"]>;
type Options = { signal?: AbortSignal };
type Rows = Record<string, unknown>[] | { samples: unknown[][]; feature_names: string[] };

/** `client.deployments`: named endpoints serving a model; switch to another model and roll back. */
export class Deployments {
  constructor(private readonly raw: Client<paths>) {}

  /** Deploys a model under a name unique in your team. */
  async create(
    body: DeploymentCreate,
    options: Options & { idempotencyKey?: string } = {},
  ): Promise<Deployment> {
    const { data } = await this.raw.POST("/v1/deployments", {
      body,
      headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
      signal: options.signal,
    });
    return data as Deployment;
  }

  async retrieve(deploymentId: string, options: Options = {}): Promise<Deployment> {
    const { data } = await this.raw.GET("/v1/deployments/{deployment_id}", {
      params: { path: { deployment_id: deploymentId } },
      signal: options.signal,
    });
    return data as Deployment;
  }

  async list(query: DeploymentListQuery = {}, options: Options = {}): Promise<DeploymentPage> {
    const { data } = await this.raw.GET("/v1/deployments", { params: { query }, signal: options.signal });
    return data as DeploymentPage;
  }

  /** Every deployment matching `query`, page after page. */
  listAll(
    query: Omit<DeploymentListQuery, "page" | "page_size"> = {},
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ) {
    return paginate<Deployment>((page, signal) => this.list({ ...query, ...page }, { signal }), options);
  }

  /** Predicts rows (records, or `{samples, feature_names}`) with the deployment's current model. */
  async predict(deploymentId: string, rows: Rows, options: Options = {}): Promise<DeploymentPredictResponse> {
    const body = Array.isArray(rows) ? { records: rows } : rows;
    const { data } = await this.raw.POST("/v1/deployments/{deployment_id}/predict", {
      params: { path: { deployment_id: deploymentId } },
      body,
      signal: options.signal,
    });
    return data as DeploymentPredictResponse;
  }

  /** Serves another model (same task kind and label) from the deployment. */
  async switchModel(
    deploymentId: string,
    body: { model_id: string; reason?: string },
    options: Options = {},
  ): Promise<Deployment> {
    const { data } = await this.raw.POST("/v1/deployments/{deployment_id}/switch", {
      params: { path: { deployment_id: deploymentId } },
      body,
      signal: options.signal,
    });
    return data as Deployment;
  }

  /** Goes back to the model served before the current one (or to `model_id`, served earlier). */
  async rollback(
    deploymentId: string,
    body: { model_id?: string; reason?: string } = {},
    options: Options = {},
  ): Promise<Deployment> {
    const { data } = await this.raw.POST("/v1/deployments/{deployment_id}/rollback", {
      params: { path: { deployment_id: deploymentId } },
      body,
      signal: options.signal,
    });
    return data as Deployment;
  }

  /** One page of the models the deployment has served, newest first. */
  async history(
    deploymentId: string,
    query: NonNullable<operations["listDeploymentHistory"]["parameters"]["query"]> = {},
    options: Options = {},
  ): Promise<DeploymentHistoryPage> {
    const { data } = await this.raw.GET("/v1/deployments/{deployment_id}/history", {
      params: { path: { deployment_id: deploymentId }, query },
      signal: options.signal,
    });
    return data as DeploymentHistoryPage;
  }

  async delete(deploymentId: string, options: Options = {}): Promise<void> {
    await this.raw.DELETE("/v1/deployments/{deployment_id}", {
      params: { path: { deployment_id: deploymentId } },
      signal: options.signal,
    });
  }
}
