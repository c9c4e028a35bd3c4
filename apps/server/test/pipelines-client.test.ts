import {
  ConflictError,
  NotFoundError,
  ParzenClient,
  Pipeline,
  PipelineConfigurationVersion,
  PipelineExecution,
  ValidationError,
} from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { csvDataset, http } from "./agents-http.js";
import { customers, link, toCsv } from "./pipeline-fixtures.js";

// The `@parzen/client` pipeline resources against a real server.
let server: RunningServer;
let parzen: ParzenClient;
let other: ParzenClient;
let bigDataset: string;

const ECHO = {
  id: "echo",
  name: "Echo",
  version: "1.0.0",
  blocks: {
    input: {
      id: "input",
      type: "input" as const,
      config: { json_schema: { type: "object", required: ["documents"] } },
    },
    out: { id: "out", type: "output" as const },
  },
  connections: [link("input", "data", "out", "echo")],
};

beforeAll(async () => {
  server = await startServer({ port: 0, concurrency: 1, trialWorkers: 1 });
  const client = async (team: string) => {
    const { key } = await createTeamWithUser(server.db, { team, email: `${team}@example.com` });
    return { key, client: new ParzenClient({ baseUrl: server.url, apiKey: key, maxRetries: 0 }) };
  };
  const alice = await client("alice");
  parzen = alice.client;
  other = (await client("bob")).client;
  bigDataset = await csvDataset(http(server.url, alice.key), "big", toCsv(customers(2500, 3) as never));
});
afterAll(() => server.close());

describe("client.pipelines", () => {
  it("creates rich objects, pages through them, and maps errors", async () => {
    const names = ["a-one", "a-two", "a-three"];
    for (const name of names) expect(await parzen.pipelines.create({ name })).toBeInstanceOf(Pipeline);
    await expect(parzen.pipelines.create({ name: "a-one" })).rejects.toBeInstanceOf(ConflictError);
    const seen: string[] = [];
    for await (const p of parzen.pipelines.list({ name_like: "A-", page_size: 1, order_by: "name" }))
      seen.push(p.name);
    expect(seen).toEqual(["a-one", "a-three", "a-two"]);
    const first = await parzen.pipelines.retrieve(
      (await parzen.pipelines.list({ name_like: "a-one" })).items[0].id,
    );
    await first.update({ description: "first" });
    expect(first.description).toBe("first");
    await expect(other.pipelines.retrieve(first.id)).rejects.toBeInstanceOf(NotFoundError);
    await first.delete();
    await expect(parzen.pipelines.retrieve(first.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("client.pipelineConfigurationVersions and pipelineExecutions", () => {
  it("validates, versions, runs, waits and reads the output", async () => {
    const pipeline = await parzen.pipelines.create({ name: "echo" });
    const invalid = await parzen.pipelineConfigurationVersions.validate({ ...ECHO, connections: [] });
    expect(invalid.valid).toBe(false);
    expect(invalid.errors[0]).toMatchObject({ path: "$.blocks.out", code: "unconnected_port" });
    expect((await parzen.pipelineConfigurationVersions.getSchema()).title).toBe("PipelineConfiguration");

    const version = await pipeline.createVersion(ECHO);
    expect(version).toBeInstanceOf(PipelineConfigurationVersion);
    await version.publish();
    expect(version.status).toBe("published");
    await expect(version.update({ ...ECHO, version: "2" })).rejects.toBeInstanceOf(ConflictError);
    const draft = await version.clone();
    expect(draft).toMatchObject({ version_number: 2, status: "draft" });
    expect((await pipeline.listVersions()).items.map((v) => v.version_number)).toEqual([1, 2]);

    await expect(version.execute({}, "no documents")).rejects.toBeInstanceOf(ValidationError);
    const run = await version.execute({ documents: ["a.pdf", "b.pdf"] }, "2 documents");
    expect(run).toBeInstanceOf(PipelineExecution);
    const seen: string[] = [];
    await run.waitForCompletion({ pollInterval: 50, timeout: 60_000, onUpdate: (e) => seen.push(e.status) });
    expect(run.status).toBe("completed");
    expect(seen.at(-1)).toBe("completed");
    expect(await run.getOutput()).toEqual({ echo: { documents: ["a.pdf", "b.pdf"] } });
    await expect(run.cancel("late")).rejects.toBeInstanceOf(ValidationError);
    expect((await pipeline.listExecutions({ status: "completed" })).items.map((e) => e.id)).toEqual([run.id]);
    await expect(other.pipelineExecutions.retrieve(run.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("follows the signed URL of a large output by itself", async () => {
    const pipeline = await parzen.pipelines.create({ name: "big" });
    const version = await pipeline.createVersion({
      id: "big",
      name: "Big",
      version: "1",
      blocks: {
        data: { id: "data", type: "dataset", config: { dataset_id: bigDataset } },
        out: { id: "out", type: "output" },
      },
      connections: [link("data", "table", "out", "rows")],
    });
    const run = await (await version.execute({}, "everything")).waitForCompletion({ pollInterval: 50 });
    expect(run.output_storage).toBe("artifact");
    const info = await parzen.pipelineExecutions.getOutputInfo(run.id);
    expect(info.download_url).toMatch(/signature=/);
    const output = (await run.getOutput()) as { rows: { row_count: number; rows: unknown[] } };
    expect(output.rows.row_count).toBe(2500);
    expect(output.rows.rows).toHaveLength(2500);
  });

  it("lets an external worker report through update", async () => {
    const pipeline = await parzen.pipelines.create({ name: "worker" });
    const version = await pipeline.createVersion(ECHO);
    const run = await version.execute({ documents: [] }, "worker", { executor: "external", total_steps: 2 });
    await run.update({ status: "running", current_step: 1 });
    expect(run).toMatchObject({ status: "running", current_step: 1 });
    await run.update({ status: "completed", pipeline_output: { ok: true } });
    expect(run.completed_at).not.toBeNull();
    expect(await run.getOutput()).toEqual({ ok: true });
  });

  it("talks to the pipeline assistant and saves its configuration", async () => {
    const session = await parzen.pipelineAssistant.createSession({ goal: "Score rows from dataset big" });
    expect(session.needs[0]).toMatch(/which column to predict/);
    const reply = await parzen.pipelineAssistant.sendMessage(session.session_id, "The label is churned");
    expect(reply.current_config?.blocks.train?.type).toBe("train");
    const pipeline = await parzen.pipelines.create({ name: "from the assistant" });
    const version = await parzen.pipelineAssistant.save(session.session_id, pipeline.id);
    expect(version).toBeInstanceOf(PipelineConfigurationVersion);
    expect(version.configuration).toEqual(reply.current_config);
    await parzen.pipelineAssistant.deleteSession(session.session_id);
    await expect(parzen.pipelineAssistant.getSession(session.session_id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
