import { expect, it } from "vitest";
import { csvDataset, type Json, waitFor } from "./agents-http.js";
import { kill, syntheticCsv } from "./processes.js";
import { restartableServers } from "./restartable-server.js";

const KEY = "pz_agentic_recovery_key_0123456789abc";
const server = restartableServers("agentic-recovery", KEY);

it("a run whose server is killed while it trains finishes after a restart, resuming the same trainer job", async () => {
  const first = await server();
  const dataset = await csvDataset(first.call, "synthetic", syntheticCsv(6_000));
  const started = await first.call("POST", "/v1/agentic/runs", {
    model_name: "Survivor",
    dataset_id: dataset,
    require_approval: ["model_training"],
  });
  expect(started.status).toBe(202);
  const run = started.body.run_id;
  // Everything else is decided without asking; the training plan is small but takes a few trials.
  await waitFor(
    async () =>
      (await first.call("GET", `/v1/agentic/runs/${run}/pending-decision`)).body.pending || undefined,
    60_000,
  );
  const decided = await first.call("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "model_training",
    custom_value: { model_types: ["gbdt"], n_trials: 5, n_splits: 3 },
  });
  expect(decided.status).toBe(200);
  // Kill the server (SIGKILL, no cleanup) once the run's trainer job has journaled two trials.
  const trainerJob = await waitFor(async () => {
    const state = (await first.call("GET", `/v1/agentic/runs/${run}`)).body;
    const training = state.progress.training;
    return Number(training?.trials_done) >= 2 ? (training.job_id as string) : undefined;
  }, 120_000);
  await kill(first.process);

  const second = await server();
  const state: Json = await waitFor(async () => {
    const s = (await second.call("GET", `/v1/agentic/runs/${run}`)).body;
    return ["completed", "failed", "cancelled"].includes(s.status) ? s : undefined;
  }, 180_000);
  expect(state.status, JSON.stringify(state.error)).toBe("completed");
  expect(state.results.model_training.job_id).toBe(trainerJob);
  const job = (await second.call("GET", `/v1/jobs/${trainerJob}`)).body;
  expect(job.result.resumed_trials).toBeGreaterThanOrEqual(2);
  expect(state.results.label_selection).toMatchObject({ label_column: "y", task_kind: "regression" });
  const predicted = await second.call("POST", `/v1/deployments/${state.deployment_id}/predict`, {
    records: [{ x0: 0.1, x1: 0.2, x2: 0.3, x3: 0.9, x4: 0.5, x5: 0.5 }],
  });
  expect(predicted.status).toBe(200);
  const phases = (await second.call("GET", `/v1/agentic/runs/${run}/phases`)).body.items;
  expect(phases.map((p: Json) => p.status)).toEqual(Array(7).fill("completed"));
}, 300_000);
