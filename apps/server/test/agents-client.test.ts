import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Agent,
  AgenticExecution,
  ConflictError,
  JobWaitTimeoutError,
  NotFoundError,
  ParzenClient,
  ValidationError,
} from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { xorCsv } from "./agents-http.js";

let server: RunningServer;
let parzen: ParzenClient;
let other: ParzenClient;
let dir: string;
let datasetId: string;

beforeAll(async () => {
  server = await startServer({ port: 0, concurrency: 1, trialWorkers: 1, leaseMs: 2000 });
  const client = async (team: string) => {
    const { key } = await createTeamWithUser(server.db, { team, email: `${team}@example.com` });
    // The reference API's scheme: `Authorization: Token <key>`.
    return new ParzenClient({ baseUrl: server.url, apiKey: key, authScheme: "Token", maxRetries: 0 });
  };
  parzen = await client("alice");
  other = await client("bob");
  dir = await mkdtemp(join(tmpdir(), "parzen-agents-client-"));
  await writeFile(join(dir, "xor.csv"), xorCsv(300));
  const file = await parzen.files.upload(join(dir, "xor.csv"));
  datasetId = (await parzen.datasets.create({ name: "xor", file_id: file.id })).id;
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("client.agents", () => {
  it("creates, lists, updates and deletes agents as rich objects", async () => {
    const agent = await parzen.agents.create({ name: "client agent", agent_type: "data-analyst" });
    expect(agent).toBeInstanceOf(Agent);
    expect(agent.settings.max_retries).toBe(2);
    await agent.update({ name: "renamed", settings: { max_retries: 1 } });
    expect(agent).toMatchObject({ name: "renamed", settings: { max_retries: 1 } });
    const names: string[] = [];
    for await (const a of parzen.agents.list({ order_by: "createdAt", page_size: 1 })) names.push(a.name);
    expect(names).toContain("renamed");
    const definitions = await agent.listDefinitions();
    expect(definitions.items.map((d) => d.key)).toEqual(["dataset-profile", "drift-check"]);
    await expect(other.agents.retrieve(agent.id)).rejects.toBeInstanceOf(NotFoundError);
    await agent.delete();
    await expect(parzen.agents.retrieve(agent.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("client executions", () => {
  it("starts with a file, waits, reads the result and the conversation", async () => {
    const agent = await parzen.agents.create({ name: "scorer", settings: { file_upload_enabled: true } });
    const trained = await (
      await agent.startExecution("train-model", {
        dataset_id: datasetId,
        label_column: "y",
        model_types: ["gbdt"],
        n_trials: 1,
        n_splits: 2,
      })
    ).waitForCompletion({ pollInterval: 100 });
    expect(trained.status, String(trained.failure_explanation)).toBe("finished");

    const rows = join(dir, "rows.csv");
    await writeFile(rows, "x0,x1,x2\n0.1,0.9,0.5\n0.9,0.9,0.5\n");
    const started = await agent.startExecution(
      "batch-predict",
      { model_id: String(trained.result?.model_id) },
      { files: [rows] },
    );
    expect(started).toBeInstanceOf(AgenticExecution);
    expect(started.files.map((f) => f.filename)).toEqual(["rows.csv"]);
    const { data: done, requestId } = await parzen.agenticExecutions
      .waitForCompletion(started.id, { pollInterval: 100 })
      .withResponse();
    expect(requestId).toBeTruthy();
    expect(done).toMatchObject({ status: "finished", result: { rows: 2, predicted_rows: 2 } });
    const predictions = new TextDecoder().decode(await parzen.files.download(String(done.result?.file_id)));
    expect(predictions.split("\n")[0]).toBe("x0,x1,x2,prediction,proba_a,proba_b");
    const conversation = await done.getConversation();
    expect(conversation.messages.at(-1)).toMatchObject({
      role: "system",
      content: expect.stringMatching(/^Finished/),
    });

    const seen: string[] = [];
    for await (const e of parzen.agenticExecutions.list({ agent_id: agent.id, page_size: 1 }))
      seen.push(e.id);
    expect(seen).toEqual([done.id, trained.id]);
    const same = await parzen.agentExecutions.retrieve(done.id);
    expect(same).toMatchObject({ status: "completed", output_data: done.result });

    // Several files go as several `files[]` parts of one streamed body (batch-predict reads only one).
    const two = await agent
      .startExecution(
        "batch-predict",
        { model_id: String(trained.result?.model_id) },
        {
          files: [rows, new TextEncoder().encode("x0,x1,x2\n1,1,1\n")],
        },
      )
      .catch((e: unknown) => e);
    expect(two).toBeInstanceOf(ValidationError);
    expect((two as ValidationError).message).toMatch(/at most 1 file\(s\), got 2/);

    const refused = await parzen.agenticExecutions
      .create(agent.id, { execution_key: "train-model", input: { dataset_id: datasetId } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).details).toEqual([
      expect.objectContaining({ path: "body.input.label_column" }),
    ]);
  });

  it("waits every 2 s by default, gives up with a timeout error, and cancels", async () => {
    const agent = await parzen.agents.create({ name: "slow", agent_type: "model-builder" });
    const execution = await agent.createExecution({
      dataset_id: datasetId,
      label_column: "y",
      model_types: ["gbdt"],
      n_trials: 50,
      n_splits: 5,
    });
    const polls: number[] = [];
    const error = await execution
      .waitForCompletion({ timeout: 4500, onUpdate: () => polls.push(Date.now()) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobWaitTimeoutError);
    expect((error as JobWaitTimeoutError<{ status: string }>).lastJob.status).toMatch(/pending|running/);
    // Polls at 0, 2 and 4 s, and a last one when the 4.5 s run out.
    expect(polls).toHaveLength(4);
    expect(polls[1] - polls[0]).toBeGreaterThanOrEqual(1900);
    expect(polls[2] - polls[1]).toBeGreaterThanOrEqual(1900);

    await execution.cancel();
    const ended = await execution.waitForCompletion({ pollInterval: 100, timeout: 30_000 });
    expect(ended).toMatchObject({ status: "cancelled", error: { code: "cancelled" } });
    await expect(execution.cancel()).rejects.toBeInstanceOf(ConflictError);
    await expect(other.agentExecutions.cancel(execution.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
