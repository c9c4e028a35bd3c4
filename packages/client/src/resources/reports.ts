import type { Client } from "openapi-fetch";
import { paginate } from "../core/pagination.js";
import type { components, operations, paths } from "../generated/schema.js";

export type Report = components["schemas"]["Report"];
export type ReportPage = components["schemas"]["ReportPage"];
export type ReportCreate = components["schemas"]["ReportCreate"];
export type ReportListQuery = NonNullable<operations["listReports"]["parameters"]["query"]>;
type Options = { signal?: AbortSignal };

/** `client.reports`: self-contained HTML reports on models, and their metadata. */
export class Reports {
  constructor(private readonly raw: Client<paths>) {}

  /** Renders a report on a model (or on the model a deployment serves); answers its metadata. */
  async create(body: ReportCreate, options: Options & { idempotencyKey?: string } = {}): Promise<Report> {
    const { data } = await this.raw.POST("/v1/reports", {
      body,
      headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
      signal: options.signal,
    });
    return data as Report;
  }

  /** The report's metadata, with every chart's Vega-Lite spec. */
  async retrieve(reportId: string, options: Options = {}): Promise<Report> {
    const { data } = await this.raw.GET("/v1/reports/{report_id}", {
      params: { path: { report_id: reportId } },
      headers: { accept: "application/json" },
      signal: options.signal,
    });
    return data as Report;
  }

  /** The report page as HTML; with `path` (Node) also written there. */
  async html(reportId: string, options: Options & { path?: string } = {}): Promise<string> {
    const { data } = await this.raw.GET("/v1/reports/{report_id}", {
      params: { path: { report_id: reportId } },
      headers: { accept: "text/html" },
      parseAs: "text",
      signal: options.signal,
    });
    const html = data as unknown as string;
    if (options.path) await (await import("node:fs/promises")).writeFile(options.path, html);
    return html;
  }

  async list(query: ReportListQuery = {}, options: Options = {}): Promise<ReportPage> {
    const { data } = await this.raw.GET("/v1/reports", { params: { query }, signal: options.signal });
    return data as ReportPage;
  }

  listAll(
    query: Omit<ReportListQuery, "page" | "page_size"> = {},
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ) {
    return paginate<Report>((page, signal) => this.list({ ...query, ...page }, { signal }), options);
  }

  async delete(reportId: string, options: Options = {}): Promise<void> {
    await this.raw.DELETE("/v1/reports/{report_id}", {
      params: { path: { report_id: reportId } },
      signal: options.signal,
    });
  }
}
