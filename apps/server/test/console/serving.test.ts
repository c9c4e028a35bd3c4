import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";

// A stand-in console build (two files) keeps this test independent of the web app's build.
const root = mkdtempSync(join(tmpdir(), "parzen-console-"));
mkdirSync(join(root, "assets"));
writeFileSync(join(root, "index.html"), "<!doctype html><title>console</title>");
writeFileSync(join(root, "assets", "app-123.js"), "console.log('app')");

// The app without stores: the console, health and docs are all public routes, so no store is needed here.
let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  app = await buildApp({ consoleDir: root });
  url = await app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

describe("the console at /", () => {
  it("serves index.html at / and at any page path (the single-page fallback), never cached", async () => {
    for (const path of ["/", "/datasets", "/models/3f0c/x?tab=1"]) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(await response.text()).toContain("<title>console</title>");
    }
  });

  it("serves hashed assets with a long cache, and a missing file is a 404", async () => {
    const asset = await fetch(`${url}/assets/app-123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toMatch(/immutable/);
    expect(await asset.text()).toContain("console.log");
    expect((await fetch(`${url}/assets/missing-1.js`)).status).toBe(404);
  });

  it("leaves the API and the docs alone: their 404s stay JSON error envelopes", async () => {
    const missing = await fetch(`${url}/v1/no-such-thing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await fetch(`${url}/v1`)).status).toBe(404);
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
    const docs = await fetch(`${url}/docs/json`);
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it("is absent when turned off", async () => {
    const bare = await buildApp({ consoleDir: false });
    try {
      expect((await bare.inject({ url: "/datasets" })).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
