import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { modelKey } from "../src/models/repository.js";
import {
  type Call,
  csvDataset,
  csvForm,
  http,
  type Json,
  pollExecution,
  waitFor,
  xorCsv,
} from "./agents-http.js";

// One job worker: an execution and the trainer jobs it starts share it (a child runs inside its parent's slot).
let server: RunningServer;
let alice: Call;
let xor: string;
let noisy: string;
let engineer: string;
let modelId: string;

beforeAll(async () => {
  server = await startServer({ port: 0, concurrency: 1, trialWorkers: 1, leaseMs: 2000 });
  const a = await createTeamWithUser(server.db, { team: "alice", email: "alice@example.com" });
  alice = http(server.url, a.key);
  xor = await csvDataset(alice, "xor", xorCsv(300));
  noisy = await csvDataset(alice, "noisy", xorCsv(200, 0.3, 5));
  engineer = (
    await alice("POST", "/v1/agents", {
      name: "engineer",
      settings: { file_upload_enabled: true, max_retries: 1 },
    })
  ).body.id;
});
afterAll(() => server.close());

const run = async (execution_key: string, input: unknown, agent = engineer): Promise<Json> => {
  const started = await alice("POST", `/v1/agents/${agent}/agentic-executions`, { execution_key, input });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return pollExecution(alice, started.body.id);
};
const messages = async (e: Json) =>
  (await alice("GET", `/v1/agent-conversations/${e.conversation}`)).body.messages as Json[];
const train = (input: Record<string, unknown>) =>
  run("train-model", { dataset_id: xor, label_column: "y", n_splits: 2, n_trials: 1, ...input });

describe("dataset-profile", () => {
  it("profiles a version against a label", async () => {
    const e = await run("dataset-profile", { dataset_id: xor, label_column: "y" });
    expect(e.status, e.failure_explanation).toBe("finished");
    expect(e.result).toMatchObject({
      dataset_id: xor,
      row_count: 300,
      column_count: 4,
      label: { task_kind: "binary" },
    });
    expect(e.input).toMatchObject({ fail_on: [], dataset_version_id: e.result.dataset_version_id });
    const verdict = (await messages(e)).find((m) => m.role === "validator");
    expect(verdict).toMatchObject({
      data: { accepted: true },
      content: expect.stringMatching(/^Profiled 300 rows/),
    });
  });

  it("fails with validation_failed when a gated finding turns up", async () => {
    const rows = xorCsv(50).trim().split("\n");
    const ids = await csvDataset(
      alice,
      "with-ids",
      rows.map((l, i) => `${i === 0 ? "id" : i},${l}`).join("\n"),
    );
    const e = await run("dataset-profile", { dataset_id: ids, fail_on: ["id_like", "leakage"] });
    expect(e).toMatchObject({ status: "failed", failure_code: "validation_failed" });
    expect(e.failure_explanation).toMatch(/fails the gate \(id_like, leakage\).*"id"/);
  });
});

describe("train-model", () => {
  it("trains through a trainer job and stores the model", async () => {
    const e = await train({ model_types: ["gbdt"] });
    expect(e.status, e.failure_explanation).toBe("finished");
    expect(e.result).toMatchObject({ metric: "auc", model_types: ["gbdt"], attempt: 1 });
    expect(e.result.cv_score).toBeGreaterThan(0.85);
    expect(e.started_at).not.toBeNull();
    expect(e.duration_seconds).toBeGreaterThan(0);
    modelId = e.result.model_id;
    const model = await alice("GET", `/v1/models/${modelId}`);
    expect(model.body).toMatchObject({ job_id: e.result.trainer_job_id, dataset_id: xor });
    expect((await alice("GET", `/v1/jobs/${e.result.trainer_job_id}`)).body.status).toBe("completed");
    const roles = (await messages(e)).map((m) => m.role);
    expect(roles).toEqual(["user", "system", "agent", "agent", "validator", "system"]);
  });

  it("corrects a missed minimum score with more families and a bigger budget, and then passes", async () => {
    const e = await train({ model_types: ["linear"], metric: "accuracy", min_score: 0.8 });
    expect(e.status, e.failure_explanation).toBe("finished");
    expect(e.result).toMatchObject({ attempt: 2, model_types: ["linear", "gbdt"], n_trials: 2 });
    expect(e.result.cv_score).toBeGreaterThanOrEqual(0.8);
    const verdicts = (await messages(e)).filter((m) => m.role === "validator");
    expect(verdicts.map((m) => m.data.accepted)).toEqual([false, true]);
    expect(verdicts[0].content).toMatch(/misses the minimum 0.8; next: linear, gbdt with 2 trial/);
    expect(verdicts[0].data.cv_score).toBeLessThan(0.8);
  });

  it("fails with max_retries_exceeded when no correction reaches the minimum", async () => {
    const e = await run("train-model", {
      dataset_id: noisy,
      label_column: "y",
      model_types: ["linear"],
      metric: "accuracy",
      min_score: 0.99,
      n_splits: 2,
      n_trials: 1,
    });
    expect(e.status).toBe("failed");
    expect(e.failure_code).toBe("max_retries_exceeded");
    expect(e.failure_explanation).toMatch(
      /misses the minimum 0.99.*after 2 attempt\(s\).*allows 1 correction/,
    );
    const jobs = (await messages(e)).filter((m) => m.data?.trainer_job_id).map((m) => m.data.trainer_job_id);
    expect(new Set(jobs).size).toBe(2);
  });

  it("fails with training_failed when the trainer refuses the data", async () => {
    const e = await train({ task_kind: "regression" });
    expect(e).toMatchObject({ status: "failed", failure_code: "training_failed", result: null });
    expect(e.failure_explanation).toMatch(/Regression needs a numeric label.*invalid_input/);
    const old = await alice("GET", `/v1/agent-executions/${e.id}`);
    expect(old.body).toMatchObject({ status: "failed", error: { code: "training_failed" } });
  });
});

describe("batch-predict", () => {
  const rows = "x0,x1,x2\n0.1,0.9,0.5\n0.9,0.9,0.5\n0.2,0.1,0.3\n";
  const form = (csv: string, input: unknown) => {
    const f = new FormData();
    f.set("execution_key", "batch-predict");
    f.set("input", JSON.stringify(input));
    f.append("files[]", new Blob([csv], { type: "text/csv" }), "rows.csv");
    return f;
  };
  const start = async (body: unknown) => {
    const started = await alice("POST", `/v1/agents/${engineer}/agentic-executions`, body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return pollExecution(alice, started.body.id);
  };

  it("predicts an uploaded file into a predictions file", async () => {
    const e = await start(form(rows, { model_id: modelId }));
    expect(e.status, e.failure_explanation).toBe("finished");
    expect(e.files).toEqual([
      expect.objectContaining({
        filename: "rows.csv",
        content_type: "text/csv",
        file_url: `/v1/files/${e.files[0].id}/content`,
      }),
    ]);
    expect(e.dataset_id).toBe(xor);
    expect(e.result).toMatchObject({ rows: 3, predicted_rows: 3, input_file_id: e.files[0].id });
    const csv = (await alice("GET", e.result.file_url)).body as string;
    const [header, ...lines] = csv.trim().split("\n");
    expect(header).toBe("x0,x1,x2,prediction,proba_a,proba_b");
    expect(lines.map((l) => l.split(",")[3])).toEqual(["a", "b", "b"]);
  });

  it("predicts with the model a deployment serves", async () => {
    const deployment = await alice("POST", "/v1/deployments", { name: "xor-live", model_id: modelId });
    expect(deployment.status, JSON.stringify(deployment.body)).toBe(201);
    const e = await start(form(rows, { deployment_id: deployment.body.id }));
    expect(e.status, e.failure_explanation).toBe("finished");
    expect(e.result).toMatchObject({
      model_id: modelId,
      deployment_id: deployment.body.id,
      deployment_version: 1,
    });
  });

  it("predicts a stored file by id, without its input columns", async () => {
    const file = await alice(
      "POST",
      "/v1/files",
      (() => {
        const f = new FormData();
        f.set("file", new Blob([rows]), "stored.csv");
        return f;
      })(),
    );
    const e = await start({
      execution_key: "batch-predict",
      input: { model_id: modelId, file_id: file.body.id, include_input: false },
    });
    expect(e.status, e.failure_explanation).toBe("finished");
    expect(e.files).toEqual([]);
    expect(e.result.columns).toEqual(["prediction", "proba_a", "proba_b"]);
  });

  it("fails with missing_columns, unreadable_file and runtime_error as the file and model say", async () => {
    const missing = await start(form("x0,x2\n0.1,0.5\n", { model_id: modelId }));
    expect(missing).toMatchObject({ status: "failed", failure_code: "missing_columns" });
    expect(missing.failure_explanation).toMatch(/lacks column\(s\) the model reads: x1/);

    const empty = await start(form("x0,x1,x2\n", { model_id: modelId }));
    expect(empty).toMatchObject({ status: "failed", failure_code: "unreadable_file" });
    expect(empty.failure_explanation).toMatch(/^Cannot read "rows.csv" as a table/);

    // A model whose file is gone from the artifact store: an unexpected error, not the user's input.
    const doomed = (await train({ model_types: ["linear"] })).result.model_id;
    await rm(server.context.blobs.path(modelKey(doomed)));
    const broken = await start(form(rows, { model_id: doomed }));
    expect(broken).toMatchObject({ status: "failed", failure_code: "runtime_error" });
    const last = (await messages(broken)).at(-1);
    expect(last).toMatchObject({
      role: "system",
      content: expect.stringMatching(/^Failed \(runtime_error\)/),
    });
  });
});

describe("drift-check", () => {
  it("finds the columns that moved between two versions, and fails with drift_detected when asked to", async () => {
    const dataset = await csvDataset(alice, "drifting", xorCsv(300));
    // Version 2: the same rows with x0 halved (and so more labels b).
    const [header, ...lines] = xorCsv(300).trim().split("\n");
    const shifted = lines.map((l) => l.replace(/^[^,]+/, (x0) => (Number(x0) / 2).toFixed(4)));
    const v2 = await alice(
      "POST",
      `/v1/datasets/${dataset}/data`,
      csvForm([header, ...shifted].join("\n"), "v2.csv"),
    );
    expect(v2.status).toBe(201);

    const e = await run("drift-check", { dataset_id: dataset });
    expect(e.status, e.failure_explanation).toBe("finished");
    expect(e.input.current_version_id).toBe(v2.body.id);
    expect(e.result.drifted_columns).toContain("x0");
    expect(e.result.drifted_columns).not.toContain("x2");
    const x0 = e.result.columns.find((c: { column: string }) => c.column === "x0");
    expect(x0).toMatchObject({ statistic: "psi", drifted: true, threshold: 0.2 });

    const gated = await run("drift-check", {
      dataset_id: dataset,
      columns: ["x0", "x2"],
      numeric_statistic: "ks",
      fail_on_drift: true,
    });
    expect(gated).toMatchObject({ status: "failed", failure_code: "drift_detected" });
    expect(gated.failure_explanation).toMatch(/^1 of 2 column\(s\) drifted: x0 \(ks /);

    const single = await alice("POST", `/v1/agents/${engineer}/agentic-executions`, {
      execution_key: "drift-check",
      input: { dataset_id: xor },
    });
    expect(single.status).toBe(400);
    expect(single.body.error.details[0].path).toBe("body.input.reference_version_id");
  });
});

describe("explain-model", () => {
  it("reports the training-time importance, or measures it on a dataset's rows", async () => {
    const stored = await run("explain-model", { model_id: modelId });
    expect(stored.status, stored.failure_explanation).toBe("finished");
    expect(stored.result).toMatchObject({
      source: "training_evaluation",
      model_id: modelId,
      dataset_id: xor,
    });
    expect(stored.result.top_columns.slice(0, 2).sort()).toEqual(["x0", "x1"]);

    const measured = await run("explain-model", { model_id: modelId, dataset_id: xor, repeats: 2 });
    expect(measured.status, measured.failure_explanation).toBe("finished");
    expect(measured.result).toMatchObject({ source: "dataset", repeats: 2, rows: 300 });
    expect(measured.result.top_columns.slice(0, 2).sort()).toEqual(["x0", "x1"]);
    expect(measured.result.gain.map((g: { column: string }) => g.column)).toContain("x0");
  });

  it("fails with unfit_data when the rows hold a class the model never saw", async () => {
    const other = await csvDataset(alice, "new-class", "x0,x1,x2,y\n0.1,0.2,0.3,c\n0.4,0.5,0.6,a\n");
    const e = await run("explain-model", { model_id: modelId, dataset_id: other });
    expect(e).toMatchObject({ status: "failed", failure_code: "unfit_data" });
    expect(e.failure_explanation).toMatch(/label "c"/);
  });
});

describe("cancelling", () => {
  it("stops a running execution and its trainer job, and refuses to cancel an ended one", async () => {
    const started = await alice("POST", `/v1/agents/${engineer}/agentic-executions`, {
      execution_key: "train-model",
      input: { dataset_id: xor, label_column: "y", model_types: ["gbdt"], n_trials: 50, n_splits: 5 },
    });
    const id = started.body.id;
    const trainerJob = await waitFor(
      async () =>
        (await alice("GET", "/v1/jobs?kind=trainer.run&status=running")).body.items[0]?.id as string,
    );
    const asked = await alice("POST", `/v1/agentic-executions/${id}/cancel`);
    expect(asked.status).toBe(200);
    const e = await pollExecution(alice, id);
    expect(e).toMatchObject({ status: "failed", failure_code: "cancelled" });
    expect((await alice("GET", `/v1/agent-executions/${id}`)).body.status).toBe("cancelled");
    // The trainer job stops at its next heartbeat.
    await waitFor(async () => (await alice("GET", `/v1/jobs/${trainerJob}`)).body.status === "cancelled");
    expect((await alice("POST", `/v1/agentic-executions/${id}/cancel`)).status).toBe(409);
    expect((await alice("POST", `/v1/agent-executions/${id}/cancel`)).status).toBe(409);
  });
});
