import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";

/** A report's metadata as the API sends it (sections, and every chart's Vega-Lite spec). */
export type ReportData = components["schemas"]["Report"];

/** A report (`client.reports.create`, `retrieve`, `list`…): its metadata plus its page. */
export class Report extends resourceObject<ReportData>() {
  /** The page as HTML; with `path` (Node) also written there. */
  html(options?: RequestOptions & { path?: string }): APIPromise<string> {
    return this._client.reports.html(this.id, options);
  }

  delete(options?: RequestOptions): APIPromise<void> {
    return this._client.reports.delete(this.id, options);
  }
}
