import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ParzenClient } from "@parzen/client";
import { createTeamWithUser, type RunningServer, startServer } from "@parzen/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./io.js";

let server: RunningServer;
let key: string;
let dir: string;
let datasetId: string;

const link = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { block: from, port: fromPort },
  to: { block: to, port: toPort },
});

beforeAll(async () => {
  server = await startServer({ port: 0, concurrency: 1, trialWorkers: 1 });
  key = (await createTeamWithUser(server.db, { team: "cli", email: "cli@example.com" })).key;
  dir = await mkdtemp(join(tmpdir(), "parzen-cli-pipeline-"));
  const lines = ["x,y,label"];
  for (let i = 0; i < 120; i++) lines.push(`${i % 10},${(i * 7) % 13},${i % 10 > 4 ? "hi" : "lo"}`);
  await writeFile(join(dir, "rows.csv"), `${lines.join("\n")}\n`);
  const client = new ParzenClient({ baseUrl: server.url, apiKey: key });
  const file = await client.files.upload(join(dir, "rows.csv"));
  datasetId = (await client.datasets.create({ name: "rows", file_id: file.id })).id;
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const run = async (args: string[]) => {
  const io = captureIO();
  const code = await main(
    ["pipeline", "run", ...args, "--url", server.url, "--api-key", key, "--poll", "50"],
    io,
    new AbortController().signal,
  );
  return { code, io };
};

describe("parzen pipeline run", () => {
  it("runs a configuration from a file and shows each block's progress", async () => {
    const file = join(dir, "score.json");
    await writeFile(
      file,
      JSON.stringify({
        id: "score",
        name: "CLI scoring",
        version: "1.0.0",
        blocks: {
          input: {
            id: "input",
            type: "input",
            config: { json_schema: { type: "object", required: ["min_x"] } },
          },
          data: { id: "data", type: "dataset", config: { dataset_id: datasetId } },
          some: {
            id: "some",
            type: "filter",
            config: { filter: { kind: "cmp", col: "x", op: ">=", value: 2 } },
          },
          train: {
            id: "train",
            type: "train",
            config: { task: { label_column: "label" }, model_types: ["linear"], n_trials: 1, n_splits: 2 },
          },
          score: { id: "score", type: "predict" },
          judge: { id: "judge", type: "evaluate", config: { metrics: ["accuracy"] } },
          out: { id: "out", type: "output" },
        },
        connections: [
          link("data", "table", "some", "table"),
          link("some", "table", "train", "table"),
          link("some", "table", "score", "table"),
          link("train", "model", "score", "model"),
          link("score", "table", "judge", "table"),
          link("train", "model", "judge", "model"),
          link("judge", "metrics", "out", "metrics"),
          link("input", "data", "out", "input"),
        ],
      }),
    );
    const { code, io } = await run([file, "--input", '{"min_x": 2}', "--json"]);
    expect(code, io.stderr.join("\n")).toBe(0);
    expect(io.stderr[0]).toMatch(/^Pipeline "CLI scoring" version 1: running 7 block\(s\)\.$/);
    const steps = io.stderr.filter((l) => /^\[\d\/7\]/.test(l) && l.includes("completed"));
    // Every block once, in an order where each comes after the blocks feeding it.
    const order = steps.map((l) => l.split(" ")[1]);
    expect([...order].sort()).toEqual(["data", "input", "judge", "out", "score", "some", "train"]);
    for (const [before, after] of [
      ["data", "some"],
      ["some", "train"],
      ["train", "score"],
      ["score", "judge"],
      ["judge", "out"],
    ])
      expect(order.indexOf(before)).toBeLessThan(order.indexOf(after));
    expect(steps).toContain(`[${order.indexOf("some") + 1}/7] some (filter) completed: 96 rows`);
    const output = JSON.parse(io.stdout[0]);
    expect(output.input).toEqual({ min_x: 2 });
    expect(output.metrics.rows).toBe(96);
    expect(output.metrics.metrics.accuracy).toBeGreaterThan(0.5);

    // The same file again: a second version of the same pipeline.
    const again = await run([file, "--input", '{"min_x": 2}']);
    expect(again.io.stderr[0]).toMatch(/version 2/);
  });

  it("names each error of an invalid configuration, and a bad input", async () => {
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({
        id: "bad",
        name: "Bad",
        version: "1",
        blocks: { f: { id: "f", type: "filter", config: { filter: { kind: "cmp", col: "x" } } } },
      }),
    );
    const { code, io } = await run([file]);
    expect(code).toBe(1);
    expect(io.stderr).toContain(
      '  $.blocks.f: input port "table" (table) of filter block "f" is not connected',
    );
    expect((await run([file, "--input", "[1]"])).code).toBe(2);
  });
});
