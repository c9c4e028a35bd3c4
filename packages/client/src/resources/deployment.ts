import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components, operations } from "../generated/schema.js";
import type { DeploymentHistoryEntry, DeploymentPredictResponse, PredictRows } from "./deployments.js";
import type { Monitor } from "./monitor.js";
import type { MonitorCreate } from "./monitors.js";
import type { Report } from "./report.js";
import type { ReportCreate } from "./reports.js";

/** A deployment's fields as the API sends them. */
export type DeploymentData = components["schemas"]["Deployment"];

/** A deployment (`client.deployments.retrieve`, `create`, `list`…): its fields plus actions. */
export class Deployment extends resourceObject<DeploymentData>() {
  /** Predicts rows with the model served now. */
  predict(rows: PredictRows, options?: RequestOptions): APIPromise<DeploymentPredictResponse> {
    return this._client.deployments.predict(this.id, rows, options);
  }

  /** Serves another model; this object takes the new fields. */
  switchModel(body: { model_id: string; reason?: string }, options?: RequestOptions): APIPromise<Deployment> {
    return this._client.deployments.switchModel(this.id, body, options)._map((d) => this._assign(d.toJSON()));
  }

  /** Goes back to the previous model (or to `model_id`, served before); this object takes the new fields. */
  rollback(
    body: { model_id?: string; reason?: string } = {},
    options?: RequestOptions,
  ): APIPromise<Deployment> {
    return this._client.deployments.rollback(this.id, body, options)._map((d) => this._assign(d.toJSON()));
  }

  /** The models this deployment has served, newest first. */
  history(
    query: NonNullable<operations["listDeploymentHistory"]["parameters"]["query"]> = {},
    options?: RequestOptions,
  ): PagePromise<DeploymentHistoryEntry> {
    return this._client.deployments.history(this.id, query, options);
  }

  /** Watches this deployment's rows for drift (and performance, with labels). */
  createMonitor(
    body: Omit<MonitorCreate, "deployment_id"> = {},
    options?: RequestOptions,
  ): APIPromise<Monitor> {
    return this._client.monitors.create({ ...body, deployment_id: this.id }, options);
  }

  /** A report on the model this deployment serves now. */
  createReport(
    body: Omit<ReportCreate, "deployment_id" | "model_id"> = {},
    options?: RequestOptions,
  ): APIPromise<Report> {
    return this._client.reports.create({ ...body, deployment_id: this.id }, options);
  }

  /** Deletes the deployment with its history and monitors (the models stay). */
  delete(options?: RequestOptions): APIPromise<void> {
    return this._client.deployments.delete(this.id, options);
  }
}
