import type { Client } from "openapi-fetch";
import { paginate } from "../core/pagination.js";
import type { components, operations, paths } from "../generated/schema.js";

export type Monitor = components["schemas"]["Monitor"];
export type MonitorPage = components["schemas"]["MonitorPage"];
export type MonitorCreate = components["schemas"]["MonitorCreate"];
export type MonitorBatch = components["schemas"]["MonitorBatch"];
export type MonitorBatchPage = components["schemas"]["MonitorBatchPage"];
export type FeatureDrift = components["schemas"]["FeatureDrift"];
export type MonitorListQuery = NonNullable<operations["listMonitors"]["parameters"]["query"]>;
type Options = { signal?: AbortSignal };
type PageQuery = NonNullable<operations["listMonitorBatches"]["parameters"]["query"]>;

/** `client.monitors`: drift and performance monitors on a deployment's rows. */
export class Monitors {
  constructor(private readonly raw: Client<paths>) {}

  /** Creates a monitor; its reference distribution comes from the deployed model's training data. */
  async create(body: MonitorCreate, options: Options & { idempotencyKey?: string } = {}): Promise<Monitor> {
    const { data } = await this.raw.POST("/v1/monitors", {
      body,
      headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
      signal: options.signal,
    });
    return data as Monitor;
  }

  /** The monitor with its latest batches. */
  async retrieve(monitorId: string, options: Options = {}): Promise<Monitor> {
    const { data } = await this.raw.GET("/v1/monitors/{monitor_id}", {
      params: { path: { monitor_id: monitorId } },
      signal: options.signal,
    });
    return data as Monitor;
  }

  async list(query: MonitorListQuery = {}, options: Options = {}): Promise<MonitorPage> {
    const { data } = await this.raw.GET("/v1/monitors", { params: { query }, signal: options.signal });
    return data as MonitorPage;
  }

  listAll(
    query: Omit<MonitorListQuery, "page" | "page_size"> = {},
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ) {
    return paginate<Monitor>((page, signal) => this.list({ ...query, ...page }, { signal }), options);
  }

  /**
   * Evaluates new rows for drift, and for performance when they carry the label column; `"captured"` evaluates
   * the rows the deployment's predictions fed the monitor.
   */
  async submitBatch(
    monitorId: string,
    rows: Record<string, unknown>[] | "captured",
    options: Options = {},
  ): Promise<MonitorBatch> {
    const { data } = await this.raw.POST("/v1/monitors/{monitor_id}/batches", {
      params: { path: { monitor_id: monitorId } },
      body: rows === "captured" ? { captured: true } : { records: rows },
      signal: options.signal,
    });
    return data as MonitorBatch;
  }

  /** One page of the monitor's batches (its history). */
  async batches(monitorId: string, query: PageQuery = {}, options: Options = {}): Promise<MonitorBatchPage> {
    const { data } = await this.raw.GET("/v1/monitors/{monitor_id}/batches", {
      params: { path: { monitor_id: monitorId }, query },
      signal: options.signal,
    });
    return data as MonitorBatchPage;
  }

  async delete(monitorId: string, options: Options = {}): Promise<void> {
    await this.raw.DELETE("/v1/monitors/{monitor_id}", {
      params: { path: { monitor_id: monitorId } },
      signal: options.signal,
    });
  }
}
