import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

/** A real HTTP server on 127.0.0.1 whose answers the test scripts, and which records every request it saw. */
export class TestServer {
  readonly seen: Seen[] = [];
  private server: Server;
  private queue: Handler[] = [];
  fallback: Handler = (_req, res) => json(res, 500, { error: { code: "unscripted", message: "no handler" } });
  url = "";

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        this.seen.push({
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body,
          at: Date.now(),
        });
        // A request its client already gave up on (a timeout or an abort) must not use up the next test's answer.
        if (req.socket.destroyed) return;
        const handler = this.queue.shift() ?? this.fallback;
        void handler(req, res, body);
      });
    });
  }

  /** Forgets recorded requests and unused scripted answers. */
  reset(): void {
    this.seen.length = 0;
    this.queue.length = 0;
  }

  /** Answers the next requests with these handlers, in order. */
  script(...handlers: Handler[]): this {
    this.queue.push(...handlers);
    return this;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Writes a JSON answer. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A handler answering with the Parzen error envelope. */
export function fail(status: number, code: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) =>
    json(
      res,
      status,
      { error: { code, message: `${code} happened`, details: null, request_id: `req-${status}` } },
      headers,
    );
}

export const healthy: Handler = (_req, res) =>
  json(res, 200, { status: "ok", version: "0.0.0-test", time: new Date().toISOString() });

/** A handler that drops the connection without answering. */
export const hangUp: Handler = (req) => {
  req.socket.destroy();
};

/** A `File` answer as the server sends it, for scripted file routes. */
export function fileJson(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    name: "a.csv",
    mime_type: "text/csv",
    file_size: 3,
    sha256: null,
    status: "ready",
    error_message: null,
    dataset_id: null,
    metadata: {},
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}
