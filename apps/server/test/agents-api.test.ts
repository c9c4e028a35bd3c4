import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { jobRunner } from "../src/jobs/workers.js";
import { type Call, csvDataset, fieldOf, http, xorCsv } from "./agents-http.js";

// An API-only server (no job workers): executions stay pending, so these tests see exactly what the API accepted.
let server: RunningServer;
let alice: Call;
let bob: Call;
let datasetA: string;
let datasetB: string;
let scorer: string;
const MISSING = randomUUID();

beforeAll(async () => {
  server = await startServer({ port: 0, concurrency: 0 });
  const a = await createTeamWithUser(server.db, { team: "alice", email: "alice@example.com" });
  const b = await createTeamWithUser(server.db, { team: "bob", email: "bob@example.com" });
  alice = http(server.url, a.key);
  bob = http(server.url, b.key);
  datasetA = await csvDataset(alice, "xor-a", xorCsv(60));
  datasetB = await csvDataset(alice, "xor-b", xorCsv(60, 0, 9));
  scorer = (
    await alice("POST", "/v1/agents", {
      name: "scorer",
      agent_type: "batch-scorer",
      settings: { file_upload_enabled: true, allowed_file_types: ["text/csv", ".parquet"] },
    })
  ).body.id;
});
afterAll(() => server.close());

const trainInput = (dataset = datasetA) => ({ dataset_id: dataset, label_column: "y" });
const start = (call: Call, agent: string, body: unknown) =>
  call("POST", `/v1/agents/${agent}/agentic-executions`, body);
const storedFiles = async () => (await alice("GET", "/v1/files?page_size=100")).body.pagination.total_items;

describe("agents", () => {
  it("creates with defaults, pages 10 at a time newest first, updates by merging, deletes", async () => {
    const created = await alice("POST", "/v1/agents", { name: "helper", description: "helps" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "helper",
      description: "helps",
      agent_type: "ml-engineer",
      settings: { file_upload_enabled: false, max_retries: 2, default_execution_key: null },
    });
    for (let i = 0; i < 10; i++) await alice("POST", "/v1/agents", { name: `bulk ${i}` });
    const first = await alice("GET", "/v1/agents");
    expect(first.body.pagination).toMatchObject({ page: 1, page_size: 10, total_items: 12, total_pages: 2 });
    expect(first.body.items[0].name).toBe("bulk 9");
    const byName = await alice("GET", "/v1/agents?order_by=name&order_direction=asc&page_size=2");
    expect(byName.body.items.map((x: { name: string }) => x.name)).toEqual(["bulk 0", "bulk 1"]);

    const id = created.body.id;
    const patched = await alice("PATCH", `/v1/agents/${id}`, {
      agent_type: "model-builder",
      settings: { max_retries: 0, default_execution_key: "train-model" },
    });
    expect(patched.body).toMatchObject({
      name: "helper",
      agent_type: "model-builder",
      settings: { max_retries: 0, default_execution_key: "train-model", file_upload_enabled: false },
    });
    const wrongDefault = await alice("PATCH", `/v1/agents/${id}`, { agent_type: "batch-scorer" });
    expect(wrongDefault.status).toBe(400);
    expect(fieldOf(wrongDefault)).toEqual(["body.settings.default_execution_key"]);
    expect(fieldOf(await alice("POST", "/v1/agents", { name: "x", colour: "red" }))).toEqual(["body.colour"]);
    expect(fieldOf(await alice("POST", "/v1/agents", { name: "x", settings: { max_retries: 9 } }))).toEqual([
      "body.settings.max_retries",
    ]);

    expect((await alice("DELETE", `/v1/agents/${id}`)).status).toBe(204);
    expect((await alice("GET", `/v1/agents/${id}`)).status).toBe(404);
  });

  it("keeps each team's agents to itself", async () => {
    expect((await bob("GET", `/v1/agents/${scorer}`)).status).toBe(404);
    expect((await bob("PATCH", `/v1/agents/${scorer}`, { name: "mine" })).status).toBe(404);
    expect((await bob("DELETE", `/v1/agents/${scorer}`)).status).toBe(404);
    expect((await bob("GET", `/v1/agents/${scorer}/agentic-execution-definitions`)).status).toBe(404);
    expect((await bob("GET", "/v1/agents")).body.items).toEqual([]);
    const team = (await alice("GET", `/v1/agents/${scorer}`)).body.team_id;
    expect((await bob("POST", "/v1/agents", { name: "x", team_id: team })).status).toBe(404);
  });
});

describe("execution definitions", () => {
  it("lists the types of the agent's type with their input schemas; none for a blank agent", async () => {
    const engineer = (await alice("POST", "/v1/agents", { name: "Engineer" })).body.id;
    const listed = await alice("GET", `/v1/agents/${engineer}/agentic-execution-definitions`);
    expect(listed.status).toBe(200);
    const train = listed.body.items.find((d: { key: string }) => d.key === "train-model");
    expect(train).toMatchObject({ name: "Train a model", max_files: 0 });
    expect(train.input_schema).toMatchObject({ type: "object", additionalProperties: false });
    expect(train.input_schema.required).toEqual(["dataset_id", "label_column"]);
    expect(train.input_schema.properties.min_score).toEqual({
      title: "Min Score",
      anyOf: [{ type: "number" }, { type: "null" }],
      default: null,
      description: expect.any(String),
    });
    expect(train.failure_codes.map((c: { code: string }) => c.code)).toEqual(["training_failed"]);

    const blank = (await alice("POST", "/v1/agents", { name: "Blank", agent_type: "blank" })).body.id;
    const none = await alice("GET", `/v1/agents/${blank}/agentic-execution-definitions`);
    expect(none.body).toEqual({
      items: [],
      pagination: { page: 1, page_size: 100, total_items: 0, total_pages: 0 },
    });
    expect((await alice("GET", `/v1/agents/${MISSING}/agentic-execution-definitions`)).status).toBe(404);
  });
});

describe("starting an execution (JSON)", () => {
  it("answers 202 with the pending execution, its input with defaults filled in, and its conversation", async () => {
    const engineer = (await alice("POST", "/v1/agents", { name: "Trainer" })).body.id;
    const answer = await start(alice, engineer, { execution_key: "train-model", input: trainInput() });
    expect(answer.status).toBe(202);
    const e = answer.body;
    expect(e).toMatchObject({
      agent: engineer,
      execution_key: "train-model",
      status: "pending",
      result: null,
      failure_code: null,
      failure_explanation: null,
      dataset_id: datasetA,
      started_at: null,
      finished_at: null,
      duration_seconds: null,
      files: [],
    });
    expect(e.input).toMatchObject({
      dataset_id: datasetA,
      label_column: "y",
      model_types: ["linear", "gbdt"],
      n_trials: 4,
      n_splits: 3,
      min_score: null,
      task_kind: null,
    });
    expect(e.input.dataset_version_id).toMatch(/^[0-9a-f-]{36}$/);
    const job = await alice("GET", `/v1/jobs/${e.job_id}`);
    expect(job.body).toMatchObject({ kind: "agent.execution", status: "pending" });
    const conversation = await alice("GET", `/v1/agent-conversations/${e.conversation}`);
    expect(conversation.body).toMatchObject({ agent_id: engineer, execution_id: e.id });
    expect(conversation.body.messages[0]).toMatchObject({
      position: 1,
      role: "user",
      data: { input: e.input },
    });
    expect((await bob("GET", `/v1/agent-conversations/${e.conversation}`)).status).toBe(404);
  });

  it("answers 400 naming the problem, and 404 for an unknown agent", async () => {
    const analyst = (await alice("POST", "/v1/agents", { name: "Builder", agent_type: "model-builder" })).body
      .id;
    const cases: [unknown, string, RegExp][] = [
      [{ execution_key: "catalog-enrichment", input: {} }, "body.execution_key", /unknown execution type/],
      [{ execution_key: "batch-predict", input: {} }, "body.execution_key", /belongs to agent type/],
      [{ execution_key: "train-model", input: { label_column: "y" } }, "body.input.dataset_id", /required/],
      [
        { execution_key: "train-model", input: { ...trainInput(), n_trials: "4" } },
        "body.input.n_trials",
        /integer/,
      ],
      [
        { execution_key: "train-model", input: { ...trainInput(), n_trials: 0 } },
        "body.input.n_trials",
        />= 1/,
      ],
      [
        { execution_key: "train-model", input: { ...trainInput(), skus: [] } },
        "body.input.skus",
        /not a field/,
      ],
      [
        { execution_key: "train-model", input: { ...trainInput(), label_column: "z" } },
        "body.input.label_column",
        /not in the dataset/,
      ],
      [
        { execution_key: "train-model", input: { ...trainInput(), model_types: ["xgb"] } },
        "body.input.model_types.0",
        /xgb/,
      ],
      [
        { execution_key: "train-model", input: { ...trainInput(), metric: "rmse", task_kind: "binary" } },
        "body.input.metric",
        /rmse/,
      ],
      [{ input: trainInput() }, "body.execution_key", /required/],
    ];
    for (const [body, path, message] of cases) {
      const answer = await start(alice, analyst, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(fieldOf(answer), JSON.stringify(answer.body)).toEqual([path]);
      expect(answer.body.error.message).toMatch(message);
    }
    const unknownDataset = await start(alice, analyst, {
      execution_key: "train-model",
      input: trainInput(MISSING),
    });
    expect(unknownDataset.status).toBe(404);
    expect(fieldOf(unknownDataset)).toEqual(["body.input.dataset_id"]);
    expect((await start(alice, MISSING, { execution_key: "train-model", input: trainInput() })).status).toBe(
      404,
    );
    // Another team's agent, and another team's dataset, are as absent as missing ones.
    expect((await start(bob, analyst, { execution_key: "train-model", input: trainInput() })).status).toBe(
      404,
    );
    const bobs = (await bob("POST", "/v1/agents", { name: "Bob's" })).body.id;
    expect((await start(bob, bobs, { execution_key: "train-model", input: trainInput() })).status).toBe(404);
  });
});

describe("starting an execution (multipart)", () => {
  const form = (key: string, input: unknown, files: [string, string, string][] = []) => {
    const f = new FormData();
    f.set("execution_key", key);
    if (input !== undefined) f.set("input", typeof input === "string" ? input : JSON.stringify(input));
    for (const [name, type, text] of files) f.append("files[]", new Blob([text], { type }), name);
    return f;
  };

  it("keeps none of the files sent when the input names a missing model (404)", async () => {
    const model = MISSING; // checked after the files: a 404 for the model must not keep them either
    const before = await storedFiles();
    const refused = await start(
      alice,
      scorer,
      form("batch-predict", { model_id: model }, [["rows.csv", "text/csv", "x0,x1\n1,2\n"]]),
    );
    expect(refused.status).toBe(404);
    expect(fieldOf(refused)).toEqual(["body.input.model_id"]);
    expect(await storedFiles()).toBe(before);
  });

  it("answers 400 for files the agent does not take, bad input text, and unknown keys; 404 for an unknown agent", async () => {
    const closed = (await alice("POST", "/v1/agents", { name: "No files", agent_type: "batch-scorer" })).body
      .id;
    const csv: [string, string, string] = ["rows.csv", "text/csv", "x0,x1\n1,2\n3,4\n"];
    const pdf: [string, string, string] = ["product_data.pdf", "application/pdf", "%PDF-1.4 not a table"];
    const before = await storedFiles();
    const cases: [string, FormData, string, RegExp][] = [
      [closed, form("batch-predict", { model_id: MISSING }, [csv]), "body.files", /does not accept files/],
      [scorer, form("batch-predict", { model_id: MISSING }, [pdf]), "body.files.0", /application\/pdf/],
      [scorer, form("batch-predict", { model_id: MISSING }, [csv, csv]), "body.files", /at most 1/],
      [scorer, form("batch-predict", "{not json", [csv]), "body.input", /JSON object/],
      [scorer, form("batch-predict", "[1, 2]", [csv]), "body.input", /JSON object/],
      [scorer, form("batch-predict", { model: MISSING }, [csv]), "body.input.model", /not a field/],
      [scorer, form("catalog-enrichment", {}, [csv]), "body.execution_key", /unknown execution type/],
      [scorer, form("train-model", trainInput(), [csv]), "body.execution_key", /belongs to agent type/],
    ];
    for (const [agent, body, path, message] of cases) {
      const answer = await start(alice, agent, body);
      expect(answer.status, path).toBe(400);
      expect(fieldOf(answer), JSON.stringify(answer.body)).toEqual([path]);
      expect(answer.body.error.message).toMatch(message);
    }
    const noKey = new FormData();
    noKey.append("files[]", new Blob(["a\n1\n"]), "a.csv");
    expect(fieldOf(await start(alice, scorer, noKey))).toEqual(["body.execution_key"]);
    expect((await start(alice, MISSING, form("batch-predict", {}, [csv]))).status).toBe(404);
    // Nothing sent with a refused request is kept.
    expect(await storedFiles()).toBe(before);
  });
});

describe("listing executions", () => {
  it("pages 25 newest first, filters by agent, status and dataset, and shows only the team's own", async () => {
    const one = (await alice("POST", "/v1/agents", { name: "Lister 1" })).body.id;
    const two = (await alice("POST", "/v1/agents", { name: "Lister 2" })).body.id;
    const ids: string[] = [];
    for (let i = 0; i < 27; i++) {
      const agent = i % 3 === 0 ? two : one;
      const dataset = i % 2 === 0 ? datasetA : datasetB;
      ids.push(
        (await start(alice, agent, { execution_key: "train-model", input: trainInput(dataset) })).body.id,
      );
    }
    const cancelled = ids[24];
    expect((await alice("POST", `/v1/agentic-executions/${cancelled}/cancel`)).body).toMatchObject({
      status: "failed",
      failure_code: "cancelled",
    });

    const scoped = (query: string) => alice("GET", `/v1/agentic-executions?${query}`);
    const page1 = await scoped(`agent_id=${one}`);
    expect(page1.body.pagination).toMatchObject({ page: 1, page_size: 25, total_items: 18, total_pages: 1 });
    const all = await alice("GET", "/v1/agentic-executions");
    expect(all.body.items).toHaveLength(25);
    const mine = (await scoped(`agent_id=${two}&page_size=100`)).body.items.map((e: { id: string }) => e.id);
    expect(mine).toEqual(ids.filter((_, i) => i % 3 === 0).reverse());
    const page2 = await scoped(`agent_id=${one}&page=2&page_size=10`);
    expect(page2.body.items.map((e: { id: string }) => e.id)).toEqual(
      ids
        .filter((_, i) => i % 3 !== 0)
        .reverse()
        .slice(10, 20),
    );
    const onB = (await scoped(`dataset_id=${datasetB}&agent_id=${one}&page_size=100`)).body.items;
    expect(onB.every((e: { dataset_id: string }) => e.dataset_id === datasetB)).toBe(true);
    expect(onB).toHaveLength(ids.filter((_, i) => i % 3 !== 0 && i % 2 === 1).length);
    const failed = (await scoped(`status=failed&agent_id=${two}`)).body.items;
    expect(failed.map((e: { id: string }) => e.id)).toEqual([cancelled]);
    expect((await scoped(`status=pending&agent_id=${two}`)).body.pagination.total_items).toBe(8);
    expect((await scoped("status=done")).status).toBe(400);
    expect((await scoped("page_size=101")).status).toBe(400);

    // The same records through the agent-executions API: 10 per page, job statuses, cancelled as such.
    const old = await alice("GET", `/v1/agent-executions?agent_id=${two}`);
    expect(old.body.pagination).toMatchObject({ page_size: 10, total_items: 9 });
    expect(old.body.items[0]).toMatchObject({
      id: cancelled,
      status: "cancelled",
      error: { code: "cancelled" },
    });
    const oldest = await alice(
      "GET",
      `/v1/agent-executions?agent_id=${two}&order_direction=asc&status=pending`,
    );
    expect(oldest.body.items[0].id).toBe(ids[0]);

    expect((await bob("GET", "/v1/agentic-executions")).body.items).toEqual([]);
    expect((await bob("GET", `/v1/agentic-executions/${ids[0]}`)).status).toBe(404);
    expect((await alice("GET", `/v1/agentic-executions/${MISSING}`)).status).toBe(404);
    expect((await alice("GET", "/v1/agentic-executions/not-a-uuid")).status).toBe(400);
    expect((await bob("GET", `/v1/agent-executions/${ids[0]}`)).status).toBe(404);
    expect((await bob("POST", `/v1/agent-executions/${ids[0]}/cancel`)).status).toBe(404);
  });
});

describe("an execution whose dataset went away before it ran", () => {
  it("fails with the definition's dataset_missing code", async () => {
    const dataset = await csvDataset(alice, "short-lived", xorCsv(30));
    const analyst = (await alice("POST", "/v1/agents", { name: "Analyst", agent_type: "data-analyst" })).body
      .id;
    const e = (
      await start(alice, analyst, { execution_key: "dataset-profile", input: { dataset_id: dataset } })
    ).body;
    expect((await alice("DELETE", `/v1/datasets/${dataset}`)).status).toBe(204);
    // This server runs no jobs: a runner of its own takes this one now.
    await jobRunner({ db: server.db, blobs: server.context.blobs }).runJob(e.job_id);
    const ended = (await alice("GET", `/v1/agentic-executions/${e.id}`)).body;
    expect(ended).toMatchObject({ status: "failed", failure_code: "dataset_missing" });
    expect(ended.failure_explanation).toMatch(/was deleted before the execution ran/);
  });
});

describe("agent executions (input_data)", () => {
  it("run the agent's default execution type and share the records with the agentic view", async () => {
    const builder = (await alice("POST", "/v1/agents", { name: "Default", agent_type: "model-builder" })).body
      .id;
    const created = await alice("POST", "/v1/agent-executions", {
      agent_id: builder,
      input_data: trainInput(),
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      agent_id: builder,
      execution_key: "train-model",
      status: "pending",
    });
    const same = await alice("GET", `/v1/agentic-executions/${created.body.id}`);
    expect(same.body).toMatchObject({
      id: created.body.id,
      job_id: created.body.job_id,
      input: created.body.input_data,
    });

    const invalid = await alice("POST", "/v1/agent-executions", {
      agent_id: builder,
      input_data: { message: "Hello" },
    });
    expect(invalid.status).toBe(400);
    expect(fieldOf(invalid)).toEqual([
      "body.input_data.dataset_id",
      "body.input_data.label_column",
      "body.input_data.message",
    ]);
    const missing = await alice("POST", "/v1/agent-executions", {
      agent_id: MISSING,
      input_data: trainInput(),
    });
    expect(missing.status).toBe(404);
    expect(fieldOf(missing)).toEqual(["body.agent_id"]);
    const blank = (await alice("POST", "/v1/agents", { name: "Blank", agent_type: "blank" })).body.id;
    expect(fieldOf(await alice("POST", "/v1/agent-executions", { agent_id: blank }))).toEqual([
      "body.execution_key",
    ]);
  });

  it("cancels a pending execution at once and refuses a second cancel with 409", async () => {
    const builder = (await alice("POST", "/v1/agents", { name: "Cancel me", agent_type: "model-builder" }))
      .body.id;
    const created = await alice("POST", "/v1/agent-executions", {
      agent_id: builder,
      input_data: trainInput(),
    });
    const cancelled = await alice("POST", `/v1/agent-executions/${created.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", error: { code: "cancelled" } });
    expect(cancelled.body.finished_at).not.toBeNull();
    expect((await alice("POST", `/v1/agent-executions/${created.body.id}/cancel`)).status).toBe(409);
    expect((await alice("POST", `/v1/agentic-executions/${created.body.id}/cancel`)).status).toBe(409);
    expect((await alice("POST", `/v1/agent-executions/${MISSING}/cancel`)).status).toBe(404);
  });
});
