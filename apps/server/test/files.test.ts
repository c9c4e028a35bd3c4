import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import {
  ConflictError,
  NotFoundError,
  type ParzenClient,
  PayloadTooLargeError,
  PermissionDeniedError,
} from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { teamClient } from "./clients.js";

const LIMIT = 64 * 1024;
const CSV = "a,b,label\n1,2,x\n3,4,y\n";
const sha = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let server: RunningServer;
let alice: ParzenClient;
let bob: ParzenClient;
beforeAll(async () => {
  server = await startServer({ port: 0, uploadLimit: LIMIT });
  alice = await teamClient(server, "alice");
  bob = await teamClient(server, "bob");
});
afterAll(() => server.close());

const storedBlobs = () => readdirSync(server.context.blobs.path("files")).filter((f) => !f.endsWith(".part"));

describe("file uploads", () => {
  it.each(["signed", "multipart"] as const)(
    "stores bytes via the %s flow with their SHA-256 and detected type",
    async (via) => {
      const file = await alice.files.upload(new TextEncoder().encode(CSV), {
        name: `data-${via}.csv`,
        via,
        metadata: { via },
      });
      expect(file).toMatchObject({
        status: "ready",
        mime_type: "text/csv",
        file_size: CSV.length,
        sha256: sha(CSV),
        metadata: { via },
      });
      expect(new TextDecoder().decode(await alice.files.download(file.id))).toBe(CSV);
    },
  );

  it("detects types from content, not only from the name", async () => {
    const parquet = Uint8Array.from([0x50, 0x41, 0x52, 0x31, 1, 2, 3, 0x50, 0x41, 0x52, 0x31]);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect((await alice.files.upload(parquet, { name: "noext" })).mime_type).toBe(
      "application/vnd.apache.parquet",
    );
    expect((await alice.files.upload(png, { name: "picture.csv" })).mime_type).toBe("image/png");
    expect(
      (await alice.files.upload(new TextEncoder().encode('[{"a":1}]'), { name: "rows" })).mime_type,
    ).toBe("application/json");
  });

  it("uploads from a path and from a stream", async () => {
    const fromPath = await alice.files.upload(
      new URL("../../../examples/wine.csv", import.meta.url).pathname,
    );
    expect(fromPath.name).toBe("wine.csv");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("a,b\n"));
        controller.enqueue(new TextEncoder().encode("1,2\n"));
        controller.close();
      },
    });
    const fromStream = await alice.files.upload(stream, { name: "streamed.csv" });
    expect(fromStream.sha256).toBe(sha("a,b\n1,2\n"));
  });

  it("refuses uploads over the limit with 413 and keeps nothing", async () => {
    const before = storedBlobs().length;
    const big = new Uint8Array(LIMIT + 1).fill(65);
    await expect(alice.files.upload(big, { name: "big.txt", via: "multipart" })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    await expect(alice.files.upload(big, { name: "big.txt" })).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(storedBlobs().length).toBe(before);
    expect((await alice.files.list({ file_hashes: [sha(big)] })).items).toEqual([]);
  });
});

describe("signed upload URLs", () => {
  const ticket = async (size = CSV.length) => {
    const { data } = await alice.raw.POST("/v1/files/upload-url", {
      body: { filename: "t.csv", file_size: size },
    });
    return data!;
  };

  it("refuses a tampered or expired signature, a wrong size and a second upload", async () => {
    const t = await ticket();
    expect(t.file.status).toBe("pending_upload");
    const tampered = t.upload_url.replace(/signature=[^&]+/, "signature=AAAA");
    expect((await fetch(tampered, { method: "PUT", body: CSV })).status).toBe(403);
    const past = Math.floor(Date.now() / 1000) - 10;
    const expired = `${server.url}/v1/files/${t.file.id}/upload?expires=${past}&signature=${server.context.signer.sign(t.file.id, past)}`;
    const expiredAnswer = await fetch(expired, { method: "PUT", body: CSV });
    expect(expiredAnswer.status).toBe(403);
    expect(((await expiredAnswer.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
    expect((await fetch(t.upload_url, { method: "PUT", body: `${CSV}extra` })).status).toBe(400);
    expect((await alice.files.retrieve(t.file.id)).status).toBe("pending_upload");
    expect((await fetch(t.upload_url, { method: "PUT", body: CSV })).status).toBe(200);
    expect((await fetch(t.upload_url, { method: "PUT", body: CSV })).status).toBe(409);
    expect((await alice.files.retrieve(t.file.id)).sha256).toBe(sha(CSV));
  });

  it("answers 409 when downloading a file whose bytes have not arrived", async () => {
    const t = await ticket();
    await expect(alice.files.download(t.file.id)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("listing", () => {
  it("filters by type, hash, status and dataset, and orders by size", async () => {
    const dataset = await alice.datasets.create({ name: "files-of" });
    const tiny = await alice.files.upload(new TextEncoder().encode("x\n1\n"), {
      name: "tiny.csv",
      datasetId: dataset.id,
    });
    const json = await alice.files.upload(new TextEncoder().encode('{"k": 1}'), { name: "k.json" });
    const byType = await alice.files.list({ mime_type: "application/json" });
    expect(byType.items.map((f) => f.id)).toContain(json.id);
    expect(byType.items.every((f) => f.mime_type === "application/json")).toBe(true);
    const byHash = await alice.files.list({ file_hashes: [tiny.sha256!, json.sha256!] });
    expect(byHash.items.map((f) => f.id).sort()).toEqual([tiny.id, json.id].sort());
    expect((await alice.files.list({ dataset_id: dataset.id })).items.map((f) => f.id)).toEqual([tiny.id]);
    const pending = await alice.files.list({ status: ["pending_upload"] });
    expect(pending.items.every((f) => f.status === "pending_upload")).toBe(true);
    const sizes = (
      await alice.files.list({ order_by: "file_size", order_direction: "asc", page_size: 100 })
    ).items.map((f) => f.file_size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    const all: string[] = [];
    for await (const f of alice.files.listAll({}, { pageSize: 2 })) all.push(f.id);
    expect(all.length).toBe((await alice.files.list()).pagination.total_items);
  });

  it("renames, attaches and deletes a file, removing its bytes", async () => {
    const file = await alice.files.upload(new TextEncoder().encode(CSV), { name: "old.csv" });
    expect((await alice.files.update(file.id, { name: "new.csv" })).name).toBe("new.csv");
    await alice.files.delete(file.id);
    await expect(alice.files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(existsSync(server.context.blobs.path(`files/${file.id}`))).toBe(false);
  });
});

describe("tenancy", () => {
  it("hides a team's files from another team", async () => {
    const file = await alice.files.upload(new TextEncoder().encode(CSV), { name: "private.csv" });
    await expect(bob.files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.files.download(file.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.files.update(file.id, { name: "stolen" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.files.delete(file.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await bob.files.list({ file_hashes: [file.sha256!] })).items).toEqual([]);
    expect((await alice.files.retrieve(file.id)).name).toBe("private.csv");
  });

  it("refuses attaching a file to another team's dataset", async () => {
    const theirs = await bob.datasets.create({ name: "bob's data" });
    await expect(
      alice.files.upload(new TextEncoder().encode(CSV), { datasetId: theirs.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

it("the PUT needs no API key but a valid signature", async () => {
  const { data } = await alice.raw.POST("/v1/files/upload-url", {
    body: { filename: "k.csv", file_size: 3 },
  });
  const noSignature = data!.upload_url.split("?")[0];
  const answer = await fetch(noSignature, { method: "PUT", body: "abc" });
  expect(answer.status).toBe(400);
  await expect(
    bob.raw.PUT("/v1/files/{file_id}/upload", {
      params: { path: { file_id: data!.file.id }, query: { expires: 9999999999, signature: "x" } },
      body: "abc" as never,
    }),
  ).rejects.toBeInstanceOf(PermissionDeniedError);
});
