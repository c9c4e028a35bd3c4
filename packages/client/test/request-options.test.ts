import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  APITimeoutError,
  APIUserAbortError,
  createClient,
  InternalServerError,
  type Logger,
  NotFoundError,
} from "../src/index.js";
import { fail, fileJson, healthy, json, TestServer } from "./http-server.js";

const server = new TestServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => server.reset());

const fast = { initialDelayMs: 5, maxDelayMs: 10 };
const file = (id: string) => fileJson(id);

describe("per-request options", () => {
  it("overrides maxRetries for one call only", async () => {
    const client = createClient({ baseUrl: server.url, maxRetries: 3, retry: fast });
    server.script(fail(503, "a"), healthy);
    await expect(client.health({ maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.seen).toHaveLength(1);
    server.reset();
    server.script(fail(503, "a"), fail(503, "b"), healthy);
    expect((await client.health()).status).toBe("ok");
    expect(server.seen).toHaveLength(3);
  });

  it("overrides the timeout for one call only", async () => {
    const client = createClient({ baseUrl: server.url, maxRetries: 0, timeout: 5_000 });
    server.script((_req, res) => {
      setTimeout(() => healthy(_req, res, ""), 300);
    });
    await expect(client.health({ timeout: 50 })).rejects.toBeInstanceOf(APITimeoutError);
    server.script((_req, res) => {
      setTimeout(() => healthy(_req, res, ""), 100);
    });
    expect((await client.health()).status).toBe("ok");
  });

  it("adds headers, removes a default one with null, and sends the idempotency key", async () => {
    const client = createClient({ baseUrl: server.url, apiKey: "pz_k", headers: { "x-team-tag": "blue" } });
    server.script((_req, res) => json(res, 200, file("f1")));
    await client.files.update(
      "f1",
      { name: "b.csv" },
      { headers: { "x-trace": "t-1", "x-team-tag": null }, idempotencyKey: "idem-1" },
    );
    const seen = server.seen[0].headers;
    expect(seen["x-trace"]).toBe("t-1");
    expect(seen["x-team-tag"]).toBeUndefined();
    expect(seen["idempotency-key"]).toBe("idem-1");
    expect(seen.authorization).toBe("Bearer pz_k");
  });

  it("retries a PATCH only when it carries an idempotency key", async () => {
    const client = createClient({ baseUrl: server.url, retry: fast });
    server.script(fail(503, "x"), (_req, res) => json(res, 200, file("f1")));
    await expect(client.files.update("f1", { name: "b" })).rejects.toBeInstanceOf(InternalServerError);
    server.reset();
    server.script(fail(503, "x"), (_req, res) => json(res, 200, file("f1")));
    expect((await client.files.update("f1", { name: "b" }, { idempotencyKey: "k" })).id).toBe("f1");
    expect(server.seen.map((s) => s.body)).toEqual(['{"name":"b"}', '{"name":"b"}']);
  });

  it("aborts with the caller's signal as APIUserAbortError", async () => {
    const client = createClient({ baseUrl: server.url });
    server.script((_req, res) => {
      setTimeout(() => healthy(_req, res, ""), 500);
    });
    const controller = new AbortController();
    // Aborted once the server holds the request, so that the abort hits a request in flight.
    const seen = server.seen.length;
    const abortWhenSeen = setInterval(() => {
      if (server.seen.length > seen) controller.abort();
    }, 5);
    await expect(client.health({ signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    clearInterval(abortWhenSeen);
  });

  it("sends credentials with the Token scheme when asked", async () => {
    server.script(healthy);
    await createClient({ baseUrl: server.url, apiKey: "pz_t", authScheme: "Token" }).health();
    expect(server.seen[0].headers.authorization).toBe("Token pz_t");
  });
});

describe("withResponse", () => {
  it("gives the data, the raw response and the request id", async () => {
    server.script((_req, res) => json(res, 200, file("f2"), { "x-request-id": "req-42", "x-extra": "1" }));
    const { data, response, requestId } = await createClient({ baseUrl: server.url })
      .files.retrieve("f2")
      .withResponse();
    expect(data.id).toBe("f2");
    expect(data.isReady()).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-extra")).toBe("1");
    expect(requestId).toBe("req-42");
  });

  it("rejects with the typed error, as awaiting does", async () => {
    server.script(fail(404, "not_found"));
    await expect(
      createClient({ baseUrl: server.url }).files.retrieve("nope").withResponse(),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("PARZEN_LOG=debug", () => {
  it("logs requests, answers and retries, without the credentials", async () => {
    const lines: string[] = [];
    const sink: Logger = {
      error: (m) => lines.push(m),
      warn: (m) => lines.push(m),
      info: (m) => lines.push(m),
      debug: (m, ...rest) => lines.push(`${m} ${JSON.stringify(rest)}`),
    };
    process.env.PARZEN_LOG = "debug";
    try {
      server.script(fail(503, "busy"), healthy);
      await createClient({
        baseUrl: server.url,
        apiKey: "pz_secret_value",
        logger: sink,
        retry: fast,
      }).health();
    } finally {
      delete process.env.PARZEN_LOG;
    }
    const text = lines.join("\n");
    expect(text).toMatch(/→ GET http:\/\/127\.0\.0\.1:\d+\/v1\/health \(attempt 1\)/);
    expect(text).toMatch(/← 503 GET/);
    expect(text).toMatch(/retrying in \d+ ms/);
    expect(text).toMatch(/← 200 GET .*\(attempt|← 200 GET/);
    expect(text).not.toContain("pz_secret_value");
    lines.length = 0;
    server.script(healthy);
    await createClient({ baseUrl: server.url, logger: sink }).health();
    expect(lines).toEqual([]);
  });
});
