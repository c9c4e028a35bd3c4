import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ParzenClient } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";

let server: RunningServer;
let ownerKey: string;
beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1 });
  ownerKey = (await createTeamWithUser(server.db, { team: "home", email: "owner@example.com" })).key;
});
afterAll(() => server.close());

const root = () => server.context.blobs.root;
const call = (key: string, method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
const csv = new TextEncoder().encode(
  `x,z,y\n${Array.from({ length: 30 }, (_, i) => `${i},${i % 4},${i % 2 ? "a" : "b"}`).join("\n")}\n`,
);

describe("deletes that delete", () => {
  it("DELETE /v1/teams/{id} removes the team's files, Parquet versions and models from disk", async () => {
    const team = (await (await call(ownerKey, "POST", "/v1/teams", { name: "doomed" })).json()) as {
      id: string;
    };
    const { key } = (await (
      await call(ownerKey, "POST", "/v1/api-keys", { name: "doomed", team_id: team.id })
    ).json()) as { key: string };
    const client = new ParzenClient({ baseUrl: server.url, apiKey: key, maxRetries: 0 });
    const file = await client.files.upload(csv, { name: "d.csv" });
    const dataset = await client.datasets.create({ name: "d", file_id: file.id });
    const started = await client.trainer.run({
      dataset_id: dataset.id,
      task: { label_column: "y" },
      model_types: ["linear"],
      n_trials: 1,
      n_splits: 2,
    });
    const job = await client.jobs.waitForCompletion(started.job_id, { timeoutMs: 120_000, intervalMs: 200 });
    expect(job.status).toBe("completed");
    const modelId = (job.result as { model_id: string }).model_id;
    const paths = [
      join(root(), "files", file.id),
      join(root(), "datasets", dataset.id),
      join(root(), "models", `${modelId}.json`),
    ];
    for (const path of paths) expect(existsSync(path), path).toBe(true);

    expect((await call(ownerKey, "DELETE", `/v1/teams/${team.id.toUpperCase()}`)).status).toBe(204);
    for (const path of paths) expect(existsSync(path), path).toBe(false);
  });

  it("DELETE with an upper-case id removes a file's bytes and a dataset's versions", async () => {
    const client = new ParzenClient({ baseUrl: server.url, apiKey: ownerKey, maxRetries: 0 });
    const file = await client.files.upload(csv, { name: "u.csv" });
    const dataset = await client.datasets.create({ name: "u", file_id: file.id });
    expect(readdirSync(join(root(), "datasets", dataset.id))).toHaveLength(1);
    expect((await call(ownerKey, "DELETE", `/v1/datasets/${dataset.id.toUpperCase()}`)).status).toBe(204);
    expect(existsSync(join(root(), "datasets", dataset.id))).toBe(false);
    expect((await call(ownerKey, "DELETE", `/v1/files/${file.id.toUpperCase()}`)).status).toBe(204);
    expect(existsSync(join(root(), "files", file.id))).toBe(false);
  });
});
