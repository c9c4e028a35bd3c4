import { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import { saveStream } from "../core/platform.js";
import { pollUntil } from "../core/poll.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import { streamed } from "../core/streamed.js";
import { multipartBody, prepareUpload, type UploadSource } from "../core/uploads.js";
import type { components, operations } from "../generated/schema.js";
import { Dataset } from "./dataset.js";
import { DatasetSchemaBuilder } from "./dataset-schema-builder.js";

export type DatasetCreate = components["schemas"]["DatasetCreate"];
export type DatasetUpdate = components["schemas"]["DatasetUpdate"];
export type DatasetVersion = components["schemas"]["DatasetVersion"];
export type DatasetVersionPage = components["schemas"]["DatasetVersionPage"];
export type DatasetSchema = components["schemas"]["DatasetSchema"];
export type DatasetColumn = components["schemas"]["DatasetColumn"];
export type DatasetSchemaCreate = components["schemas"]["DatasetSchemaCreate"];
export type ParsingOptions = components["schemas"]["ParsingOptions"];
export type DatasetProfile = components["schemas"]["DatasetProfile"];
export type DatasetPage = components["schemas"]["DatasetPage"];
export type DatasetListQuery = NonNullable<operations["listDatasets"]["parameters"]["query"]>;
export type DatasetVersionQuery = NonNullable<operations["listDatasetVersions"]["parameters"]["query"]>;
/** Data for a new version or a sample: anything `files.upload` takes, or an uploaded file by id. */
export type DataSource = UploadSource | { fileId: string };

const path = (datasetId: string) => ({ path: { dataset_id: datasetId } });
const isFileRef = (source: DataSource): source is { fileId: string } =>
  typeof source === "object" && source !== null && "fileId" in source;

/** `client.datasets`: datasets, their immutable data versions (Parquet on the server), schemas and processing. */
export class Datasets extends APIResource {
  /** Registers a dataset; with `file_id`, that uploaded file becomes version 1. */
  create(body: DatasetCreate, options?: RequestOptions): APIPromise<Dataset> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/datasets", { body, ...init }),
      options,
      (data) => new Dataset(this._client, data),
    );
  }

  /** One page of datasets (newest first); `for await` over the call walks every page. */
  list(query: DatasetListQuery = {}, options?: RequestOptions): PagePromise<Dataset> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/datasets", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new Dataset(this._client, data),
    );
  }

  /** Every dataset matching `query`, 100 a page. */
  listAll(
    query: Omit<DatasetListQuery, "page" | "page_size"> = {},
    options: RequestOptions & { pageSize?: number } = {},
  ) {
    const { pageSize, ...call } = options;
    return this.list({ ...query, page_size: pageSize ?? 100 }, call);
  }

  retrieve(datasetId: string, options?: RequestOptions): APIPromise<Dataset> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/datasets/{dataset_id}", { params: path(datasetId), ...init }),
      options,
      (data) => new Dataset(this._client, data),
    );
  }

  /**
   * Renames or re-describes a dataset; `should_process: true` runs its processing again (the answer shows
   * `processing_status: "processing"`; `waitForProcessing` waits for the end).
   */
  update(datasetId: string, body: DatasetUpdate, options?: RequestOptions): APIPromise<Dataset> {
    return this._client._request(
      (init) =>
        this._client.raw.PATCH("/v1/datasets/{dataset_id}", { params: path(datasetId), body, ...init }),
      options,
      (data) => new Dataset(this._client, data),
    );
  }

  /** Polls until the dataset is no longer `processing`, and returns it. */
  waitForProcessing(
    datasetId: string,
    options: RequestOptions & { intervalMs?: number; timeoutMs?: number } = {},
  ): APIPromise<Dataset> {
    const { intervalMs, timeoutMs, ...call } = options;
    return new APIPromise(
      this._client._answer(
        () =>
          pollUntil(
            () => this.retrieve(datasetId, call).withResponse(),
            ({ data }) => data.processing_status !== "processing",
            {
              intervalMs: intervalMs ?? 500,
              timeoutMs,
              signal: call.signal,
              what: "The dataset was still processing",
            },
          ),
        call.signal,
      ),
    );
  }

  delete(datasetId: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) => this._client.raw.DELETE("/v1/datasets/{dataset_id}", { params: path(datasetId), ...init }),
      options,
      () => undefined,
    );
  }

  /**
   * Adds a data version from a path, bytes, stream or `{fileId}` (CSV, Parquet or JSON); it must match the
   * current schema, if any. Paths and streams are streamed.
   */
  uploadData(datasetId: string, source: DataSource, options?: RequestOptions): APIPromise<DatasetVersion> {
    return this.sendData("data", datasetId, source, options);
  }

  /**
   * A version's rows as CSV text (the current version unless `versionId`); with `path` (Node) they are streamed to
   * that file instead.
   */
  downloadData(
    datasetId: string,
    options: RequestOptions & { versionId?: string; path: string },
  ): APIPromise<undefined>;
  downloadData(datasetId: string, options?: RequestOptions & { versionId?: string }): APIPromise<string>;
  downloadData(
    datasetId: string,
    options: RequestOptions & { versionId?: string; path?: string } = {},
  ): APIPromise<string | undefined> {
    const { versionId, path: target, ...call } = options;
    return this._client
      ._request(
        (init) =>
          this._client.raw.GET("/v1/datasets/{dataset_id}/data", {
            params: { ...path(datasetId), query: { version_id: versionId } },
            parseAs: target ? "stream" : "text",
            ...init,
          }),
        call,
      )
      ._map<string | undefined>((data) =>
        target ? saveStream(data as ReadableStream<Uint8Array>, target) : (data as string),
      );
  }

  /** The dataset's data versions, newest first unless asked otherwise; `for await` walks every page. */
  listDataVersions(
    datasetId: string,
    query: DatasetVersionQuery = {},
    options?: RequestOptions,
  ): PagePromise<DatasetVersion> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/datasets/{dataset_id}/versions", {
          params: { ...path(datasetId), query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (version) => version,
    );
  }

  /** Declares the columns (current by default); new data is checked against the current schema. */
  createSchema(
    datasetId: string,
    columns: DatasetColumn[],
    options: RequestOptions & Omit<DatasetSchemaCreate, "columns"> = {},
  ): APIPromise<DatasetSchema> {
    const { parsing, is_current, ...call } = options;
    return this._client._request(
      (init) =>
        this._client.raw.POST("/v1/datasets/{dataset_id}/schemas", {
          params: path(datasetId),
          body: { columns, parsing, is_current },
          ...init,
        }),
      call,
    );
  }

  /** A fluent schema: `.addColumn(...)`, `.withParsing(...)`, `.asCurrent()`, then `.create()`. */
  schemaBuilder(datasetId: string): DatasetSchemaBuilder {
    return new DatasetSchemaBuilder((body, options) =>
      this.createSchema(datasetId, body.columns, {
        ...options,
        parsing: body.parsing,
        is_current: body.is_current,
      }),
    );
  }

  /** Infers the schema from sample data (path, bytes, stream or `{fileId}`) and makes it current. */
  createSchemaFromSample(
    datasetId: string,
    source: DataSource,
    options?: RequestOptions,
  ): APIPromise<DatasetSchema> {
    return this.sendData("schemas/from-sample", datasetId, source, options);
  }

  getCurrentSchema(datasetId: string, options?: RequestOptions): APIPromise<DatasetSchema> {
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/datasets/{dataset_id}/schemas/current", {
          params: path(datasetId),
          ...init,
        }),
      options,
    );
  }

  /**
   * The data profile of the current version (or `versionId`'s): types, missing values, cardinality, duplicates,
   * constant and ID-like columns, outliers; with `labelColumn` also the task, class balance and leakage suspects.
   */
  getProfile(
    datasetId: string,
    options: RequestOptions & { versionId?: string; labelColumn?: string } = {},
  ): APIPromise<DatasetProfile> {
    const { versionId, labelColumn, ...call } = options;
    return this._client._request(
      (init) =>
        this._client.raw.GET("/v1/datasets/{dataset_id}/profile", {
          params: { ...path(datasetId), query: { version_id: versionId, label_column: labelColumn } },
          ...init,
        }),
      call,
    );
  }

  /** Posts data as `{file_id}` JSON, or streams it as a multipart upload. */
  private sendData<T>(
    endpoint: "data" | "schemas/from-sample",
    datasetId: string,
    source: DataSource,
    options: RequestOptions = {},
  ): APIPromise<T> {
    const url = `${this._client.baseUrl}/v1/datasets/${encodeURIComponent(datasetId)}/${endpoint}`;
    if (isFileRef(source)) {
      const body = JSON.stringify({ file_id: source.fileId });
      return this._client._send<T>(
        () => new Request(url, { method: "POST", body, headers: { "content-type": "application/json" } }),
        options,
      );
    }
    return new APIPromise(
      this._client._answer(async () => {
        const upload = await prepareUpload(source);
        const form = multipartBody(upload);
        const length = form.length === undefined ? {} : { "content-length": String(form.length) };
        const request = () =>
          streamed(
            new Request(url, {
              method: "POST",
              body: form.body(),
              headers: { "content-type": form.contentType, ...length },
              duplex: "half",
            } as RequestInit),
          );
        const maxRetries = upload.replayable ? options.maxRetries : 0;
        return this._client._send<T>(request, { ...options, maxRetries }).withResponse();
      }, options.signal),
    );
  }
}
