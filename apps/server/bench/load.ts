// A small HTTP/1.1 load generator for the server benchmark: `connections` keep-alive sockets, each sending the
// same request again as soon as the previous answer is complete. Latencies are timed with `process.hrtime` in
// microseconds (autocannon's histogram has 1 ms resolution, too coarse for a 2 ms goal), and the client does
// little work per request so that it takes as little of the shared CPU from the server as it can.
import { connect, type Socket } from "node:net";

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationMs: number;
}

export interface LoadResult {
  requests: number;
  /** Answers with a status outside 2xx, and sockets that failed. */
  errors: number;
  seconds: number;
  /** Per-request latencies in milliseconds, sorted ascending. */
  latencies: Float64Array;
}

const HEADER_END = Buffer.from("\r\n\r\n");

function requestBytes(options: LoadOptions): Buffer {
  const url = new URL(options.url);
  const body = options.body ?? "";
  const lines = [
    `${options.method ?? "GET"} ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    "connection: keep-alive",
    ...Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    ...(body ? [`content-length: ${Buffer.byteLength(body)}`] : []),
  ];
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

/** One keep-alive connection sending `request` until `deadline`; records each latency (ms) into `out`. */
function drive(
  options: LoadOptions,
  request: Buffer,
  deadline: bigint,
  out: number[],
): Promise<{ errors: number }> {
  const url = new URL(options.url);
  return new Promise((resolve) => {
    let errors = 0;
    let pending: Buffer = Buffer.alloc(0);
    let sentAt = 0n;
    const socket: Socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    const send = () => {
      if (process.hrtime.bigint() >= deadline) {
        socket.end();
        return resolve({ errors });
      }
      sentAt = process.hrtime.bigint();
      socket.write(request);
    };
    socket.on("connect", send);
    socket.on("error", () => {
      errors++;
      resolve({ errors });
    });
    socket.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const end = pending.indexOf(HEADER_END);
      if (end < 0) return;
      const head = pending.subarray(0, end).toString("latin1");
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (pending.length < end + 4 + length) return;
      out.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
      const status = Number(head.slice(9, 12));
      if (status < 200 || status >= 300) errors++;
      pending = pending.subarray(end + 4 + length);
      send();
    });
  });
}

/** Runs the load and returns every latency, sorted. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const request = requestBytes(options);
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(options.durationMs) * 1_000_000n;
  const out: number[] = [];
  const runs = await Promise.all(
    Array.from({ length: options.connections }, () => drive(options, request, deadline, out)),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    requests: out.length,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    seconds,
    latencies: Float64Array.from(out).sort(),
  };
}

/** The `q` quantile (0..1) of sorted latencies. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
