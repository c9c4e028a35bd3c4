import { ParzenError } from "./errors.js";

/**
 * What uploads accept: a file path (Node), bytes, a Blob, or a stream of bytes (a web `ReadableStream`, a Node
 * stream or any async iterable). Paths and streams are sent as they are read, never held in memory whole.
 */
export type UploadSource =
  | string
  | URL
  | Uint8Array
  | ArrayBuffer
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/** The upload source cannot be read: a path that names no file, a directory, or a value of another type. */
export class UploadSourceError extends ParzenError {
  override name = "UploadSourceError";
}

/** An upload ready to send: its name and size (when known) and a fresh body per attempt. */
export interface PreparedUpload {
  name: string;
  /** Bytes, when known up front (paths, bytes, Blobs); streams have none. */
  size: number | undefined;
  /** Whether `body()` can be called again for a retry (everything but one-shot streams). */
  replayable: boolean;
  body(): ReadableStream<Uint8Array> | Blob | Uint8Array;
}

const CHUNK = 64 * 1024;

/** Reads a file as a pull-driven stream: the next chunk is read only when the consumer asks, so memory stays flat. */
function fileStream(path: string): ReadableStream<Uint8Array> {
  let handle: import("node:fs/promises").FileHandle | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        handle ??= await (await import("node:fs/promises")).open(path, "r");
        const buffer = new Uint8Array(CHUNK);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
        if (bytesRead === 0) {
          await handle.close();
          controller.close();
        } else controller.enqueue(buffer.subarray(0, bytesRead));
      },
      async cancel() {
        await handle?.close();
      },
    },
    { highWaterMark: 1 },
  );
}

/** An async iterable (Node stream, generator) as a pull-driven web stream; text chunks are encoded as UTF-8. */
function iterableStream(source: AsyncIterable<Uint8Array | string>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    { highWaterMark: 1 },
  );
}

async function pathUpload(path: string, name: string | undefined): Promise<PreparedUpload> {
  const [{ stat }, { basename }] = await Promise.all([import("node:fs/promises"), import("node:path")]);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    const hint =
      error.code === "ENOENT"
        ? " To upload text rather than a file, pass bytes: new TextEncoder().encode(text)."
        : "";
    throw new UploadSourceError(
      `Cannot upload "${path.length > 80 ? `${path.slice(0, 80)}…` : path}": no readable file at that path (${error.code}).${hint}`,
      { cause: error },
    );
  });
  if (!info.isFile()) throw new UploadSourceError(`Cannot upload "${path}": it is not a regular file.`);
  return { name: name ?? basename(path), size: info.size, replayable: true, body: () => fileStream(path) };
}

/** Checks an upload source and prepares it to be sent; a bad path fails here with `UploadSourceError`. */
export async function prepareUpload(source: UploadSource, name?: string): Promise<PreparedUpload> {
  if (typeof source === "string") return pathUpload(source, name);
  if (source instanceof URL) {
    if (source.protocol !== "file:")
      throw new UploadSourceError(`Only file: URLs can be uploaded, got ${source}.`);
    return pathUpload((await import("node:url")).fileURLToPath(source), name);
  }
  if (source instanceof Blob) {
    const named = (source as Blob & { name?: string }).name;
    return { name: name ?? named ?? "upload", size: source.size, replayable: true, body: () => source };
  }
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
    return { name: name ?? "upload", size: bytes.byteLength, replayable: true, body: () => bytes };
  }
  if (source instanceof ReadableStream) {
    return { name: name ?? "upload", size: undefined, replayable: false, body: once(source) };
  }
  if (source && typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    const path = (source as { path?: unknown }).path;
    const fallback = typeof path === "string" ? path.split(/[\\/]/).pop() : undefined;
    return {
      name: name ?? fallback ?? "upload",
      size: undefined,
      replayable: false,
      body: once(iterableStream(source)),
    };
  }
  throw new UploadSourceError(
    `Cannot upload a ${source === null ? "null" : typeof source}: pass a path, bytes, a Blob or a stream.`,
  );
}

function once(stream: ReadableStream<Uint8Array>): () => ReadableStream<Uint8Array> {
  let used = false;
  return () => {
    if (used) throw new UploadSourceError("A stream can be sent only once.");
    used = true;
    return stream;
  };
}

const encoder = new TextEncoder();

/**
 * A `multipart/form-data` body whose file part streams from the upload (hand-written because `FormData` needs the
 * whole file as a Blob first, which is what streaming uploads avoid). The length is known when the upload's size is.
 */
export function multipartBody(
  upload: PreparedUpload,
  fields: Record<string, string | undefined> = {},
): { body: () => ReadableStream<Uint8Array>; contentType: string; length: number | undefined } {
  const boundary = `----parzen-${globalThis.crypto.randomUUID()}`;
  const quote = (value: string) => value.replace(/["\r\n\\]/g, (c) => encodeURIComponent(c));
  let head = "";
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    head += `--${boundary}\r\ncontent-disposition: form-data; name="${quote(key)}"\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${quote(upload.name)}"\r\ncontent-type: application/octet-stream\r\n\r\n`;
  const headBytes = encoder.encode(head);
  const tailBytes = encoder.encode(`\r\n--${boundary}--\r\n`);
  const body = () => {
    const file = upload.body();
    const reader = (
      file instanceof Blob
        ? file.stream()
        : file instanceof Uint8Array
          ? new Blob([file] as ConstructorParameters<typeof Blob>[0]).stream()
          : file
    ).getReader();
    let stage: "head" | "file" | "tail" | "done" = "head";
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (stage === "head") {
            stage = "file";
            controller.enqueue(headBytes);
          } else if (stage === "file") {
            const { done, value } = await reader.read();
            if (!done) controller.enqueue(value);
            else {
              stage = "tail";
              controller.enqueue(tailBytes);
            }
          } else {
            stage = "done";
            controller.close();
          }
        },
        cancel(reason) {
          return reader.cancel(reason);
        },
      },
      { highWaterMark: 1 },
    );
  };
  return {
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: upload.size === undefined ? undefined : headBytes.byteLength + upload.size + tailBytes.byteLength,
  };
}
