import { ParzenError } from "./errors.js";
import { filePath, openPath } from "./platform.js";

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
  const file = await openPath(path, (message, cause) => new UploadSourceError(message, { cause }));
  return { name: name ?? file.name, size: file.size, replayable: true, body: file.body };
}

/** Checks an upload source and prepares it to be sent; a bad path fails here with `UploadSourceError`. */
export async function prepareUpload(source: UploadSource, name?: string): Promise<PreparedUpload> {
  if (typeof source === "string") return pathUpload(source, name);
  if (source instanceof URL) {
    if (source.protocol !== "file:")
      throw new UploadSourceError(`Only file: URLs can be uploaded, got ${source}.`);
    return pathUpload(await filePath(source), name);
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
 * A `multipart/form-data` body whose file parts stream from the uploads (hand-written because `FormData` needs the
 * whole file as a Blob first, which is what streaming uploads avoid). Each upload is a part named `fileField`; the
 * length is known when every upload's size is.
 */
export function multipartBody(
  uploads: PreparedUpload | PreparedUpload[],
  fields: Record<string, string | undefined> = {},
  fileField = "file",
): { body: () => ReadableStream<Uint8Array>; contentType: string; length: number | undefined } {
  const files = Array.isArray(uploads) ? uploads : [uploads];
  const boundary = `----parzen-${globalThis.crypto.randomUUID()}`;
  const quote = (value: string) => value.replace(/["\r\n\\]/g, (c) => encodeURIComponent(c));
  let fieldText = "";
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    fieldText += `--${boundary}\r\ncontent-disposition: form-data; name="${quote(key)}"\r\n\r\n${value}\r\n`;
  }
  // Text and files in order: the fields and the first part's header, each file, then the next header or the end.
  const texts = files.map((upload, i) =>
    encoder.encode(
      `${i === 0 ? fieldText : "\r\n"}--${boundary}\r\ncontent-disposition: form-data; name="${quote(fileField)}"; filename="${quote(upload.name)}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
    ),
  );
  const tail = encoder.encode(
    files.length > 0 ? `\r\n--${boundary}--\r\n` : `${fieldText}--${boundary}--\r\n`,
  );
  const body = () => {
    const readers = files.map(() => undefined as ReadableStreamDefaultReader<Uint8Array> | undefined);
    const open = (i: number) => {
      const file = files[i].body();
      readers[i] = (
        file instanceof Blob
          ? file.stream()
          : file instanceof Uint8Array
            ? new Blob([file] as ConstructorParameters<typeof Blob>[0]).stream()
            : file
      ).getReader();
      return readers[i];
    };
    // Steps 2i: the text before file i; 2i + 1: file i's bytes; 2n: the tail.
    let step = 0;
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          for (;;) {
            if (step > 2 * files.length) return controller.close();
            if (step === 2 * files.length) {
              step++;
              return controller.enqueue(tail);
            }
            if (step % 2 === 0) {
              const text = texts[step / 2];
              step++;
              return controller.enqueue(text);
            }
            const i = (step - 1) / 2;
            const { done, value } = await (readers[i] ?? open(i)).read();
            if (!done) return controller.enqueue(value);
            step++;
          }
        },
        async cancel(reason) {
          await Promise.all(readers.map((r) => r?.cancel(reason)));
        },
      },
      { highWaterMark: 1 },
    );
  };
  const sizes = files.map((f) => f.size);
  return {
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: sizes.some((n) => n === undefined)
      ? undefined
      : texts.reduce((sum, t) => sum + t.byteLength, tail.byteLength) +
        (sizes as number[]).reduce((a, b) => a + b, 0),
  };
}
