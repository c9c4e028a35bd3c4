import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/index.js";
import { healthy, TestServer } from "./http-server.js";

const server = new TestServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
afterEach(() => {
  delete process.env.PARZEN_BASE_URL;
  delete process.env.PARZEN_API_KEY;
  server.reset();
});

describe("createClient", () => {
  it("reads PARZEN_BASE_URL and PARZEN_API_KEY when options leave them out", async () => {
    process.env.PARZEN_BASE_URL = `${server.url}/`;
    process.env.PARZEN_API_KEY = "pz_env_key";
    server.script(healthy);
    const health = await createClient().health();
    expect(health.version).toBe("0.0.0-test");
    expect(server.seen[0].url).toBe("/v1/health");
    expect(server.seen[0].headers.authorization).toBe("Bearer pz_env_key");
  });

  it("prefers explicit options over the environment", async () => {
    process.env.PARZEN_BASE_URL = "http://127.0.0.1:1";
    process.env.PARZEN_API_KEY = "pz_env_key";
    server.script(healthy);
    await createClient({ baseUrl: server.url, apiKey: "pz_explicit" }).health();
    expect(server.seen[0].headers.authorization).toBe("Bearer pz_explicit");
  });

  it("sends no authorization header without a key", async () => {
    server.script(healthy);
    await createClient({ baseUrl: server.url }).health();
    expect(server.seen[0].headers.authorization).toBeUndefined();
  });

  it("uses a custom fetch", async () => {
    const calls: string[] = [];
    server.script(healthy);
    await createClient({
      baseUrl: server.url,
      fetch: (input, init) => {
        calls.push(input.url);
        return fetch(input, init);
      },
    }).health();
    expect(calls).toEqual([`${server.url}/v1/health`]);
  });
});
