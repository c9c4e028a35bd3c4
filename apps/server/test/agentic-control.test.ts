import { afterAll, beforeAll, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { exampleDataset, http, type Json, settled } from "./agentic-fixtures.js";

// Skip, cancel, resume and decision timeouts, and team scoping: another team's run does not exist for it.
let server: RunningServer;
let api: ReturnType<typeof http>;
let key: string;
let other: ReturnType<typeof http>;
let datasetId: string;
beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1, concurrency: 2 });
  key = (await createTeamWithUser(server.db, { team: "control", email: "control@example.com" })).key;
  api = http(server, key);
  other = http(
    server,
    (await createTeamWithUser(server.db, { team: "other", email: "other@example.com" })).key,
  );
  datasetId = await exampleDataset(server, key);
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("skips the waiting phase and goes on with the next", async () => {
  const { run_id: run } = await api.ok("POST", "/v1/agentic/runs", {
    model_name: "Skipper",
    dataset_id: datasetId,
    require_approval: ["feature_engineering", "model_training"],
    auto_apply_safe_features: false,
  });
  let state = await settled(server, key, run);
  expect(state.current_phase).toBe("feature_engineering");
  // Phases left out of require_approval were decided without asking.
  expect(state.results.label_selection.label_column).toBe("Species");
  const skipped = await api.ok("POST", `/v1/agentic/runs/${run}/skip-phase`);
  expect(skipped).toMatchObject({ skipped_phase: "feature_engineering", next_phase: "model_training" });
  state = await settled(server, key, run);
  expect(state).toMatchObject({ status: "waiting_for_decision", current_phase: "model_training" });
  const phases = (await api.ok("GET", `/v1/agentic/runs/${run}/phases`)).items;
  expect(phases.map((p: Json) => [p.phase, p.status, p.requires_approval])).toEqual([
    ["data_preparation", "completed", false],
    ["label_selection", "completed", false],
    ["feature_engineering", "skipped", true],
    ["model_training", "waiting_for_decision", true],
    ["model_deployment", "pending", false],
    ["report_creation", "pending", false],
    ["monitoring_creation", "pending", false],
  ]);
  expect(phases[2].started_at).not.toBeNull();
  await api.ok("POST", `/v1/agentic/runs/${run}/cancel`);
});

it("cancels a run while it trains, and the trainer job stops", async () => {
  const { run_id: run } = await api.ok("POST", "/v1/agentic/runs", {
    model_name: "Cancelled",
    dataset_id: datasetId,
    require_approval: ["model_training"],
  });
  await settled(server, key, run);
  // A long plan, so the training is surely running when the cancel comes.
  await api.ok("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "model_training",
    custom_value: { model_types: ["gbdt", "random_forest", "extra_trees"], n_trials: 60, n_splits: 5 },
  });
  let training: Json;
  for (;;) {
    const state = await api.ok("GET", `/v1/agentic/runs/${run}`);
    training = state.progress.training;
    if (training?.status === "running") break;
    expect(state.status).toBe("running");
    await sleep(100);
  }
  const cancelled = await api.ok("POST", `/v1/agentic/runs/${run}/cancel`);
  expect(cancelled).toMatchObject({ success: true, status: "cancelled" });
  expect(cancelled.cancelled_job_ids).toContain(training.job_id);
  let job: Json;
  for (;;) {
    job = await api.ok("GET", `/v1/jobs/${training.job_id}`);
    if (job.status !== "running") break;
    await sleep(100);
  }
  expect(job.status).toBe("cancelled");
  const state = await api.ok("GET", `/v1/agentic/runs/${run}`);
  expect(state.status).toBe("cancelled");
  expect(state.model_id).toBeNull();
  const phases = (await api.ok("GET", `/v1/agentic/runs/${run}/phases`)).items;
  expect(phases.find((p: Json) => p.phase === "model_training").status).toBe("cancelled");
  expect((await api.call("POST", `/v1/agentic/runs/${run}/cancel`)).status).toBe(409);
  expect((await api.call("POST", `/v1/agentic/runs/${run}/resume`)).status).toBe(409);
});

it("resolves a timed-out decision with its recommendation, pauses, and resumes", async () => {
  const { run_id: run } = await api.ok("POST", "/v1/agentic/runs", {
    model_name: "Patient",
    dataset_id: datasetId,
    require_approval: ["label_selection"],
    decision_timeout_seconds: 1,
  });
  let state = await settled(server, key, run);
  expect(state.pending_decision.expires_at).not.toBeNull();
  const resumeEarly = await api.ok("POST", `/v1/agentic/runs/${run}/resume`);
  expect(resumeEarly.resumed).toBe(false);
  await sleep(1300);
  state = await api.ok("GET", `/v1/agentic/runs/${run}`);
  expect(state).toMatchObject({ status: "paused", current_phase: "label_selection", pending_decision: null });
  expect((await api.ok("GET", `/v1/agentic/runs/${run}/pending-decision`)).pending).toBe(false);
  expect(state.results.label_selection).toBeUndefined();
  const resumed = await api.ok("POST", `/v1/agentic/runs/${run}/resume`);
  expect(resumed).toMatchObject({ resumed: true, status: "running" });
  // The recommended label was taken; nothing else asks, so the run goes to the end.
  state = await settled(server, key, run);
  expect(state.status, JSON.stringify(state.error)).toBe("completed");
  expect(state.results.label_selection.label_column).toBe("Species");
  expect(state.deployment_id).not.toBeNull();
});

it("answers 404 for another team's run, and 404 for its dataset", async () => {
  const { run_id: run } = await api.ok("POST", "/v1/agentic/runs", {
    model_name: "Mine",
    dataset_id: datasetId,
  });
  await settled(server, key, run);
  for (const [method, path, body] of [
    ["GET", ""],
    ["GET", "/pending-decision"],
    ["POST", "/decisions", { decision_type: "data_preparation", choice_index: 0 }],
    ["GET", "/phases"],
    ["POST", "/cancel"],
    ["POST", "/skip-phase"],
    ["POST", "/resume"],
    ["POST", "/chat", { content: "skip this phase" }],
    ["GET", "/chat"],
    ["POST", "/retrain", {}],
    ["GET", "/preprocessing/dag"],
    ["GET", "/preprocessing/lineage"],
  ] as [string, string, Json?][]) {
    const answer = await other.call(method, `/v1/agentic/runs/${run}${path}`, body);
    expect(answer.status, `${method} ${path}`).toBe(404);
    expect(answer.json.error.code).toBe("not_found");
  }
  expect((await other.call("POST", "/v1/agentic/runs", { model_name: "x", run_id: run })).status).toBe(404);
  expect(
    (await other.call("POST", "/v1/agentic/runs", { model_name: "x", dataset_id: datasetId })).status,
  ).toBe(404);
  // Still there, untouched, for its own team.
  expect((await api.ok("GET", `/v1/agentic/runs/${run}`)).status).toBe("waiting_for_decision");
  expect((await api.ok("GET", `/v1/agentic/runs/${run}/chat`)).items).toEqual([]);
});
