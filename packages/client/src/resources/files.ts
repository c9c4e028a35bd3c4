import type { Client } from "openapi-fetch";
import { paginate } from "../core/pagination.js";
import type { FetchLike } from "../core/transport.js";
import { toBlob, type UploadSource, uploadForm } from "../core/upload-source.js";
import type { components, operations, paths } from "../generated/schema.js";

export type ParzenFile = components["schemas"]["File"];
export type FilePage = components["schemas"]["FilePage"];
export type FileUpdate = components["schemas"]["FileUpdate"];
export type FileListQuery = NonNullable<operations["listFiles"]["parameters"]["query"]>;
type Options = { signal?: AbortSignal };

export interface UploadOptions extends Options {
  /** Display name; defaults to the path's file name. */
  name?: string;
  datasetId?: string;
  metadata?: Record<string, unknown>;
  /** Overrides the server's MIME detection (signed uploads only). */
  mimeType?: string;
  /**
   * `signed` (default): ask for an expiring upload URL, then PUT the bytes there — the key never travels with
   * the bytes. `multipart`: one multipart request.
   */
  via?: "signed" | "multipart";
}

/** `client.files`: uploads with SHA-256 and type detection, listing, download and delete. */
export class Files {
  constructor(
    private readonly raw: Client<paths>,
    /** The retrying transport without the API key, for the signed upload URL. */
    private readonly fetch: FetchLike,
  ) {}

  /** Uploads a path, bytes, Blob or stream and returns the stored file (status `ready`). */
  async upload(source: UploadSource, options: UploadOptions = {}): Promise<ParzenFile> {
    const { blob, name } = await toBlob(source, options.name);
    if (options.via === "multipart") {
      const { data } = await this.raw.POST("/v1/files", {
        body: uploadForm(blob, name, {
          name,
          dataset_id: options.datasetId,
          metadata: options.metadata && JSON.stringify(options.metadata),
        }) as unknown as never,
        bodySerializer: (body) => body as unknown as FormData,
        signal: options.signal,
      });
      return data as ParzenFile;
    }
    const { data: ticket } = await this.raw.POST("/v1/files/upload-url", {
      body: {
        filename: name,
        file_size: blob.size,
        mime_type: options.mimeType,
        dataset_id: options.datasetId,
        metadata: options.metadata,
      },
      signal: options.signal,
    });
    const url = ticket!.upload_url;
    // The transport throws the typed error for a non-2xx answer.
    const response = await this.fetch(
      new Request(url, { method: "PUT", body: blob, signal: options.signal }),
    );
    return (await response.json()) as ParzenFile;
  }

  async list(query: FileListQuery = {}, options: Options = {}): Promise<FilePage> {
    const { data } = await this.raw.GET("/v1/files", { params: { query }, signal: options.signal });
    return data as FilePage;
  }

  /** Every file matching `query`, page after page. */
  listAll(
    query: Omit<FileListQuery, "page" | "page_size"> = {},
    options: { pageSize?: number; signal?: AbortSignal } = {},
  ) {
    return paginate<ParzenFile>((page, signal) => this.list({ ...query, ...page }, { signal }), options);
  }

  async retrieve(fileId: string, options: Options = {}): Promise<ParzenFile> {
    const { data } = await this.raw.GET("/v1/files/{file_id}", {
      params: { path: { file_id: fileId } },
      signal: options.signal,
    });
    return data as ParzenFile;
  }

  async update(fileId: string, body: FileUpdate, options: Options = {}): Promise<ParzenFile> {
    const { data } = await this.raw.PATCH("/v1/files/{file_id}", {
      params: { path: { file_id: fileId } },
      body,
      signal: options.signal,
    });
    return data as ParzenFile;
  }

  /** The file's bytes; with `path` (Node) they are written there instead. */
  async download(fileId: string, options: Options & { path?: string } = {}): Promise<Uint8Array> {
    const { data } = await this.raw.GET("/v1/files/{file_id}/content", {
      params: { path: { file_id: fileId } },
      parseAs: "arrayBuffer",
      signal: options.signal,
    });
    const bytes = new Uint8Array(data as ArrayBuffer);
    if (options.path) await (await import("node:fs/promises")).writeFile(options.path, bytes);
    return bytes;
  }

  async delete(fileId: string, options: Options = {}): Promise<void> {
    await this.raw.DELETE("/v1/files/{file_id}", {
      params: { path: { file_id: fileId } },
      signal: options.signal,
    });
  }
}
