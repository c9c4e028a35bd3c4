/**
 * Requests whose body streams from a file or a stream. In Node they are sent with `node:http` instead of the global
 * `fetch`: undici's `fetch` keeps every chunk of a streamed request body in memory until the request ends
 * (nodejs/undici#4058), which would turn a 256 MiB upload into 256 MiB of RSS.
 */
export const streamedRequests = new WeakSet<Request>();

/** Marks a request as a streamed upload (see `streamedRequests`). */
export function streamed(request: Request): Request {
  streamedRequests.add(request);
  return request;
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** Sends a streamed request through `node:http(s)` with backpressure, and answers a standard `Response`. */
export async function sendWithNodeHttp(request: Request, init?: RequestInit): Promise<Response> {
  const url = new URL(request.url);
  const [http, { Readable }] = await Promise.all([
    url.protocol === "https:" ? import("node:https") : import("node:http"),
    import("node:stream"),
  ]);
  const signal = init?.signal ?? request.signal;
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
      source.on("error", (error) => outgoing.destroy(error));
      source.pipe(outgoing);
    }
  });
}
