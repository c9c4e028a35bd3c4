import type { ParzenClient } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { teamAccess } from "./clients.js";

let server: RunningServer;
let client: ParzenClient;
let key: string;
let datasetId: string;
beforeAll(async () => {
  server = await startServer({ port: 0 });
  ({ client, key } = await teamAccess(server, "bounds"));
  const rows = Array.from({ length: 30 }, (_, i) => `${i},${i % 3},${i % 2 ? "a" : "b"}`);
  const file = await client.files.upload(new TextEncoder().encode(`x,z,y\n${rows.join("\n")}\n`), {
    name: "b.csv",
  });
  datasetId = (await client.datasets.create({ name: "b", file_id: file.id })).id;
});
afterAll(() => server.close());

async function run(body: Record<string, unknown> | string): Promise<{ status: number; message: string }> {
  const base = JSON.stringify({ dataset_id: datasetId, task: { label_column: "y" } });
  const response = await fetch(`${server.url}/v1/trainer/run`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    // A string is spliced in as raw fields: too deep for JSON.stringify to write.
    body:
      typeof body === "string"
        ? `${base.slice(0, -1)},${body}}`
        : JSON.stringify({ ...JSON.parse(base), ...body }),
  });
  const answer = (await response.json()) as { error?: { message: string } };
  return { status: response.status, message: answer.error?.message ?? "" };
}

function nested(levels: number): unknown {
  let filter: unknown = { kind: "cmp", col: "x", op: ">", value: 3 };
  for (let i = 0; i < levels; i++) filter = { kind: "not", filter };
  return filter;
}

describe("bounds on a trainer run", () => {
  it("refuses a filter deeper than max_filter_depth", async () => {
    const answer = await run({ filter: nested(40) });
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(/body\.filter: .*max_filter_depth/);
  });

  it("refuses a filter nested 5,000 deep by the JSON depth bound", async () => {
    const cmp = '{"kind":"cmp","col":"x","op":">","value":3}';
    const answer = await run(`"filter":${'{"kind":"not","filter":'.repeat(5000)}${cmp}${"}".repeat(5000)}`);
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(/max_json_depth/);
  });

  it("refuses grid_size 1e-9 with two metrics by max_grid_points", async () => {
    const answer = await run({ metrics: ["logloss", "accuracy"], grid_size: 1e-9 });
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(/body\.grid_size: .*max_grid_points/);
  });

  it("refuses more trials than max_trials_per_job", async () => {
    const answer = await run({ n_trials: 1000, model_types: ["gbdt", "linear", "random_forest"] });
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(/3000 trials, .*max_trials_per_job/);
  });

  it.each(["constructor", "__proto__", "toString"])("refuses metric %s with a 400", async (name) => {
    const answer = await run({ metrics: [name] });
    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(/body\.metrics\.0: Unknown metric/);
  });

  it("accepts a request within every bound", async () => {
    const answer = await run({
      filter: nested(4),
      metrics: ["logloss", "accuracy"],
      grid_size: 0.5,
      n_trials: 1,
    });
    expect(answer.status).toBe(202);
  });
});
