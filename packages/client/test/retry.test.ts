import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Transport } from "../src/core/transport.js";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  backoffMs,
  createClient,
  defaultRetryPolicy,
  InternalServerError,
  RateLimitError,
  retryAfterMs,
  ValidationError,
} from "../src/index.js";
import { fail, hangUp, healthy, json, TestServer } from "./http-server.js";

const server = new TestServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  server.reset();
});

const fast = { initialDelayMs: 5, maxDelayMs: 20 };

const quiet = { error() {}, warn() {}, info() {}, debug() {} };

function transport(maxRetries: number) {
  return new Transport({
    fetch: (input, init) => fetch(input, init),
    timeoutMs: 2_000,
    retry: { ...defaultRetryPolicy, ...fast, maxRetries },
    headers: {},
    logger: quiet,
  }).fetchWith();
}

describe("retries", () => {
  it("retries 5xx on a GET until it succeeds, marking each retry", async () => {
    server.script(fail(503, "unavailable"), fail(500, "internal_error"), healthy);
    const health = await createClient({ baseUrl: server.url, retry: fast }).health();
    expect(health.status).toBe("ok");
    expect(server.seen).toHaveLength(3);
    expect(server.seen.map((s) => s.headers["x-parzen-retry-count"])).toEqual([undefined, "1", "2"]);
  });

  it.each([408, 429, 502])("retries HTTP %i", async (status) => {
    server.script(fail(status, "x"), healthy);
    await createClient({ baseUrl: server.url, retry: fast }).health();
    expect(server.seen).toHaveLength(2);
  });

  it("gives up after maxRetries and throws the last error", async () => {
    server.script(fail(503, "a"), fail(503, "b"), fail(503, "c"), healthy);
    const error = await createClient({ baseUrl: server.url, maxRetries: 2, retry: fast })
      .health()
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.code).toBe("c");
    expect(server.seen).toHaveLength(3);
  });

  it("does not retry a client error", async () => {
    server.script(fail(400, "validation_error"), healthy);
    await expect(createClient({ baseUrl: server.url, retry: fast }).health()).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(server.seen).toHaveLength(1);
  });

  it("does not retry a POST without an Idempotency-Key", async () => {
    server.script(fail(503, "unavailable"), healthy);
    const request = new Request(`${server.url}/v1/things`, { method: "POST", body: '{"a":1}' });
    await expect(transport(3)(request)).rejects.toBeInstanceOf(InternalServerError);
    expect(server.seen).toHaveLength(1);
  });

  it("retries a POST that carries an Idempotency-Key, resending the same body and key", async () => {
    server.script(fail(503, "unavailable"), hangUp, (_req, res) => json(res, 201, { ok: true }));
    const request = new Request(`${server.url}/v1/things`, {
      method: "POST",
      body: '{"a":1}',
      headers: { "idempotency-key": "k-1" },
    });
    const response = await transport(3)(request);
    expect(response.status).toBe(201);
    expect(server.seen.map((s) => s.body)).toEqual(['{"a":1}', '{"a":1}', '{"a":1}']);
    expect(new Set(server.seen.map((s) => s.headers["idempotency-key"]))).toEqual(new Set(["k-1"]));
  });

  it("retries a dropped connection, then reports APIConnectionError", async () => {
    server.script(hangUp, hangUp, hangUp);
    const error = await createClient({ baseUrl: server.url, maxRetries: 2, retry: fast })
      .health()
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect(server.seen).toHaveLength(3);
  });

  it("reports a refused connection as APIConnectionError", async () => {
    const closed = new TestServer();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    await expect(createClient({ baseUrl: url, maxRetries: 0 }).health()).rejects.toBeInstanceOf(
      APIConnectionError,
    );
  });
});

describe("Retry-After", () => {
  it("waits as long as the server asks", async () => {
    server.script(fail(429, "rate_limited", { "retry-after": "1" }), healthy);
    const started = Date.now();
    await createClient({ baseUrl: server.url, retry: fast }).health();
    const gap = server.seen[1].at - server.seen[0].at;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("honours retry-after-ms over the backoff", async () => {
    server.script(fail(503, "unavailable", { "retry-after-ms": "300" }), healthy);
    await createClient({ baseUrl: server.url, retry: fast }).health();
    expect(server.seen[1].at - server.seen[0].at).toBeGreaterThanOrEqual(280);
  });

  it("fails at once when the server asks for a wait longer than the client accepts", async () => {
    server.script(fail(429, "rate_limited", { "retry-after": "3600" }), healthy);
    const error = await createClient({ baseUrl: server.url, retry: fast })
      .health()
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.headers.get("retry-after")).toBe("3600");
    expect(server.seen).toHaveLength(1);
  });

  it("parses seconds, HTTP dates and garbage", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });
});

describe("backoff", () => {
  it("doubles up to the cap, with jitter taking at most half", () => {
    const policy = { ...defaultRetryPolicy, initialDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(1, policy, () => 0)).toBe(100);
    expect(backoffMs(2, policy, () => 0)).toBe(200);
    expect(backoffMs(3, policy, () => 0)).toBe(400);
    expect(backoffMs(10, policy, () => 0)).toBe(1000);
    expect(backoffMs(3, policy, () => 1)).toBe(200);
    const samples = Array.from({ length: 50 }, () => backoffMs(2, policy));
    expect(new Set(samples).size).toBeGreaterThan(1);
  });
});

describe("timeouts and aborts", () => {
  const slow = (ms: number) => (_req: unknown, res: Parameters<typeof json>[0]) =>
    void setTimeout(() => json(res, 200, { status: "ok", version: "x", time: new Date().toISOString() }), ms);

  it("throws APITimeoutError when no answer arrives in time", async () => {
    server.script(slow(1_000));
    const started = Date.now();
    const error = await createClient({ baseUrl: server.url, timeoutMs: 100, maxRetries: 0 })
      .health()
      .catch((e) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("retries after a timeout", async () => {
    server.script(slow(1_000), healthy);
    const health = await createClient({
      baseUrl: server.url,
      timeoutMs: 150,
      maxRetries: 1,
      retry: fast,
    }).health();
    expect(health.status).toBe("ok");
    expect(server.seen).toHaveLength(2);
  });

  it("stops a request in flight when the caller aborts, without retrying", async () => {
    server.script(slow(2_000), healthy);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await createClient({ baseUrl: server.url, retry: fast })
      .health({ signal: controller.signal })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(server.seen).toHaveLength(1);
  });

  it("stops waiting between retries when the caller aborts", async () => {
    server.script(fail(503, "unavailable", { "retry-after": "5" }), healthy);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await createClient({ baseUrl: server.url })
      .health({ signal: controller.signal })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.seen).toHaveLength(1);
  });

  it("refuses to start with an already aborted signal", async () => {
    const error = await createClient({ baseUrl: server.url })
      .health({ signal: AbortSignal.abort() })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(server.seen).toHaveLength(0);
  });
});
