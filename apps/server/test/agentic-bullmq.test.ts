import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { exampleDataset, http, type Json, settled } from "./agentic-fixtures.js";
import { temporaryPostgres } from "./databases.js";

// On PostgreSQL and BullMQ: every phase of a run is a job the BullMQ workers take, like trainer jobs.
const REDIS_URL = process.env.PARZEN_TEST_REDIS ?? "redis://127.0.0.1:6379";
const PREFIX = `parzen-test-${randomUUID().slice(0, 8)}`;
const postgres = temporaryPostgres();
let server: RunningServer;
let key: string;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    databaseUrl: postgres.url,
    redisUrl: REDIS_URL,
    redisPrefix: PREFIX,
    concurrency: 2,
    trialWorkers: 1,
  });
  key = (await createTeamWithUser(server.db, { team: "bull", email: "bull@example.com" })).key;
});

afterAll(async () => {
  await server?.close();
  for (const name of ["parzen-jobs", "parzen-trials"]) {
    const queue = new Queue(name, { connection: { url: REDIS_URL }, prefix: PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
  }
});

it("runs each phase's step job and the training on BullMQ workers, with the run kept in PostgreSQL", async () => {
  const completed: string[] = [];
  const events = new QueueEvents("parzen-jobs", { connection: { url: REDIS_URL }, prefix: PREFIX });
  events.on("completed", ({ jobId }) => completed.push(jobId));
  await events.waitUntilReady();
  const api = http(server, key);
  const datasetId = await exampleDataset(server, key);
  const { run_id: run } = await api.ok("POST", "/v1/agentic/runs", {
    model_name: "Queued penguins",
    dataset_id: datasetId,
    require_approval: ["model_deployment"],
  });
  let state = await settled(server, key, run);
  expect(state.pending_decision?.decision_type, JSON.stringify(state.error)).toBe("model_deployment");
  await api.ok("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "model_deployment",
    action: "approve",
  });
  state = await settled(server, key, run);
  expect(state.status, JSON.stringify(state.error)).toBe("completed");
  const steps = (await api.ok("GET", "/v1/jobs?kind=agentic.step&page_size=100")).items.map(
    (j: Json) => j.id,
  );
  // One step job before the decision, one after: both came through the queue.
  expect(steps).toHaveLength(2);
  await new Promise((r) => setTimeout(r, 500));
  for (const id of steps) expect(completed).toContain(id);
  await events.close();
  const predicted = await api.ok("POST", `/v1/deployments/${state.deployment_id}/predict`, {
    records: [
      {
        Island: "Biscoe",
        "Beak Length (mm)": 48,
        "Beak Depth (mm)": 15,
        "Flipper Length (mm)": 220,
        "Body Mass (g)": 5400,
        Sex: "MALE",
      },
    ],
  });
  expect(predicted.predictions).toEqual(["Gentoo"]);
});
