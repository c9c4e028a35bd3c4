import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { csvDataset, http, pollExecution, xorCsv } from "./agents-http.js";
import { temporaryPostgres } from "./databases.js";

const REDIS_URL = process.env.PARZEN_TEST_REDIS ?? "redis://127.0.0.1:6379";
const PREFIX = `parzen-test-${randomUUID().slice(0, 8)}`;
const postgres = temporaryPostgres();
let server: RunningServer;

beforeAll(async () => {
  // PostgreSQL and BullMQ, with this process's own BullMQ worker (the worker processes of bullmq.test.ts run the same code).
  server = await startServer({
    port: 0,
    databaseUrl: postgres.url,
    redisUrl: REDIS_URL,
    redisPrefix: PREFIX,
    concurrency: 1,
    trialWorkers: 1,
  });
});

afterAll(async () => {
  await server?.close();
  for (const name of ["parzen-jobs", "parzen-trials"]) {
    const queue = new Queue(name, { connection: { url: REDIS_URL }, prefix: PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
  }
});

it("runs an execution and its trainer job on BullMQ workers, the trials fanned out over the trial queue", async () => {
  const call = http(server.url, server.adminKey as string);
  // What BullMQ's workers completed, by queue: the execution's job and the trials of its trainer job.
  const completed: Record<string, string[]> = { "parzen-jobs": [], "parzen-trials": [] };
  const listeners = Object.keys(completed).map((name) => {
    const events = new QueueEvents(name, { connection: { url: REDIS_URL }, prefix: PREFIX });
    events.on("completed", ({ jobId }) => completed[name].push(jobId));
    return events;
  });
  await Promise.all(listeners.map((l) => l.waitUntilReady()));
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
  await Promise.all(listeners.map((l) => l.close()));
  expect(completed["parzen-jobs"]).toContain(e.job_id);
  expect(completed["parzen-trials"]).toHaveLength(2);
});
