import { createClient, NotFoundError } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, serverVersion, startServer } from "../src/index.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

describe("GET /v1/health", () => {
  it("answers through the typed client", async () => {
    const health = await createClient({ baseUrl: server.url }).health();
    expect(health.status).toBe("ok");
    expect(health.version).toBe(serverVersion);
    expect(Math.abs(Date.parse(health.time) - Date.now())).toBeLessThan(60_000);
  });

  it("echoes a caller's request id and makes one up otherwise", async () => {
    const given = await fetch(`${server.url}/v1/health`, { headers: { "x-request-id": "trace-123" } });
    expect(given.headers.get("x-request-id")).toBe("trace-123");
    const made = await fetch(`${server.url}/v1/health`);
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("unknown routes", () => {
  it("answer 404 in the error envelope", async () => {
    const response = await fetch(`${server.url}/v1/nothing-here?x=1`, {
      headers: { "x-request-id": "r-404" },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: "not_found",
        message: "No route for GET /v1/nothing-here.",
        details: null,
        request_id: "r-404",
      },
    });
  });

  it("surface as NotFoundError in the client", async () => {
    const client = createClient({ baseUrl: server.url });
    // @ts-expect-error: the path is deliberately not in the spec.
    const error = await client.raw.GET("/v1/nothing-here").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });
});
