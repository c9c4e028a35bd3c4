import type { CallInit, ParzenClient } from "../client.js";
import type { APIPromise } from "./api-promise.js";
import { saveStream } from "./platform.js";
import type { RequestOptions } from "./request-options.js";

/**
 * A download: the body as bytes in memory, or with `path` streamed to that file (resolving `undefined`). `send`
 * makes the openapi-fetch call with the `parseAs` it is given.
 */
export function download(
  client: ParzenClient,
  send: (
    init: CallInit & { parseAs: "stream" | "arrayBuffer" },
  ) => Promise<{ data?: unknown; response: Response }>,
  options: RequestOptions & { path?: string },
): APIPromise<Uint8Array | undefined> {
  const { path: target, ...call } = options;
  return client
    ._request((init) => send({ ...init, parseAs: target ? "stream" : "arrayBuffer" }), call)
    ._map<Uint8Array | undefined>((data) =>
      target ? saveStream(data as ReadableStream<Uint8Array>, target) : new Uint8Array(data as ArrayBuffer),
    );
}
