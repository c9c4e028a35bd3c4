import { expect, it } from "vitest";
import { csvDataset, http, pollExecution, xorCsv } from "./agents-http.js";
import { bullmqServer, completedJobs } from "./bullmq-server.js";

// PostgreSQL and BullMQ, with this process's own BullMQ worker (the worker processes of bullmq.test.ts run the same code).
const cluster = bullmqServer({ concurrency: 1 });

it("runs an execution and its trainer job on BullMQ workers, the trials fanned out over the trial queue", async () => {
  const { server } = cluster;
  const call = http(server.url, server.adminKey as string);
  // What BullMQ's workers completed, by queue: the execution's job and the trials of its trainer job.
  const { completed, close } = await completedJobs(cluster.prefix, ["parzen-jobs", "parzen-trials"]);
  const dataset = await csvDataset(call, "xor", xorCsv(200));
  const agent = (await call("POST", "/v1/agents", { name: "on bullmq", agent_type: "model-builder" })).body
    .id;
  const started = await call("POST", `/v1/agents/${agent}/agentic-executions`, {
    execution_key: "train-model",
    input: {
      dataset_id: dataset,
      label_column: "y",
      model_types: ["linear", "gbdt"],
      n_trials: 1,
      n_splits: 2,
    },
  });
  const e = await pollExecution(call, started.body.id);
  expect(e.status, e.failure_explanation).toBe("finished");
  const trainer = (await call("GET", `/v1/jobs/${e.result.trainer_job_id}`)).body;
  expect(trainer.result.trials).toHaveLength(2);
  // The execution's job id is its BullMQ job id; its trainer job ran inside it, its trials on the trial queue.
  await new Promise((r) => setTimeout(r, 500));
  await close();
  expect(completed["parzen-jobs"]).toContain(e.job_id);
  expect(completed["parzen-trials"]).toHaveLength(2);
});
