import { APIPromise } from "../core/api-promise.js";
import { download } from "../core/downloads.js";
import type { PagePromise } from "../core/pagination.js";
import type { RequestOptions } from "../core/request-options.js";
import { APIResource } from "../core/resource.js";
import { streamed, type UploadProgress } from "../core/streamed.js";
import { multipartBody, type PreparedUpload, prepareUpload, type UploadSource } from "../core/uploads.js";
import type { components, operations } from "../generated/schema.js";
import { type FileData, ParzenFile } from "./parzen-file.js";

export type FilePage = components["schemas"]["FilePage"];
export type FileUpdate = components["schemas"]["FileUpdate"];
export type FileStatus = components["schemas"]["FileStatus"];
export type FileUploadUrlRequest = components["schemas"]["FileUploadUrlRequest"];
export type FileListQuery = NonNullable<operations["listFiles"]["parameters"]["query"]>;

/** A signed upload URL with the pending file it belongs to. */
export interface FileUploadUrl extends Omit<components["schemas"]["FileUploadUrl"], "file"> {
  file: ParzenFile;
}

export interface UploadOptions extends RequestOptions {
  /** Display name; defaults to the path's file name. */
  name?: string;
  datasetId?: string;
  metadata?: Record<string, unknown>;
  /** Overrides the server's MIME detection (signed uploads only). */
  mimeType?: string;
  /**
   * `signed` (default when the size is known: paths, bytes, Blobs): ask for an expiring upload URL, then PUT the
   * bytes there — the key never travels with the bytes. `multipart`: one streamed multipart request (the only way
   * for a stream of unknown length).
   */
  via?: "signed" | "multipart";
  /** Called as the bytes go out (a progress bar): bytes sent so far and the total, when known. */
  onProgress?: UploadProgress;
}

const path = (fileId: string) => ({ path: { file_id: fileId } });

/** `client.files`: uploads streamed from disk or a stream, with SHA-256 and type detection; listing, download, delete. */
export class Files extends APIResource {
  /**
   * Uploads a path, bytes, Blob or stream and returns the stored file (status `ready`). Paths and streams are sent as
   * they are read, so memory use does not grow with the file. A string that names no file is an `UploadSourceError`.
   */
  upload(source: UploadSource, options: UploadOptions = {}): APIPromise<ParzenFile> {
    return new APIPromise(
      this._client._answer(async () => {
        const upload = await prepareUpload(source, options.name);
        let sent: APIPromise<FileData>;
        if (options.via === "multipart" || upload.size === undefined)
          sent = this.sendMultipart(upload, options);
        else {
          const ticket = await this.getUploadUrl(
            {
              filename: upload.name,
              file_size: upload.size,
              mime_type: options.mimeType,
              dataset_id: options.datasetId,
              metadata: options.metadata,
            },
            options,
          );
          sent = this.sendSigned(ticket.upload_url, upload, options);
        }
        return sent._map((data) => new ParzenFile(this._client, data)).withResponse();
      }, options.signal),
    );
  }

  private sendMultipart(upload: PreparedUpload, options: UploadOptions): APIPromise<FileData> {
    const form = multipartBody(upload, {
      name: upload.name,
      dataset_id: options.datasetId,
      metadata: options.metadata && JSON.stringify(options.metadata),
    });
    const length = form.length === undefined ? {} : { "content-length": String(form.length) };
    const request = () =>
      streamed(
        new Request(`${this._client.baseUrl}/v1/files`, {
          method: "POST",
          body: form.body(),
          headers: { "content-type": form.contentType, ...length },
          duplex: "half",
        } as RequestInit),
        options.onProgress,
      );
    // A one-shot stream cannot be sent twice, so it is never retried.
    return this._client._send<FileData>(request, {
      ...options,
      maxRetries: upload.replayable ? options.maxRetries : 0,
    });
  }

  /** PUTs the bytes to a signed URL, which carries its own authorisation: no credentials travel with them. */
  private sendSigned(url: string, upload: PreparedUpload, options: UploadOptions): APIPromise<FileData> {
    const request = () =>
      streamed(
        new Request(url, {
          method: "PUT",
          body: upload.body(),
          headers: { "content-type": "application/octet-stream", "content-length": String(upload.size) },
          duplex: "half",
        } as RequestInit),
        options.onProgress,
      );
    return this._client._send<FileData>(request, {
      ...options,
      idempotencyKey: undefined,
      headers: { ...options.headers, authorization: null, "refresh-token": null },
    });
  }

  /**
   * Starts a two-step upload: the pending file and an expiring URL that takes one `PUT` of exactly `file_size`
   * bytes, with no API key (hand it to another process or machine).
   */
  getUploadUrl(body: FileUploadUrlRequest, options?: RequestOptions): APIPromise<FileUploadUrl> {
    return this._client._request(
      (init) => this._client.raw.POST("/v1/files/upload-url", { body, ...init }),
      options,
      (data) => ({ ...data, file: new ParzenFile(this._client, data.file) }),
    );
  }

  /** One page of files; `for await` over the call walks every page. */
  list(query: FileListQuery = {}, options?: RequestOptions): PagePromise<ParzenFile> {
    return this._client._list(
      ({ page, ...init }) =>
        this._client.raw.GET("/v1/files", {
          params: { query: { ...query, page: page ?? query.page } },
          ...init,
        }),
      options,
      (data) => new ParzenFile(this._client, data),
    );
  }

  /** Every file matching `query`, 100 a page: `for await (const file of client.files.listAll())`. */
  listAll(
    query: Omit<FileListQuery, "page" | "page_size"> = {},
    options: RequestOptions & { pageSize?: number } = {},
  ) {
    const { pageSize, ...call } = options;
    return this.list({ ...query, page_size: pageSize ?? 100 }, call);
  }

  retrieve(fileId: string, options?: RequestOptions): APIPromise<ParzenFile> {
    return this._client._request(
      (init) => this._client.raw.GET("/v1/files/{file_id}", { params: path(fileId), ...init }),
      options,
      (data) => new ParzenFile(this._client, data),
    );
  }

  /** Renames a file, attaches it to a dataset, or replaces its metadata. */
  update(fileId: string, body: FileUpdate, options?: RequestOptions): APIPromise<ParzenFile> {
    return this._client._request(
      (init) => this._client.raw.PATCH("/v1/files/{file_id}", { params: path(fileId), body, ...init }),
      options,
      (data) => new ParzenFile(this._client, data),
    );
  }

  /** The file's bytes in memory; with `path` (Node) they are streamed to that file instead. */
  download(fileId: string, options: RequestOptions & { path: string }): APIPromise<undefined>;
  download(fileId: string, options?: RequestOptions): APIPromise<Uint8Array>;
  download(
    fileId: string,
    options: RequestOptions & { path?: string } = {},
  ): APIPromise<Uint8Array | undefined> {
    return download(
      this._client,
      (init) => this._client.raw.GET("/v1/files/{file_id}/content", { params: path(fileId), ...init }),
      options,
    );
  }

  delete(fileId: string, options?: RequestOptions): APIPromise<void> {
    return this._client._request(
      (init) => this._client.raw.DELETE("/v1/files/{file_id}", { params: path(fileId), ...init }),
      options,
      () => undefined,
    );
  }
}
