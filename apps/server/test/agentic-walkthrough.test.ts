import { afterAll, beforeAll, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { type Json, xorCsv } from "./agents-http.js";

// The reference walk-through as a user types it, with nothing but fetch: list the agent's execution types, start one
// with a file (multipart: `input` as JSON text plus `files[]`), poll it, read the result.
let server: RunningServer;
let token: string;
beforeAll(async () => {
  server = await startServer({ port: 0, concurrency: 1, trialWorkers: 1 });
  token = (await createTeamWithUser(server.db, { team: "walk", email: "walk@example.com" })).key;
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("lists definitions, starts an execution with a file, polls it and reads the result", async () => {
  const base = server.url;
  const headers = { Authorization: `Token ${token}` };
  const json = { ...headers, "Content-Type": "application/json" };

  // Data to learn from, and an agent that takes files.
  const upload = new FormData();
  upload.append("file", new Blob([xorCsv(300)]), "xor.csv");
  const file: Json = await (
    await fetch(`${base}/v1/files`, { method: "POST", headers, body: upload })
  ).json();
  const dataset: Json = await (
    await fetch(`${base}/v1/datasets`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ name: "xor", file_id: file.id }),
    })
  ).json();
  const agent: Json = await (
    await fetch(`${base}/v1/agents`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ name: "Scoring agent", settings: { file_upload_enabled: true } }),
    })
  ).json();

  // 1. What can it run, and with what input?
  const definitions: Json = await (
    await fetch(`${base}/v1/agents/${agent.id}/agentic-execution-definitions`, { headers })
  ).json();
  const keys = definitions.items.map((d: { key: string }) => d.key);
  expect(keys).toEqual(["dataset-profile", "train-model", "batch-predict", "drift-check", "explain-model"]);
  const predict = definitions.items.find((d: { key: string }) => d.key === "batch-predict");
  expect(Object.keys(predict.input_schema.properties)).toEqual([
    "model_id",
    "deployment_id",
    "file_id",
    "include_input",
  ]);

  // 2. Train a model (JSON), then poll until it is finished or failed.
  const poll = async (id: string): Promise<Json> => {
    for (;;) {
      const execution: Json = await (await fetch(`${base}/v1/agentic-executions/${id}`, { headers })).json();
      if (execution.status === "finished" || execution.status === "failed") return execution;
      await sleep(200);
    }
  };
  const training = await fetch(`${base}/v1/agents/${agent.id}/agentic-executions`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({
      execution_key: "train-model",
      input: { dataset_id: dataset.id, label_column: "y", model_types: ["gbdt"], n_trials: 1, n_splits: 2 },
    }),
  });
  expect(training.status).toBe(202);
  const trained: Json = await poll(((await training.json()) as Json).id);
  expect(trained.status).toBe("finished");

  // 3. Start a batch prediction with a file: multipart, `input` as a JSON string, the file as `files[]`.
  const form = new FormData();
  form.append("execution_key", "batch-predict");
  form.append("input", JSON.stringify({ model_id: trained.result.model_id }));
  form.append(
    "files[]",
    new Blob(["x0,x1,x2\n0.1,0.9,0.5\n0.9,0.9,0.5\n"], { type: "text/csv" }),
    "new_rows.csv",
  );
  const started = await fetch(`${base}/v1/agents/${agent.id}/agentic-executions`, {
    method: "POST",
    headers,
    body: form,
  });
  expect(started.status).toBe(202);
  const accepted: Json = await started.json();
  expect(accepted).toMatchObject({
    agent: agent.id,
    execution_key: "batch-predict",
    status: "pending",
    input: { model_id: trained.result.model_id, deployment_id: null, file_id: null, include_input: true },
    result: null,
    failure_code: null,
    files: [{ filename: "new_rows.csv", content_type: "text/csv" }],
  });
  expect(accepted.job_id).toMatch(/^[0-9a-f-]{36}$/);

  // 4. Poll, then read the result: a predictions file to download.
  const done: Json = await poll(accepted.id);
  expect(done).toMatchObject({
    status: "finished",
    failure_code: null,
    result: { rows: 2, predicted_rows: 2 },
  });
  expect(done.duration_seconds).toBeGreaterThan(0);
  const predictions = await (await fetch(`${base}${done.result.file_url}`, { headers })).text();
  expect(predictions.split("\n")[0]).toBe("x0,x1,x2,prediction,proba_a,proba_b");
  const listed: Json = await (
    await fetch(`${base}/v1/agentic-executions?agent_id=${agent.id}`, { headers })
  ).json();
  expect(listed.items.map((e: { id: string }) => e.id)).toEqual([done.id, trained.id]);

  // 5. Why it finished: the steps it took.
  const conversation: Json = await (
    await fetch(`${base}/v1/agent-conversations/${done.conversation}`, { headers })
  ).json();
  expect(conversation.messages.map((m: { role: string }) => m.role)).toEqual([
    "user",
    "system",
    "agent",
    "agent",
    "validator",
    "system",
  ]);
});
