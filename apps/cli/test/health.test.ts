import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type RunningServer, startServer } from "@parzen/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./io.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

describe("parzen health", () => {
  it("reports a running server", async () => {
    const io = captureIO();
    expect(await main(["health", "--url", server.url, "--json"], io, new AbortController().signal)).toBe(0);
    expect(JSON.parse(io.stdout[0]).status).toBe("ok");
  });

  it("fails with exit code 1 and a readable message when nothing listens", async () => {
    const io = captureIO();
    expect(await main(["health", "--url", "http://127.0.0.1:9"], io, new AbortController().signal)).toBe(1);
    expect(io.stderr[0]).toMatch(/Connection error/);
  });

  it("rejects unknown commands and options with exit code 2", async () => {
    const io = captureIO();
    expect(await main(["fly"], io, new AbortController().signal)).toBe(2);
    expect(io.stderr[0]).toContain("unknown command 'fly'");
    expect(await main(["health", "--bogus"], io, new AbortController().signal)).toBe(2);
    expect(io.stderr.join("\n")).toMatch(/unknown option '--bogus'/);
  });
});

describe("the built @parzen/client", () => {
  it("is importable from a plain ESM script in another workspace", async () => {
    const script = new URL("./fixtures/health.mjs", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [script, server.url]);
    expect(JSON.parse(stdout)).toMatchObject({ status: "ok" });
  });
});
