/**
 * What only Node can do: read files by path, write downloads to files, and send streamed uploads with `node:http`.
 * The browser build swaps this module for `platform.browser.ts` (same exports), so bundles for the browser never
 * reference a `node:` module.
 */
import type { UploadProgress } from "./streamed.js";

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);
const CHUNK = 64 * 1024;

/** Which platform this build is for. */
export const platformName: "node" | "browser" = "node";

/**
 * Sends a streamed upload with `node:http(s)` and backpressure, and answers a standard `Response`. Not the global
 * `fetch`: undici keeps every chunk of a streamed request body in memory until the request ends
 * (nodejs/undici#4058), which would turn a 256 MiB upload into 256 MiB of RSS.
 */
export async function sendStreamed(
  request: Request,
  init?: RequestInit,
  onProgress?: UploadProgress,
): Promise<Response> {
  if (typeof process === "undefined" || !process.versions?.node) return globalThis.fetch(request, init);
  const url = new URL(request.url);
  const [http, { Readable }] = await Promise.all([
    url.protocol === "https:" ? import("node:https") : import("node:http"),
    import("node:stream"),
  ]);
  const signal = init?.signal ?? request.signal;
  const length = request.headers.get("content-length");
  const total = length === null ? undefined : Number(length);
  return new Promise<Response>((resolve, reject) => {
    const outgoing = http.request(url, {
      method: request.method,
      headers: Object.fromEntries(request.headers),
      signal: signal ?? undefined,
    });
    outgoing.on("error", reject);
    outgoing.on("response", (incoming) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
          headers.append(name, v);
      }
      const status = incoming.statusCode ?? 500;
      const body = NULL_BODY_STATUS.has(status)
        ? null
        : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
      if (!body) incoming.resume();
      resolve(new Response(body, { status, statusText: incoming.statusMessage, headers }));
    });
    if (!request.body) outgoing.end();
    else {
      const source = Readable.fromWeb(request.body as never);
      let sent = 0;
      if (onProgress)
        source.on("data", (chunk: Uint8Array) => {
          sent += chunk.byteLength;
          onProgress(sent, total);
        });
      source.on("error", (error) => outgoing.destroy(error));
      source.pipe(outgoing);
    }
  });
}

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

/** A file on disk to upload: its name, size and a fresh stream per attempt; `fail` builds the error to throw. */
export async function openPath(
  path: string,
  fail: (message: string, cause?: unknown) => Error,
): Promise<{ name: string; size: number; body: () => ReadableStream<Uint8Array> }> {
  const [{ stat }, { basename }] = await Promise.all([import("node:fs/promises"), import("node:path")]);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    const hint =
      error.code === "ENOENT"
        ? " To upload text rather than a file, pass bytes: new TextEncoder().encode(text)."
        : "";
    throw fail(
      `Cannot upload "${path.length > 80 ? `${path.slice(0, 80)}…` : path}": no readable file at that path (${error.code}).${hint}`,
      error,
    );
  });
  if (!info.isFile()) throw fail(`Cannot upload "${path}": it is not a regular file.`);
  return { name: basename(path), size: info.size, body: () => fileStream(path) };
}

/** The path of a `file:` URL. */
export async function filePath(url: URL): Promise<string> {
  return (await import("node:url")).fileURLToPath(url);
}

/** Streams a response body to a file, never holding it whole. */
export async function saveStream(body: ReadableStream<Uint8Array>, target: string): Promise<undefined> {
  const [{ createWriteStream }, { Readable }, { pipeline }] = await Promise.all([
    import("node:fs"),
    import("node:stream"),
    import("node:stream/promises"),
  ]);
  await pipeline(Readable.fromWeb(body as never), createWriteStream(target));
  return undefined;
}

/** Writes text to a file. */
export async function saveText(target: string, text: string): Promise<void> {
  await (await import("node:fs/promises")).writeFile(target, text);
}
