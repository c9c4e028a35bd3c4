import { expect, it } from "vitest";
import { csvDataset, pollExecution, waitFor } from "./agents-http.js";
import { kill, syntheticCsv } from "./processes.js";
import { restartableServers } from "./restartable-server.js";

const KEY = "pz_agents_recovery_key_0123456789abcd";
const server = restartableServers("agents-recovery", KEY);

it("an execution whose server is killed mid-training finishes after a restart, resuming its trainer job", async () => {
  const first = await server();
  const dataset = await csvDataset(first.call, "synthetic", syntheticCsv(6_000));
  const agent = (await first.call("POST", "/v1/agents", { name: "trainer", agent_type: "model-builder" }))
    .body.id;
  const started = await first.call("POST", `/v1/agents/${agent}/agentic-executions`, {
    execution_key: "train-model",
    input: { dataset_id: dataset, label_column: "y", model_types: ["gbdt"], n_trials: 5, n_splits: 3 },
  });
  expect(started.status).toBe(202);
  // Kill the server (SIGKILL, no cleanup) once its trainer job has journaled two trials.
  const trainerJob = await waitFor(async () => {
    const jobs = (await first.call("GET", "/v1/jobs?kind=trainer.run&status=running")).body.items;
    return jobs.find((j: { progress: { trials_done?: number } }) => Number(j.progress.trials_done) >= 2)
      ?.id as string;
  }, 120_000);
  await kill(first.process);

  const second = await server();
  const e = await pollExecution(second.call, started.body.id, 150_000);
  expect(e.status, e.failure_explanation).toBe("finished");
  expect(e.result.trainer_job_id).toBe(trainerJob);
  const job = (await second.call("GET", `/v1/jobs/${trainerJob}`)).body;
  expect(job.result.resumed_trials).toBeGreaterThanOrEqual(2);
  const conversation = (await second.call("GET", `/v1/agent-conversations/${e.conversation}`)).body;
  expect(conversation.messages.map((m: { content: string }) => m.content)).toContainEqual(
    expect.stringMatching(/^Picked up again \(claim 2\) after its worker stopped/),
  );
  expect((await second.call("GET", `/v1/models/${e.result.model_id}`)).status).toBe(200);
}, 240_000);
