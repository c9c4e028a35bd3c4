import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components, operations } from "../generated/schema.js";
import type { MonitorBatch } from "./monitors.js";

/** A monitor's fields as the API sends them (settings, counts, latest batches). */
export type MonitorData = components["schemas"]["Monitor"];

/** A drift monitor on a deployment (`client.monitors.create`, `retrieve`, `list`…): its fields plus actions. */
export class Monitor extends resourceObject<MonitorData>() {
  /** Evaluates rows (with the label column for performance), or `"captured"` predictions. */
  submitBatch(
    rows: Record<string, unknown>[] | "captured",
    options?: RequestOptions,
  ): APIPromise<MonitorBatch> {
    return this._client.monitors.submitBatch(this.id, rows, options);
  }

  /** The monitor's batches (its history); `for await` walks every page. */
  batches(
    query: NonNullable<operations["listMonitorBatches"]["parameters"]["query"]> = {},
    options?: RequestOptions,
  ): PagePromise<MonitorBatch> {
    return this._client.monitors.batches(this.id, query, options);
  }

  /** Fetches the monitor again (new batches, counts); this object takes the new fields. */
  refresh(options?: RequestOptions): APIPromise<Monitor> {
    return this._client.monitors.retrieve(this.id, options)._map((m) => this._assign(m.toJSON()));
  }

  delete(options?: RequestOptions): APIPromise<void> {
    return this._client.monitors.delete(this.id, options);
  }
}
