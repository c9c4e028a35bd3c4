import type { APIPromise } from "../core/api-promise.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";
import type { DatasetSchemaBuilder } from "./dataset-schema-builder.js";
import type {
  DataSource,
  DatasetColumn,
  DatasetProfile,
  DatasetSchema,
  DatasetSchemaCreate,
  DatasetUpdate,
  DatasetVersion,
  DatasetVersionQuery,
} from "./datasets.js";

/** A dataset's fields as the API sends them. */
export type DatasetData = components["schemas"]["Dataset"];

/**
 * A dataset (`client.datasets.create`, `retrieve`, `list`…): its fields plus its data versions and schemas.
 *
 * @example
 * const dataset = await parzen.datasets.create({ name: "sales" });
 * const version = await dataset.uploadData("sales.csv");
 * console.log(version.version_no, version.row_count);
 */
export class Dataset extends resourceObject<DatasetData>() {
  /** Adds a data version (path, bytes, stream or `{fileId}`); this object's counts follow on the next `refresh()`. */
  uploadData(source: DataSource, options?: RequestOptions): APIPromise<DatasetVersion> {
    return this._client.datasets.uploadData(this.id, source, options);
  }

  /** The current version's rows (or `versionId`'s) as CSV text, or with `path` streamed to that file. */
  downloadData(options: RequestOptions & { versionId?: string; path: string }): APIPromise<undefined>;
  downloadData(options?: RequestOptions & { versionId?: string }): APIPromise<string>;
  downloadData(
    options?: RequestOptions & { versionId?: string; path?: string },
  ): APIPromise<string | undefined> {
    return this._client.datasets.downloadData(this.id, options as RequestOptions);
  }

  /** The data versions; `for await` walks every page. */
  listDataVersions(query?: DatasetVersionQuery, options?: RequestOptions): PagePromise<DatasetVersion> {
    return this._client.datasets.listDataVersions(this.id, query, options);
  }

  /** Declares the columns (made current unless `is_current: false`). */
  createSchema(
    columns: DatasetColumn[],
    options?: RequestOptions & Omit<DatasetSchemaCreate, "columns">,
  ): APIPromise<DatasetSchema> {
    return this._client.datasets.createSchema(this.id, columns, options);
  }

  /** Infers the schema from sample data and makes it current. */
  createSchemaFromSample(source: DataSource, options?: RequestOptions): APIPromise<DatasetSchema> {
    return this._client.datasets.createSchemaFromSample(this.id, source, options);
  }

  /** A fluent schema: `.addColumn("id", "int", { required: true }).withParsing({ delimiter: ";" }).asCurrent().create()`. */
  schemaBuilder(): DatasetSchemaBuilder {
    return this._client.datasets.schemaBuilder(this.id);
  }

  /** The data profile (`labelColumn` adds the task, class balance and leakage suspects). */
  getProfile(
    options?: RequestOptions & { versionId?: string; labelColumn?: string },
  ): APIPromise<DatasetProfile> {
    return this._client.datasets.getProfile(this.id, options);
  }

  getCurrentSchema(options?: RequestOptions): APIPromise<DatasetSchema> {
    return this._client.datasets.getCurrentSchema(this.id, options);
  }

  /** Renames, re-describes or (`should_process: true`) processes the dataset again; this object takes the new fields. */
  update(body: DatasetUpdate, options?: RequestOptions): APIPromise<Dataset> {
    return this._client.datasets.update(this.id, body, options)._map((d) => this._assign(d.toJSON()));
  }

  /** Waits until processing has ended (`processing_status` no longer `processing`); this object takes the new fields. */
  waitForProcessing(
    options?: RequestOptions & { intervalMs?: number; timeoutMs?: number },
  ): APIPromise<Dataset> {
    return this._client.datasets.waitForProcessing(this.id, options)._map((d) => this._assign(d.toJSON()));
  }

  /** Reads the dataset's fields again (record count, current version, processing status). */
  refresh(options?: RequestOptions): APIPromise<Dataset> {
    return this._client.datasets.retrieve(this.id, options)._map((d) => this._assign(d.toJSON()));
  }

  /** Deletes the dataset with all its versions and schemas. */
  delete(options?: RequestOptions): APIPromise<void> {
    return this._client.datasets.delete(this.id, options);
  }
}
