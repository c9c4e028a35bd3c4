import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/index.js";

// A stand-in console build (two files) keeps this test independent of the web app's build.
const root = mkdtempSync(join(tmpdir(), "parzen-console-"));
mkdirSync(join(root, "assets"));
writeFileSync(join(root, "index.html"), "<!doctype html><title>console</title>");
writeFileSync(join(root, "assets", "app-123.js"), "console.log('app')");

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0, consoleDir: root });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe("the console at /", () => {
  it("serves index.html at / and at any page path (the single-page fallback), never cached", async () => {
    expect(server.consoleUrl).toBe(`${server.url}/`);
    for (const path of ["/", "/datasets", "/models/3f0c/x?tab=1"]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(await response.text()).toContain("<title>console</title>");
    }
  });

  it("serves hashed assets with a long cache, and a missing file is a 404", async () => {
    const asset = await fetch(`${server.url}/assets/app-123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toMatch(/immutable/);
    expect(await asset.text()).toContain("console.log");
    expect((await fetch(`${server.url}/assets/missing-1.js`)).status).toBe(404);
  });

  it("leaves the API and the docs alone: their 404s stay JSON error envelopes", async () => {
    const missing = await fetch(`${server.url}/v1/no-such-thing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await fetch(`${server.url}/v1`)).status).toBe(404);
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
    const docs = await fetch(`${server.url}/docs/json`);
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it("is absent when turned off", async () => {
    const bare = await startServer({ port: 0, consoleDir: false });
    try {
      expect(bare.consoleUrl).toBeUndefined();
      expect((await fetch(`${bare.url}/datasets`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
