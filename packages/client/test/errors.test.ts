import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  ConflictError,
  createClient,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ValidationError,
} from "../src/index.js";
import { fail, TestServer } from "./http-server.js";

const server = new TestServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

const cases = [
  [400, "validation_error", ValidationError],
  [422, "validation_error", ValidationError],
  [401, "unauthorized", AuthenticationError],
  [403, "forbidden", PermissionDeniedError],
  [404, "not_found", NotFoundError],
  [409, "conflict", ConflictError],
  [413, "payload_too_large", PayloadTooLargeError],
  [429, "rate_limited", RateLimitError],
  [500, "internal_error", InternalServerError],
  [503, "unavailable", InternalServerError],
] as const;

describe("typed errors", () => {
  it.each(cases)("HTTP %i becomes %s", async (status, code, ErrorClass) => {
    server.script(fail(status, code));
    const client = createClient({ baseUrl: server.url, maxRetries: 0 });
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    const apiError = error as APIError;
    expect(apiError.status).toBe(status);
    expect(apiError.code).toBe(code);
    expect(apiError.requestId).toBe(`req-${status}`);
    expect(apiError.message).toBe(`${code} happened`);
  });

  it("keeps validation details with their field paths", async () => {
    server.script((_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: {
            code: "validation_error",
            message: "body.n_trials must be >= 1",
            details: [{ path: "body.n_trials", message: "must be >= 1" }],
            request_id: "r1",
          },
        }),
      );
    });
    const error = (await createClient({ baseUrl: server.url })
      .health()
      .catch((e) => e)) as ValidationError;
    expect(error.details).toEqual([{ path: "body.n_trials", message: "must be >= 1" }]);
  });

  it("survives a body that is not the envelope and takes the request id from the header", async () => {
    server.script((_req, res) => {
      res.writeHead(502, { "content-type": "text/html", "x-request-id": "from-header" });
      res.end("<html>bad gateway</html>");
    });
    const error = (await createClient({ baseUrl: server.url, maxRetries: 0 })
      .health()
      .catch((e) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBe("http_error");
    expect(error.requestId).toBe("from-header");
    expect(error.message).toContain("bad gateway");
  });
});
