import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";

let server: RunningServer;
let key: string;
beforeAll(async () => {
  server = await startServer({ port: 0, bodyLimit: 1024 });
  key = (await createTeamWithUser(server.db, { team: "limits", email: "limits@example.com" })).key;
});
afterAll(() => server.close());

const post = (body: string, contentType = "application/json") =>
  fetch(`${server.url}/v1/teams`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": contentType },
    body,
  });

describe("bad input never answers 500", () => {
  it.each([
    [
      "a body over the limit",
      () => post(JSON.stringify({ name: "x".repeat(5000) })),
      413,
      "payload_too_large",
    ],
    ["malformed JSON", () => post('{"name": '), 400, "validation_error"],
    ["a JSON array", () => post("[1, 2]"), 400, "validation_error"],
    ["an unsupported content type", () => post("<team/>", "application/xml"), 415, "unsupported_media_type"],
    ["plain text where JSON is due", () => post("name=x", "text/plain"), 400, "validation_error"],
    ["an empty JSON body", () => post("", "application/json"), 400, "validation_error"],
  ] as const)("%s", async (_label, send, status, code) => {
    const response = await send();
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.request_id).toBeTruthy();
  });
});
