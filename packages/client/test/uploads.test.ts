import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, ParzenFile, UploadSourceError } from "../src/index.js";
import { fileJson, json, TestServer } from "./http-server.js";

const dir = mkdtempSync(join(tmpdir(), "parzen-uploads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server that counts and hashes what it receives without keeping it, and answers like Parzen's file routes. */
class CountingServer extends TestServer {
  received: {
    method: string;
    url: string;
    bytes: number;
    sha256: string;
    headers: IncomingMessage["headers"];
  }[] = [];
}
const server = new CountingServer();
const fileAnswer = (id: string, size: number) =>
  fileJson(id, { name: "big.bin", mime_type: "application/octet-stream", file_size: size });

beforeAll(async () => {
  await server.start();
  // Bodies are consumed as they stream, never collected.
  (
    server as unknown as { server: { removeAllListeners(e: string): void; on(e: string, f: unknown): void } }
  ).server.removeAllListeners("request");
  (server as unknown as { server: { on(e: string, f: unknown): void } }).server.on(
    "request",
    (req: IncomingMessage, res: ServerResponse) => {
      const hash = createHash("sha256");
      let bytes = 0;
      req.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      req.on("end", () => {
        server.received.push({
          method: req.method ?? "",
          url: req.url ?? "",
          bytes,
          sha256: hash.digest("hex"),
          headers: req.headers,
        });
        if (req.url === "/v1/files/upload-url") {
          const body = { file_size: 0 };
          json(res, 201, {
            file: { ...fileAnswer("f-1", body.file_size), status: "pending_upload" },
            upload_url: `${server.url}/upload/f-1?signature=s`,
            method: "PUT",
            expires_at: "2030-01-01T00:00:00.000Z",
          });
        } else json(res, req.method === "PUT" ? 200 : 201, fileAnswer("f-1", bytes));
      });
    },
  );
});
afterAll(() => server.stop());
beforeEach(() => {
  server.received = [];
});

describe("uploads", () => {
  it("explains a string that is not a path", async () => {
    const client = createClient({ baseUrl: server.url });
    const error = await client.files.upload("id,name\n1,a\n").catch((e) => e);
    expect(error).toBeInstanceOf(UploadSourceError);
    expect(error.message).toMatch(/no readable file at that path \(ENOENT\).*TextEncoder/);
    await expect(client.files.upload(dir)).rejects.toThrow(/not a regular file/);
    await expect(client.datasets.uploadData("d", "missing.csv")).rejects.toBeInstanceOf(UploadSourceError);
    expect(server.received).toEqual([]);
  });

  it("sends a path through the signed URL without the API key, and bytes by multipart", async () => {
    const path = join(dir, "small.csv");
    writeFileSync(path, "a,b\n1,2\n");
    const client = createClient({ baseUrl: server.url, apiKey: "pz_secret" });
    const file = await client.files.upload(path);
    expect(file).toBeInstanceOf(ParzenFile);
    const [ticket, put] = server.received;
    expect(ticket.headers.authorization).toBe("Bearer pz_secret");
    expect(put.method).toBe("PUT");
    expect(put.headers.authorization).toBeUndefined();
    expect(put.bytes).toBe(8);
    server.received = [];
    await client.files.upload(new TextEncoder().encode("x\n1\n"), { via: "multipart", name: "x.csv" });
    const [form] = server.received;
    expect(form.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(form.headers["content-length"])).toBe(form.bytes);
  });

  it("reports the progress of an upload up to its last byte", async () => {
    const bytes = new Uint8Array(300 * 1024).fill(7);
    const path = join(dir, "progress.bin");
    writeFileSync(path, bytes);
    const seen: [number, number | undefined][] = [];
    await createClient({ baseUrl: server.url }).files.upload(path, {
      onProgress: (sent, total) => seen.push([sent, total]),
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toEqual([bytes.byteLength, bytes.byteLength]);
    expect(seen.every(([sent], i) => i === 0 || sent >= seen[i - 1][0])).toBe(true);
  });

  it("streams a stream of unknown length as chunked multipart", async () => {
    async function* chunks() {
      for (let i = 0; i < 100; i++) yield `row ${i}\n`;
    }
    const file = await createClient({ baseUrl: server.url }).files.upload(chunks(), { name: "rows.txt" });
    expect(file.id).toBe("f-1");
    const [form] = server.received;
    expect(form.headers["transfer-encoding"]).toBe("chunked");
    expect(form.bytes).toBeGreaterThan(100 * 6);
  });

  it.each(["signed", "multipart", "stream"])(
    "keeps memory flat uploading 256 MiB (%s): RSS grows less than 64 MiB",
    async (via) => {
      const path = join(dir, "big.bin");
      const handle = await open(path, "w");
      await handle.truncate(256 * 2 ** 20);
      await handle.close();
      const script = new URL("./fixtures/upload-rss.mjs", import.meta.url).pathname;
      const { stdout } = await promisify(execFile)(process.execPath, [
        "--expose-gc",
        script,
        server.url,
        path,
        via,
      ]);
      const { growthMiB } = JSON.parse(stdout) as { growthMiB: number };
      const upload = server.received.at(-1)!;
      expect(upload.bytes).toBeGreaterThanOrEqual(256 * 2 ** 20);
      expect(growthMiB, `peak RSS growth ${growthMiB.toFixed(1)} MiB`).toBeLessThan(64);
      rmSync(path);
    },
    120_000,
  );
});

describe("the built package", () => {
  it("has a browser build that names no Node module, chosen by the browser condition", async () => {
    const browser = new URL("../dist/browser/", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)("grep", [
      "-rlE",
      'from "node:|import\\("node:',
      browser,
    ]).catch((error: { code?: number; stdout: string }) =>
      error.code === 1 ? error : Promise.reject(error),
    );
    expect(stdout).toBe("");
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(Object.keys(manifest.exports["."])[0]).toBe("browser");
    const platform = await import(`${browser}core/platform.js`);
    expect(platform.platformName).toBe("browser");
    await expect(platform.openPath("x.csv", (m: string) => new Error(m))).rejects.toThrow(/File or Blob/);
  });

  it("works from CommonJS with require", async () => {
    const script = new URL("./fixtures/require.cjs", import.meta.url).pathname;
    server.received = [];
    const { stdout } = await promisify(execFile)(process.execPath, [script, server.url]);
    expect(JSON.parse(stdout).classes).toEqual(["function", "function"]);
  });
});
