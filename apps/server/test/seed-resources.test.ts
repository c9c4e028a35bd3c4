import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConflictError,
  Dataset,
  type ParzenClient,
  ParzenFile,
  Team,
  UploadSourceError,
  User,
} from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { teamAccess } from "./clients.js";

const CSV = "id,name,score\n1,ada,0.5\n2,bob,1.5\n3,cy,2.5\n";
const dir = mkdtempSync(join(tmpdir(), "parzen-seed-"));
const csvPath = join(dir, "people.csv");
writeFileSync(csvPath, CSV);

let server: RunningServer;
let parzen: ParzenClient;
let key: string;
beforeAll(async () => {
  server = await startServer({ port: 0 });
  ({ client: parzen, key } = await teamAccess(server, "seed"));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const raw = (path: string) =>
  fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as { items: { id: string }[]; pagination: { page_size: number } },
  }));

describe("seed 001 list shapes", () => {
  it("pages hold 10 items by default, and orderings take both spellings", async () => {
    const made: string[] = [];
    for (let i = 0; i < 12; i++)
      made.push((await parzen.datasets.create({ name: `ds-${String(i).padStart(2, "0")}` })).id);
    const first = await parzen.datasets.list();
    expect(first.items).toHaveLength(10);
    expect(first.pagination.page_size).toBe(10);
    expect(first.items[0]).toBeInstanceOf(Dataset);
    for (const order of ["createdAt", "created_at", "updatedAt", "updated_at"] as const) {
      const asc = await parzen.datasets.list({ order_by: order, order_direction: "asc", page_size: 100 });
      expect(asc.items.map((d) => d.id)).toEqual(made);
    }
    const byName = await parzen.datasets.list({ order_by: "name", order_direction: "desc", page_size: 3 });
    expect(byName.items.map((d) => d.name)).toEqual(["ds-11", "ds-10", "ds-09"]);
    const all: string[] = [];
    for await (const d of parzen.datasets.list({ order_by: "createdAt", order_direction: "asc" }))
      all.push(d.id);
    expect(all).toEqual(made);
    for (const path of ["/v1/users", "/v1/teams", "/v1/files", "/v1/jobs", "/v1/models", "/v1/api-keys"])
      expect((await raw(path)).body.pagination.page_size).toBe(10);
  });

  it("takes dataset_ids as a list, repeated or comma-separated", async () => {
    const [a, b, c] = await Promise.all(["x", "y", "z"].map((name) => parzen.datasets.create({ name })));
    const listed = await parzen.datasets.list({ dataset_ids: [a.id, c.id] });
    expect(listed.items.map((d) => d.id).sort()).toEqual([a.id, c.id].sort());
    expect(
      (await raw(`/v1/datasets?dataset_ids=${a.id},${b.id}`)).body.items.map((d) => d.id).sort(),
    ).toEqual([a.id, b.id].sort());
    expect((await raw(`/v1/datasets?dataset_ids=${b.id}&dataset_ids=${c.id}`)).body.items).toHaveLength(2);
    expect((await raw("/v1/datasets?dataset_ids=nope")).status).toBe(400);
  });
});

describe("files as the seed has them", () => {
  it("uploads from a path and returns a rich file; downloads, lists and deletes through it", async () => {
    const file = await parzen.files.upload(csvPath, { metadata: { quarter: "Q1" } });
    expect(file).toBeInstanceOf(ParzenFile);
    expect(file.isReady() && file.isCsv()).toBe(true);
    expect(file.getExtension()).toBe("csv");
    expect(file.isDocument()).toBe(false);
    expect(new TextDecoder().decode(await file.download())).toBe(CSV);
    const copy = join(dir, "copy.csv");
    expect(await file.download({ path: copy })).toBeUndefined();
    expect(readFileSync(copy, "utf8")).toBe(CSV);
    const listed = [];
    for await (const f of parzen.files.list({ status: ["completed"], mime_type: "text/csv" })) listed.push(f);
    expect(listed.map((f) => f.id)).toContain(file.id);
    expect(listed.every((f) => f instanceof ParzenFile && f.isReady())).toBe(true);
    await file.delete();
    expect((await parzen.files.list({ file_hashes: [file.sha256!] })).items).toEqual([]);
    await expect(parzen.files.upload("not/a/file.csv")).rejects.toBeInstanceOf(UploadSourceError);
  });

  it("walks a signed upload through its statuses; a broken transfer is an error that can be retried", async () => {
    const ticket = await parzen.files.getUploadUrl({ filename: "later.csv", file_size: CSV.length });
    expect(ticket.file).toBeInstanceOf(ParzenFile);
    expect(ticket.file.status).toBe("pending_upload");
    expect((await parzen.files.list({ status: ["pending_upload"] })).items.map((f) => f.id)).toContain(
      ticket.file.id,
    );
    // A chunked body (no content-length) that ends short: the transfer fails and the file says why.
    const short = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(CSV.slice(0, 10)));
        controller.close();
      },
    });
    const broken = await fetch(ticket.upload_url, {
      method: "PUT",
      body: short,
      duplex: "half",
    } as RequestInit);
    expect(broken.status).toBe(400);
    const failed = await ticket.file.refresh();
    expect(failed.status).toBe("error");
    expect(failed.isFailed()).toBe(true);
    expect(failed.error_message).toMatch(/received 10/);
    expect((await parzen.files.list({ status: ["error"] })).items.map((f) => f.id)).toEqual([ticket.file.id]);
    const retried = await fetch(ticket.upload_url, { method: "PUT", body: CSV });
    expect(retried.status).toBe(200);
    const ready = await parzen.files.retrieve(ticket.file.id);
    expect(ready.status).toBe("ready");
    expect(ready.error_message).toBeNull();
    expect(ready.mime_type).toBe("text/csv");
  });
});

describe("datasets as the seed has them", () => {
  it("uploads data, downloads versions, lists versions and builds schemas through the dataset", async () => {
    const dataset = await parzen.datasets.create({ name: "people", description: "seed flow" });
    expect(dataset).toBeInstanceOf(Dataset);
    const v1 = await dataset.uploadData(csvPath);
    expect(v1).toMatchObject({ version_no: 1, row_count: 3 });
    const v2 = await dataset.uploadData(new TextEncoder().encode("id,name,score\n4,dee,3.5\n"));
    expect(await dataset.downloadData()).toMatch(/^id,name,score\n4,dee,3\.5/);
    const old = join(dir, "v1.csv");
    await dataset.downloadData({ versionId: v1.id, path: old });
    expect(readFileSync(old, "utf8")).toMatch(/1,ada,0\.5/);
    const versions = await dataset.listDataVersions();
    expect(versions.items.map((v) => v.id)).toEqual([v2.id, v1.id]);

    const plain = await dataset.createSchema([
      { name: "id", type: "int", required: true },
      { name: "name", type: "string" },
    ]);
    expect(plain.is_current).toBe(true);
    const sampled = await dataset.createSchemaFromSample(csvPath);
    expect(sampled.columns.map((c) => c.name)).toEqual(["id", "name", "score"]);
    const draft = await dataset.schemaBuilder().addColumn("id", "int", { required: true }).create();
    expect(draft.is_current).toBe(false);
    expect((await dataset.getCurrentSchema()).id).toBe(sampled.id);
    const built = await dataset
      .schemaBuilder()
      .addColumn("id", "int", { required: true })
      .addColumn("name", "string", { description: "User name" })
      .withParsing({ delimiter: ",", header_row: 1 })
      .asCurrent()
      .create();
    expect(built).toMatchObject({ is_current: true, parsing: { delimiter: ",", header_row: 1 } });
    expect(built.columns[1]).toMatchObject({ name: "name", description: "User name" });
    expect((await dataset.getCurrentSchema()).id).toBe(built.id);
    expect(() => dataset.schemaBuilder().addColumn("a", "int").addColumn("a", "float")).toThrow(/already/);

    const renamed = await dataset.update({ name: "people v2" });
    expect(renamed.name).toBe("people v2");
    expect(dataset.name).toBe("people v2");
    await dataset.delete();
    await expect(parzen.datasets.retrieve(dataset.id)).rejects.toThrow(/No dataset/);
  });

  it("should_process runs processing again as a job, and processing_status shows it", async () => {
    const dataset = await parzen.datasets.create({ name: "to process" });
    await expect(dataset.update({ should_process: true })).rejects.toBeInstanceOf(ConflictError);
    await dataset.uploadData(csvPath);
    await dataset.update({ should_process: true, description: "again" });
    expect(dataset.processing_status).toBe("processing");
    expect(dataset.description).toBe("again");
    const jobId = dataset.processing_job_id!;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    await dataset.waitForProcessing({ intervalMs: 100, timeoutMs: 30_000 });
    expect(dataset.processing_status).toBe("completed");
    const job = await parzen.jobs.waitForCompletion<"dataset.process">(jobId, { intervalMs: 100 });
    expect(job.kind).toBe("dataset.process");
    if (job.status !== "completed") throw new Error(`processing ${job.status}: ${job.error?.message}`);
    expect(job.result.row_count).toBe(3);
    expect(job.result.columns.map((c) => c.name)).toEqual(["id", "name", "score"]);
    expect(job.result.dataset_id).toBe(dataset.id);
    const profile = job.result.profile as { rows: number; columns: { name: string }[] };
    expect(profile.columns.map((c) => c.name)).toEqual(["id", "name", "score"]);
    expect((await dataset.getProfile()).columns.map((c) => c.name)).toEqual(["id", "name", "score"]);
  });
});

describe("strategy names", () => {
  it("accepts optuna (canonical), tpe and random, as the library and the CLI do", async () => {
    const dataset = await parzen.datasets.create({
      name: "strategies",
      file_id: (await parzen.files.upload(csvPath)).id,
    });
    for (const strategy of ["optuna", "tpe", "random"] as const) {
      const accepted = await parzen.trainer.run({
        dataset_id: dataset.id,
        task: { label_column: "score" },
        model_types: ["linear"],
        n_trials: 1,
        strategy,
      });
      expect(accepted.status).toBe("pending");
      await parzen.jobs.cancel(accepted.job_id).catch(() => undefined);
    }
    await expect(
      parzen.trainer.run({
        dataset_id: dataset.id,
        task: { label_column: "score" },
        strategy: "grid" as "tpe",
      }),
    ).rejects.toThrow(/strategy/);
  });
});

describe("users and teams as the seed has them", () => {
  it("gives users a nickname, a display name and a formatted creation date", async () => {
    const [me] = (await parzen.users.list()).items;
    expect(me).toBeInstanceOf(User);
    expect(me.nickname).toBeNull();
    expect(me.displayName()).toBe(me.full_name ?? me.email);
    await me.updateProfile({ nickname: "Seedy", full_name: "Seed Tester" });
    expect(me.displayName()).toBe("Seedy");
    expect((await parzen.users.retrieve(me.id)).nickname).toBe("Seedy");
    expect(me.formattedCreatedAt("en-GB", { year: "numeric" })).toBe(
      String(new Date(me.created_at).getUTCFullYear()),
    );
    await me.updateProfile({ nickname: null });
    expect(me.displayName()).toBe("Seed Tester");
  });

  it("returns teams with their actions", async () => {
    const team = await parzen.teams.create({ name: "Side project" });
    expect(team).toBeInstanceOf(Team);
    await team.update({ description: "weekends" });
    expect(team.description).toBe("weekends");
    const key = await team.createApiKey({ name: "side" });
    expect(key.team_id).toBe(team.id);
    await team.delete();
    await expect(parzen.teams.retrieve(team.id)).rejects.toThrow(/No team/);
  });
});
