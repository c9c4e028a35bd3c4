import type { Client } from "openapi-fetch";
import { paginate } from "../core/pagination.js";
import { toBlob, type UploadSource, uploadForm } from "../core/upload-source.js";
import type { components, operations, paths } from "../generated/schema.js";

export type Dataset = components["schemas"]["Dataset"];
export type DatasetPage = components["schemas"]["DatasetPage"];
export type DatasetCreate = components["schemas"]["DatasetCreate"];
export type DatasetUpdate = components["schemas"]["DatasetUpdate"];
export type DatasetVersion = components["schemas"]["DatasetVersion"];
export type DatasetVersionPage = components["schemas"]["DatasetVersionPage"];
export type DatasetSchema = components["schemas"]["DatasetSchema"];
export type DatasetColumn = components["schemas"]["DatasetColumn"];
export type DatasetSchemaCreate = components["schemas"]["DatasetSchemaCreate"];
export type DatasetProfile = components["schemas"]["DatasetProfile"];
export type DatasetListQuery = NonNullable<operations["listDatasets"]["parameters"]["query"]>;
type VersionQuery = NonNullable<operations["listDatasetVersions"]["parameters"]["query"]>;
type Options = { signal?: AbortSignal };
const path = (datasetId: string) => ({ path: { dataset_id: datasetId } });

/** An upload as a multipart body, or an already uploaded file by id. */
async function dataBody(source: UploadSource | { fileId: string }) {
  if (typeof source === "object" && source !== null && "fileId" in source) {
    return { body: { file_id: source.fileId } };
  }
  const { blob, name } = await toBlob(source);
  return { body: uploadForm(blob, name) as never, bodySerializer: (b: unknown) => b as FormData };
}

/** `client.datasets`: datasets, their immutable data versions (Parquet on the server) and schemas. */
export class Datasets {
  constructor(private readonly raw: Client<paths>) {}

  /** Registers a dataset; with `file_id`, that uploaded file becomes version 1. */
  async create(body: DatasetCreate, options: Options & { idempotencyKey?: string } = {}): Promise<Dataset> {
    const { data } = await this.raw.POST("/v1/datasets", {
      body,
      headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
      signal: options.signal,
    });
    return data as Dataset;
  }

  async list(query: DatasetListQuery = {}, options: Options = {}): Promise<DatasetPage> {
    const { data } = await this.raw.GET("/v1/datasets", { params: { query }, signal: options.signal });
    return data as DatasetPage;
  }

  listAll(
    query: Omit<DatasetListQuery, "page" | "page_size"> = {},
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ) {
    return paginate<Dataset>((page, signal) => this.list({ ...query, ...page }, { signal }), options);
  }

  async retrieve(datasetId: string, options: Options = {}): Promise<Dataset> {
    const { data } = await this.raw.GET("/v1/datasets/{dataset_id}", {
      params: path(datasetId),
      signal: options.signal,
    });
    return data as Dataset;
  }

  async update(datasetId: string, body: DatasetUpdate, options: Options = {}): Promise<Dataset> {
    const { data } = await this.raw.PATCH("/v1/datasets/{dataset_id}", {
      params: path(datasetId),
      body,
      signal: options.signal,
    });
    return data as Dataset;
  }

  async delete(datasetId: string, options: Options = {}): Promise<void> {
    await this.raw.DELETE("/v1/datasets/{dataset_id}", { params: path(datasetId), signal: options.signal });
  }

  /** Adds a data version from a path, bytes, stream or `{fileId}`; it must match the current schema, if any. */
  async uploadData(
    datasetId: string,
    source: UploadSource | { fileId: string },
    options: Options = {},
  ): Promise<DatasetVersion> {
    const { data } = await this.raw.POST("/v1/datasets/{dataset_id}/data", {
      params: path(datasetId),
      ...(await dataBody(source)),
      signal: options.signal,
    });
    return data as DatasetVersion;
  }

  /** A version's rows as CSV text (the current version unless `versionId`); with `path` (Node) also written there. */
  async downloadData(
    datasetId: string,
    options: Options & { versionId?: string; path?: string } = {},
  ): Promise<string> {
    const { data } = await this.raw.GET("/v1/datasets/{dataset_id}/data", {
      params: { ...path(datasetId), query: { version_id: options.versionId } },
      parseAs: "text",
      signal: options.signal,
    });
    if (options.path) await (await import("node:fs/promises")).writeFile(options.path, data as string);
    return data as string;
  }

  async listDataVersions(
    datasetId: string,
    query: VersionQuery = {},
    options: Options = {},
  ): Promise<DatasetVersionPage> {
    const { data } = await this.raw.GET("/v1/datasets/{dataset_id}/versions", {
      params: { ...path(datasetId), query },
      signal: options.signal,
    });
    return data as DatasetVersionPage;
  }

  /** Declares the columns; new data is checked against the current schema. */
  async createSchema(
    datasetId: string,
    columns: DatasetColumn[],
    options: Options & Omit<DatasetSchemaCreate, "columns"> = {},
  ): Promise<DatasetSchema> {
    const { signal, ...rest } = options;
    const { data } = await this.raw.POST("/v1/datasets/{dataset_id}/schemas", {
      params: path(datasetId),
      body: { columns, ...rest },
      signal,
    });
    return data as DatasetSchema;
  }

  /** Infers the schema from sample data (path, bytes, stream or `{fileId}`) and makes it current. */
  async createSchemaFromSample(
    datasetId: string,
    source: UploadSource | { fileId: string },
    options: Options = {},
  ): Promise<DatasetSchema> {
    const { data } = await this.raw.POST("/v1/datasets/{dataset_id}/schemas/from-sample", {
      params: path(datasetId),
      ...(await dataBody(source)),
      signal: options.signal,
    });
    return data as DatasetSchema;
  }

  async getCurrentSchema(datasetId: string, options: Options = {}): Promise<DatasetSchema> {
    const { data } = await this.raw.GET("/v1/datasets/{dataset_id}/schemas/current", {
      params: path(datasetId),
      signal: options.signal,
    });
    return data as DatasetSchema;
  }

  /**
   * A version's profile (the current version unless `versionId`): column types, missing and distinct counts,
   * constant and ID-like columns, outliers, duplicates; with `labelColumn` also the task, class balance and leakage
   * suspects.
   */
  async getProfile(
    datasetId: string,
    options: Options & { versionId?: string; labelColumn?: string } = {},
  ): Promise<DatasetProfile> {
    const { data } = await this.raw.GET("/v1/datasets/{dataset_id}/profile", {
      params: {
        ...path(datasetId),
        query: { version_id: options.versionId, label_column: options.labelColumn },
      },
      signal: options.signal,
    });
    return data as DatasetProfile;
  }
}
