import type { APIPromise } from "../core/api-promise.js";
import type { RequestOptions } from "../core/request-options.js";
import { resourceObject } from "../core/resource-object.js";
import type { components } from "../generated/schema.js";

/** A file's fields as the API sends them. */
export type FileData = components["schemas"]["File"];

const DOCUMENT_TYPES = new Set([
  "application/pdf",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.oasis.opendocument.text",
  "application/rtf",
  "text/rtf",
  "text/markdown",
  "text/plain",
  "text/html",
]);
const DOCUMENT_EXTENSIONS = new Set(["pdf", "doc", "docx", "odt", "rtf", "md", "txt", "html", "htm"]);
const EXTENSION_OF_TYPE: Record<string, string> = {
  "text/csv": "csv",
  "application/json": "json",
  "application/x-ndjson": "jsonl",
  "application/vnd.apache.parquet": "parquet",
  "application/pdf": "pdf",
  "application/gzip": "gz",
  "application/zip": "zip",
  "image/png": "png",
  "image/jpeg": "jpg",
  "text/plain": "txt",
};

/**
 * An uploaded file (`client.files.retrieve`, `upload`, `list`…): its fields plus type checks and actions.
 *
 * @example
 * const file = await parzen.files.upload("data.csv");
 * if (file.isReady() && file.isCsv()) console.log(new TextDecoder().decode(await file.download()));
 */
export class ParzenFile extends resourceObject<FileData>() {
  /** Whether the bytes are stored and the file can be read (status `ready`). */
  isReady(): boolean {
    return this.status === "ready";
  }

  /** Whether the last transfer failed (`error_message` says why). */
  isFailed(): boolean {
    return this.status === "error";
  }

  /** The extension, lower-case and without the dot (`"csv"`), from the name, else from the MIME type; `""` if neither says. */
  getExtension(): string {
    const base = this.name.split(/[\\/]/).pop() ?? "";
    const dot = base.lastIndexOf(".");
    if (dot > 0 && dot < base.length - 1) return base.slice(dot + 1).toLowerCase();
    return EXTENSION_OF_TYPE[this.mime_type.split(";")[0].trim()] ?? "";
  }

  isCsv(): boolean {
    return this.mime_type.startsWith("text/csv") || this.getExtension() === "csv";
  }

  isParquet(): boolean {
    return this.mime_type === "application/vnd.apache.parquet" || this.getExtension() === "parquet";
  }

  isJson(): boolean {
    return (
      /^application\/(x-nd)?json/.test(this.mime_type) ||
      ["json", "jsonl", "ndjson"].includes(this.getExtension())
    );
  }

  /** Whether it is a table the dataset endpoints can read (CSV, Parquet or JSON). */
  isTabular(): boolean {
    return this.isCsv() || this.isParquet() || this.isJson();
  }

  isImage(): boolean {
    return this.mime_type.startsWith("image/");
  }

  /** Whether it is a text document (PDF, Word, OpenDocument, RTF, Markdown, plain text, HTML). */
  isDocument(): boolean {
    return (
      DOCUMENT_TYPES.has(this.mime_type.split(";")[0].trim()) || DOCUMENT_EXTENSIONS.has(this.getExtension())
    );
  }

  /** The bytes in memory, or with `path` streamed to that file (Node). */
  download(options: RequestOptions & { path: string }): APIPromise<undefined>;
  download(options?: RequestOptions): APIPromise<Uint8Array>;
  download(options?: RequestOptions & { path?: string }): APIPromise<Uint8Array | undefined> {
    return this._client.files.download(this.id, options as RequestOptions);
  }

  /** Deletes the file and its bytes. */
  delete(options?: RequestOptions): APIPromise<void> {
    return this._client.files.delete(this.id, options);
  }

  /** Renames the file, attaches it to a dataset or replaces its metadata; this object takes the new fields too. */
  update(body: components["schemas"]["FileUpdate"], options?: RequestOptions): APIPromise<ParzenFile> {
    return this._client.files.update(this.id, body, options)._map((file) => this._assign(file.toJSON()));
  }

  /** Reads the file's fields again (after a signed upload from elsewhere, for instance). */
  refresh(options?: RequestOptions): APIPromise<ParzenFile> {
    return this._client.files.retrieve(this.id, options)._map((file) => this._assign(file.toJSON()));
  }
}
