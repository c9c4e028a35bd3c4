import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import { Monitor } from "./monitor.js";

export type MonitorCreate = components["schemas"]["MonitorCreate"];
export type MonitorBatch = components["schemas"]["MonitorBatch"];
export type FeatureDrift = components["schemas"]["FeatureDrift"];
export type MonitorListQuery = NonNullable<operations["listMonitors"]["parameters"]["query"]>;
type BatchQuery = NonNullable<operations["listMonitorBatches"]["parameters"]["query"]>;

const path = (monitorId: string) => ({ path: { monitor_id: monitorId } });

/** `client.monitors`: drift and performance monitors on a deployment's rows. */
export class Monitors extends APIResource {
  /** Creates a monitor; its reference distribution comes from the deployed model's training data. */
  create(body: MonitorCreate, options?: RequestOptions): APIPromise<Monitor> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/monitors", { body, ...init }),
      options,
      (data) => new Monitor(this._client, data),
    );
  }

  /** The monitor with its latest batches. */
  retrieve(monitorId: string, options?: RequestOptions): APIPromise<Monitor> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/monitors/{monitor_id}", { params: path(monitorId), ...init }),
      options,
      (data) => new Monitor(this._client, data),
    );
  }

  /** One page of monitors; `for await` over the call walks every page. */
  list(query: MonitorListQuery = {}, options?: RequestOptions): PagePromise<Monitor> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/monitors", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new Monitor(this._client, data),
    );
  }

  /**
   * Evaluates new rows for drift, and for performance when they carry the label column; `"captured"` evaluates
   * the rows the deployment's predictions fed the monitor.
   */
  submitBatch(
    monitorId: string,
    rows: Record<string, unknown>[] | "captured",
    options?: RequestOptions,
  ): APIPromise<MonitorBatch> {
    const body = rows === "captured" ? { captured: true } : { records: rows };
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/monitors/{monitor_id}/batches", {
          params: path(monitorId),
          body,
          ...init,
        }),
      options,
    );
  }

  /** The monitor's batches (its history), newest first; `for await` walks every page. */
  batches(monitorId: string, query: BatchQuery = {}, options?: RequestOptions): PagePromise<MonitorBatch> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/monitors/{monitor_id}/batches", {
          params: { ...path(monitorId), query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (batch) => batch,
    );
  }

  delete(monitorId: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) => this._client.raw.DELETE("/v1/monitors/{monitor_id}", { params: path(monitorId), ...init }),
      options,
      () => undefined,
    );
  }
}
