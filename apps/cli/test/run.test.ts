import { createClient } from "@parzen/client";
import { createTeamWithUser, type RunningServer, startServer } from "@parzen/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/index.js";
import { captureIO } from "./io.js";

// `parzen run` against a real server: asking at each decision (answers scripted as a person would type them), or --auto.
const penguins = new URL("../../../examples/penguins.csv", import.meta.url).pathname;
let server: RunningServer;
let datasetId: string;
beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1, concurrency: 2 });
  const { key } = await createTeamWithUser(server.db, { team: "cli", email: "cli@example.com" });
  process.env.PARZEN_API_KEY = key;
  const client = createClient({ baseUrl: server.url });
  const file = await client.files.upload(penguins);
  datasetId = (await client.datasets.create({ name: "penguins", file_id: file.id })).id;
});
afterAll(async () => {
  delete process.env.PARZEN_API_KEY;
  await server.close();
});

describe("parzen run", () => {
  it("shows each decision with its options and asks", async () => {
    const answers = ["", "9", "0", "", "0", "approve", "skip", ""];
    const questions: string[] = [];
    const io = {
      ...captureIO(),
      ask: async (question: string) => {
        questions.push(question);
        return answers.shift() ?? "";
      },
    };
    const code = await main(
      ["run", "--url", server.url, "--dataset", datasetId, "--model-name", "Asked penguins"],
      io,
      new AbortController().signal,
    );
    expect(code, io.stderr.join("\n")).toBe(0);
    expect(answers).toEqual([]);
    const shown = io.stderr.join("\n");
    expect(shown).toContain("label_selection: Which column should the model predict?");
    expect(shown).toMatch(/\[0\] Species \(multiclass\) \(recommended\)/);
    expect(shown).toMatch(/why: .*your request names it|why: .*classes/);
    // An out-of-range answer is refused with the server's message, and asked again.
    expect(shown).toMatch(/body\.choice_index: 9 is out of range/);
    expect(shown).toContain("model_deployment: Deploy the trained model");
    expect(io.stdout[0]).toMatch(/^run .*: completed$/);
    expect(io.stdout.join("\n")).toMatch(/deployment [0-9a-f-]{36}/);
    expect(io.stdout.join("\n")).not.toMatch(/^report/m);
    expect(io.stdout.join("\n")).toMatch(/monitor [0-9a-f-]{36}/);
  });

  it("--auto takes every recommendation and prints the outcome as JSON", async () => {
    const io = captureIO();
    const code = await main(
      [
        "run",
        "--url",
        server.url,
        "--dataset",
        datasetId,
        "--model-name",
        "Auto penguins",
        "--auto",
        "--json",
      ],
      io,
      new AbortController().signal,
    );
    expect(code, io.stderr.join("\n")).toBe(0);
    const state = JSON.parse(io.stdout[0]);
    expect(state).toMatchObject({ status: "completed", auto_mode: true });
    expect(state.report_id).toBeTruthy();
    expect(io.stderr.join("\n")).toMatch(/\[7\/7\] Completed\./);
  });

  it("refuses to start without a model name, and to wait for an answer nobody can give", async () => {
    const io = captureIO();
    expect(await main(["run", "--url", server.url], io, new AbortController().signal)).toBe(2);
    expect(io.stderr.join("\n")).toContain("--model-name is required");
    const silent = captureIO();
    const code = await main(
      ["run", "--url", server.url, "--dataset", datasetId, "--model-name", "Nobody"],
      silent,
      new AbortController().signal,
    );
    expect(code).toBe(2);
    expect(silent.stderr.join("\n")).toContain("pass --auto, or run in a terminal");
  });
});
