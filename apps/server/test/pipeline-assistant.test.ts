import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { type Call, csvDataset, http, type Json, waitFor } from "./agents-http.js";
import { type LlmStandIn, startLlmStandIn } from "./llm-stand-in.js";
import { customers, toCsv } from "./pipeline-fixtures.js";

// The pipeline assistant: the built-in deterministic one, and one whose changes a language model proposes (a
// STAND-IN OpenAI-compatible server on 127.0.0.1: no real model runs here).
let server: RunningServer;
let alice: Call;
let bob: Call;
let customersId: string;
const rows = customers(400);

beforeAll(async () => {
  server = await startServer({ port: 0, concurrency: 1, trialWorkers: 1, leaseMs: 2000 });
  alice = http(
    server.url,
    (await createTeamWithUser(server.db, { team: "alice", email: "a@example.com" })).key,
  );
  bob = http(server.url, (await createTeamWithUser(server.db, { team: "bob", email: "b@example.com" })).key);
  customersId = await csvDataset(alice, "customers", toCsv(rows as never));
});
afterAll(() => server.close());

const say = async (session: string, content: string) => {
  const answer = await alice("POST", `/v1/pipeline-assistant/sessions/${session}/messages`, { content });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};
const validate = async (configuration: unknown) =>
  (await alice("POST", "/v1/pipeline-configuration-versions/validate", { configuration })).body;

describe("the built-in assistant", () => {
  it("turns a conversation with a correction into a configuration that validates and executes", async () => {
    const created = await alice("POST", "/v1/pipeline-assistant/sessions", {
      goal: "Predict churn from dataset customers",
    });
    expect(created.status).toBe(201);
    const session = created.body;
    expect(session).toMatchObject({
      goal: "Predict churn from dataset customers",
      autonomy_level: "semi_auto",
    });
    expect(session.current_config.blocks.data.config.dataset_id).toBe(customersId);
    expect(session.current_config.blocks.train.config.task.label_column).toBe("churned");
    expect(session.needs).toEqual([]);
    const id = session.session_id;

    const after = await say(id, "Only rows after 2024-01-01");
    expect(after.current_config.blocks.rows.config.filter).toEqual({
      kind: "cmp",
      col: "signup",
      op: ">",
      value: "2024-01-01",
    });
    expect(after.dataset_ids).toHaveLength(1);
    const derived = await alice("GET", `/v1/datasets/${after.dataset_ids[0]}`);
    expect(derived.body.record_count).toBe(rows.filter((r) => r.signup > "2024-01-01").length);

    const dropped = await say(id, "Drop the customer id column");
    expect(dropped.current_config.blocks.shape.config).toEqual({ drop: ["customer_id"] });
    expect(dropped.reply).toMatch(/drop the column "customer_id"/);

    const search = await say(id, "Use 50 trials and an ensemble");
    expect(search.current_config.blocks.train.config).toMatchObject({ n_trials: 50, ensemble: true });

    const batch = await say(id, "Add a batch prediction step");
    expect(batch.current_config.blocks.batch.type).toBe("predict");

    const evaluated = await say(id, "Evaluate on last month's data");
    const latest = rows
      .map((r) => r.signup)
      .sort()
      .at(-1) as string;
    const cutoff = `${latest.slice(0, 7)}-01`;
    expect(evaluated.current_config.blocks.rows.config.filter.filters).toContainEqual({
      kind: "cmp",
      col: "signup",
      op: "<",
      value: cutoff,
    });
    expect(evaluated.current_config.blocks.evaluate.type).toBe("evaluate");

    // Refused: the label cannot be dropped (the configuration would not validate), and nothing changes.
    const refused = await say(id, "Drop the churned column");
    expect(refused.current_config).toBeNull();
    expect(refused.reply).toMatch(/Not applied .*churned/);
    const unknown = await say(id, "Drop the favourite colour column");
    expect(unknown.reply).toMatch(/could not find the column "favourite colour"/);

    // The correction: a later start date replaces the first one, and a smaller search with one family.
    const corrected = await say(id, "Actually, only rows after 2024-03-01, and use 2 trials with gbdt");
    expect(corrected.current_config.blocks.rows.config.filter.filters).toContainEqual({
      kind: "cmp",
      col: "signup",
      op: ">",
      value: "2024-03-01",
    });
    expect(JSON.stringify(corrected.current_config)).not.toMatch(/2024-01-01/);
    expect(corrected.current_config.blocks.train.config).toMatchObject({
      n_trials: 2,
      model_types: ["gbdt"],
    });
    expect(corrected.needs).toEqual([]);

    const state = (await alice("GET", `/v1/pipeline-assistant/sessions/${id}`)).body;
    expect(state.messages.filter((m: Json) => m.role === "user")).toHaveLength(9);
    expect(state.dataset_ids.length).toBeGreaterThanOrEqual(3);
    expect(await validate(state.current_config)).toMatchObject({ valid: true, errors: [] });

    const pipeline = (await alice("POST", "/v1/pipelines", { name: "Churn by assistant" })).body;
    const saved = await alice("POST", `/v1/pipeline-assistant/sessions/${id}/save`, {
      pipeline_id: pipeline.id,
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({
      version_number: 1,
      status: "draft",
      configuration: state.current_config,
    });
    const started = await alice("POST", "/v1/pipeline-executions", {
      pipeline_configuration_version_id: saved.body.id,
      pipeline_input: {},
      pipeline_input_summary: "assistant's churn pipeline",
    });
    const done = await waitFor(async () => {
      const { body } = await alice("GET", `/v1/pipeline-executions/${started.body.id}`);
      return ["completed", "failed"].includes(body.status) ? body : undefined;
    }, 240_000);
    expect(done.status, JSON.stringify(done.error)).toBe("completed");
    // 400 predicted rows are too many to send inline: the output is behind a signed URL.
    const info = (await alice("GET", `/v1/pipeline-executions/${done.id}/output`)).body;
    expect(info.storage).toBe("artifact");
    const output = (await (await fetch(`${server.url}${info.download_url}`)).json()) as Json;
    expect(output.model.model_id).toBeDefined();
    expect(output.metrics.rows).toBe(
      rows.filter((r) => r.signup >= cutoff && r.signup > "2024-03-01").length,
    );
    expect(output.predictions.row_count).toBe(400);
    expect(output.predictions.columns).not.toContain("customer_id");
  });

  it("says what it still needs, keeps sessions per team, and deletes", async () => {
    const created = await alice("POST", "/v1/pipeline-assistant/sessions", {
      goal: "Help me build a model",
      autonomy_level: "full_auto",
      model_name: "anthropic/claude-sonnet-4",
    });
    expect(created.body).toMatchObject({
      autonomy_level: "full_auto",
      model_name: "anthropic/claude-sonnet-4",
      current_config: null,
      dataset_ids: [],
    });
    expect(created.body.needs[0]).toMatch(/which dataset to use \(yours: .*customers/);
    const id = created.body.session_id;
    const named = await say(id, "Use the customers dataset");
    expect(named.needs[0]).toMatch(/which column to predict \(columns: customer_id, signup/);
    expect(named.current_config.blocks.out.type).toBe("output");
    const pipeline = (await alice("POST", "/v1/pipelines", { name: "not yet" })).body;
    expect((await bob("GET", `/v1/pipeline-assistant/sessions/${id}`)).status).toBe(404);
    expect(
      (await bob("POST", `/v1/pipeline-assistant/sessions/${id}/messages`, { content: "hi" })).status,
    ).toBe(404);
    expect((await bob("DELETE", `/v1/pipeline-assistant/sessions/${id}`)).status).toBe(404);
    expect(
      (await bob("POST", `/v1/pipeline-assistant/sessions/${id}/save`, { pipeline_id: pipeline.id })).status,
    ).toBe(404);
    expect(
      (await alice("POST", "/v1/pipeline-assistant/sessions", { goal: "x", autonomy_level: "wild" })).status,
    ).toBe(400);
    expect((await alice("DELETE", `/v1/pipeline-assistant/sessions/${id}`)).status).toBe(204);
    expect((await alice("GET", `/v1/pipeline-assistant/sessions/${id}`)).status).toBe(404);
  });
});

describe("with a language model (a stand-in server)", () => {
  let standIn: LlmStandIn;
  let llmServer: RunningServer;
  let carol: Call;
  let datasetId: string;

  beforeAll(async () => {
    standIn = await startLlmStandIn({ reply: () => "{}" });
    llmServer = await startServer({
      port: 0,
      concurrency: 0,
      llm: { baseUrl: standIn.baseUrl, model: "stand-in" },
    });
    carol = http(
      llmServer.url,
      (await createTeamWithUser(llmServer.db, { team: "carol", email: "c@example.com" })).key,
    );
    datasetId = await csvDataset(carol, "accounts", toCsv(customers(120) as never));
  });
  afterAll(async () => {
    await llmServer.close();
    await standIn.close();
  });

  it("keeps the model's proposals only when they validate, and falls back when it fails", async () => {
    standIn.behave({
      reply: () =>
        `Here you go: ${JSON.stringify({
          changes: [
            { op: "set_dataset", dataset_id: datasetId },
            { op: "set_label", column: "churned" },
            { op: "drop_column", column: "customer_id" },
            { op: "drop_column", column: "no_such_column" },
          ],
        })}`,
    });
    const created = await carol("POST", "/v1/pipeline-assistant/sessions", { goal: "churn model please" });
    expect(created.status).toBe(201);
    const { session_id: id } = created.body;
    expect(created.body.current_config.blocks.train.config.task.label_column).toBe("churned");
    expect(created.body.current_config.blocks.shape.config.drop).toEqual(["customer_id"]);
    expect(created.body.messages[1].content).toMatch(/proposed by stand-in; 1 unusable proposal/);
    const sent = standIn.received.at(-1)?.body;
    expect(sent?.model).toBe("stand-in");
    expect(sent?.messages[1].content).toContain("accounts");

    // A proposal that breaks the configuration (dropping the label) is not kept.
    standIn.behave({ reply: () => JSON.stringify({ changes: [{ op: "drop_column", column: "churned" }] }) });
    const refused = await carol("POST", `/v1/pipeline-assistant/sessions/${id}/messages`, {
      content: "drop churned",
    });
    expect(refused.body.current_config).toBeNull();
    expect(refused.body.reply).toMatch(/Not applied/);
    const kept = await carol("GET", `/v1/pipeline-assistant/sessions/${id}`);
    expect(kept.body.current_config.blocks.train.config.task.label_column).toBe("churned");

    // The model fails: the built-in reader takes over.
    standIn.behave({ status: 500 });
    const fallback = await carol("POST", `/v1/pipeline-assistant/sessions/${id}/messages`, {
      content: "use 3 trials",
    });
    expect(fallback.body.current_config.blocks.train.config.n_trials).toBe(3);
    expect(fallback.body.reply).toMatch(/language model failed/);
  });
});
