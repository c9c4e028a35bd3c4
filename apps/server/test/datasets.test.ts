import { NotFoundError, type ParzenClient, ValidationError } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { teamClient } from "./clients.js";

const encode = (text: string) => new TextEncoder().encode(text);
const V1 = "id,score,when,group\n1,0.5,2024-01-01,a\n2,1.5,2024-02-01,b\n3,2.5,2024-03-01,a\n";
const V2 = "id,score,when,group\n4,3.5,2024-04-01,b\n5,4.5,2024-05-01,a\n";

let server: RunningServer;
let alice: ParzenClient;
let bob: ParzenClient;
beforeAll(async () => {
  server = await startServer({ port: 0 });
  alice = await teamClient(server, "alice");
  bob = await teamClient(server, "bob");
});
afterAll(() => server.close());

/** The error a rejected promise carries, to look at its details. */
async function failure(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("dataset versions", () => {
  it("registers a dataset from an uploaded file, adds versions and downloads any of them as CSV", async () => {
    const file = await alice.files.upload(encode(V1), { name: "v1.csv" });
    const dataset = await alice.datasets.create({ name: "scores", description: "toy", file_id: file.id });
    expect(dataset).toMatchObject({ processing_status: "completed", record_count: 3, current_version_no: 1 });
    const v1 = (await alice.datasets.listDataVersions(dataset.id)).items[0];
    expect(v1.columns.map((c) => [c.name, c.type])).toEqual([
      ["id", "int"],
      ["score", "float"],
      ["when", "datetime"],
      ["group", "category"],
    ]);
    const v2 = await alice.datasets.uploadData(dataset.id, encode(V2));
    expect(v2).toMatchObject({ version_no: 2, row_count: 2 });
    expect(await alice.datasets.retrieve(dataset.id)).toMatchObject({
      record_count: 2,
      current_version_id: v2.id,
    });
    const current = await alice.datasets.downloadData(dataset.id);
    expect(
      current
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")[0]),
    ).toEqual(["4", "5"]);
    const old = await alice.datasets.downloadData(dataset.id, { versionId: v1.id });
    expect(old.trim().split("\n")).toHaveLength(4);
    expect(old.split("\n")[0]).toBe("id,score,when,group");
    const versions = await alice.datasets.listDataVersions(dataset.id, { order_direction: "asc" });
    expect(versions.items.map((v) => v.version_no)).toEqual([1, 2]);
  });

  it("reads Parquet and JSON uploads, and refuses what is not a table", async () => {
    const dataset = await alice.datasets.create({ name: "formats" });
    expect(dataset).toMatchObject({ processing_status: "empty", record_count: 0, current_version_id: null });
    const json = await alice.datasets.uploadData(
      dataset.id,
      encode('[{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]'),
    );
    expect(json.row_count).toBe(2);
    const parquet = await alice.files.download(
      (await alice.files.upload(server.context.blobs.path(`datasets/${dataset.id}/${json.id}.parquet`))).id,
    );
    const fromParquet = await alice.datasets.uploadData(dataset.id, parquet);
    expect(fromParquet).toMatchObject({ version_no: 2, row_count: 2 });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    const error = await failure(alice.datasets.uploadData(dataset.id, png));
    expect(error.message).toMatch(/image\/png, not a table/);
    expect((await alice.datasets.retrieve(dataset.id)).current_version_no).toBe(2);
  });

  it("creates nothing when the first file cannot be read", async () => {
    const before = (await alice.datasets.list()).pagination.total_items;
    const bad = await alice.files.upload(Uint8Array.from([0, 1, 2, 3]), { name: "blob.bin" });
    await failure(alice.datasets.create({ name: "broken", file_id: bad.id }));
    expect((await alice.datasets.list()).pagination.total_items).toBe(before);
  });
});

describe("schemas", () => {
  it("checks new data against the declared schema, naming the column and row", async () => {
    const dataset = await alice.datasets.create({ name: "typed" });
    await alice.datasets.createSchema(dataset.id, [
      { name: "id", type: "int", required: true },
      { name: "score", type: "float" },
    ]);
    expect((await alice.datasets.getCurrentSchema(dataset.id)).columns.map((c) => c.name)).toEqual([
      "id",
      "score",
    ]);
    await alice.datasets.uploadData(dataset.id, encode("id,score\n1,0.5\n2,\n"));
    const wrongType = await failure(
      alice.datasets.uploadData(dataset.id, encode("id,score\n1,0.5\n2,1\nthree,2\n")),
    );
    expect(wrongType.message).toMatch(/Column "id", row 3: "three" is not a valid int/);
    expect(wrongType.details).toEqual([{ path: "data.id", message: expect.stringContaining("row 3") }]);
    const empty = await failure(alice.datasets.uploadData(dataset.id, encode("id,score\n1,0.5\n,2\n")));
    expect(empty.message).toMatch(/Column "id": row 2 is empty/);
    const missing = await failure(alice.datasets.uploadData(dataset.id, encode("score\n1\n")));
    expect(missing.details).toEqual([{ path: "data.id", message: expect.any(String) }]);
    const after = await alice.datasets.retrieve(dataset.id);
    expect(after).toMatchObject({ current_version_no: 1, record_count: 2, processing_status: "completed" });
  });

  it("infers a schema from a sample and makes it current", async () => {
    const dataset = await alice.datasets.create({ name: "sampled" });
    const schema = await alice.datasets.createSchemaFromSample(dataset.id, encode(V1));
    expect(schema).toMatchObject({ source: "sample", is_current: true });
    expect(schema.columns.find((c) => c.name === "score")).toMatchObject({ type: "float", required: true });
    const explicit = await alice.datasets.createSchema(dataset.id, [{ name: "id", type: "string" }]);
    expect((await alice.datasets.getCurrentSchema(dataset.id)).id).toBe(explicit.id);
  });

  it("refuses a column declared twice", async () => {
    const dataset = await alice.datasets.create({ name: "dupes" });
    const error = await failure(
      alice.datasets.createSchema(dataset.id, [
        { name: "a", type: "int" },
        { name: "a", type: "float" },
      ]),
    );
    expect(error.details).toEqual([{ path: "body.columns.1.name", message: "duplicate column name" }]);
  });
});

describe("listing and tenancy", () => {
  it("filters by name and ids, and keeps datasets to their team", async () => {
    const a = await alice.datasets.create({ name: "Sales 2024" });
    const b = await alice.datasets.create({ name: "sales archive" });
    const like = await alice.datasets.list({ name_like: "SALES" });
    expect(like.items.map((d) => d.id).sort()).toEqual([a.id, b.id].sort());
    expect((await alice.datasets.list({ name: "Sales 2024" })).items.map((d) => d.id)).toEqual([a.id]);
    expect((await alice.datasets.list({ dataset_ids: [b.id] })).items.map((d) => d.id)).toEqual([b.id]);
    await expect(bob.datasets.retrieve(a.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.datasets.uploadData(a.id, encode(V1))).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.datasets.downloadData(a.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.datasets.listDataVersions(a.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.datasets.createSchema(a.id, [{ name: "x", type: "int" }])).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(bob.datasets.delete(a.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await bob.datasets.list({ name_like: "sales" })).items).toEqual([]);
    const theirFile = await bob.files.upload(encode(V1), { name: "bob.csv" });
    await expect(alice.datasets.uploadData(a.id, { fileId: theirFile.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("updates and deletes a dataset with its versions", async () => {
    const dataset = await alice.datasets.create({ name: "temp" });
    const version = await alice.datasets.uploadData(dataset.id, encode(V1));
    expect((await alice.datasets.update(dataset.id, { name: "renamed" })).name).toBe("renamed");
    await alice.datasets.delete(dataset.id);
    await expect(alice.datasets.retrieve(dataset.id)).rejects.toBeInstanceOf(NotFoundError);
    const { existsSync } = await import("node:fs");
    expect(existsSync(server.context.blobs.path(`datasets/${dataset.id}/${version.id}.parquet`))).toBe(false);
  });
});
