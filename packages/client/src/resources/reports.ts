import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import { saveText } from "../core/platform.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import type { components, operations } from "../generated/schema.js";
import { Report } from "./report.js";

export type ReportCreate = components["schemas"]["ReportCreate"];
export type ReportListQuery = NonNullable<operations["listReports"]["parameters"]["query"]>;

const path = (reportId: string) => ({ path: { report_id: reportId } });

/** `client.reports`: self-contained HTML reports on models, and their metadata. */
export class Reports extends APIResource {
  /** Renders a report on a model (or on the model a deployment serves); answers its metadata. */
  create(body: ReportCreate, options?: RequestOptions): APIPromise<Report> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/reports", { body, ...init }),
      options,
      (data) => new Report(this._client, data),
    );
  }

  /** The report's metadata, with every chart's Vega-Lite spec. */
  retrieve(reportId: string, options?: RequestOptions): APIPromise<Report> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/reports/{report_id}", {
          params: path(reportId),
          headers: { accept: "application/json" },
          ...init,
        }),
      options,
      (data) => new Report(this._client, data as components["schemas"]["Report"]),
    );
  }

  /** The report page as HTML; with `path` (Node) also written there. */
  html(reportId: string, options: RequestOptions & { path?: string } = {}): APIPromise<string> {
    const { path: target, ...call } = options;
    return this._client
      ._request(
        (init) =>
          this._client.raw.GET("/v1/reports/{report_id}", {
            params: path(reportId),
            headers: { accept: "text/html" },
            parseAs: "text",
            ...init,
          }),
        call,
      )
      ._map(async (data) => {
        const html = data as unknown as string;
        if (target) await saveText(target, html);
        return html;
      });
  }

  /** One page of reports (metadata); `for await` over the call walks every page. */
  list(query: ReportListQuery = {}, options?: RequestOptions): PagePromise<Report> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/reports", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new Report(this._client, data),
    );
  }

  delete(reportId: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) => this._client.raw.DELETE("/v1/reports/{report_id}", { params: path(reportId), ...init }),
      options,
      () => undefined,
    );
  }
}
