import { beforeAll, expect, it } from "vitest";
import { createTeamWithUser } from "../src/index.js";
import { exampleDataset, http, type Json, settled } from "./agentic-fixtures.js";
import { bullmqServer, completedJobs } from "./bullmq-server.js";

// On PostgreSQL and BullMQ: every phase of a run is a job the BullMQ workers take, like trainer jobs.
const cluster = bullmqServer({ concurrency: 2 });
let key: string;
beforeAll(async () => {
  key = (await createTeamWithUser(cluster.server.db, { team: "bull", email: "bull@example.com" })).key;
});

it("runs each phase's step job and the training on BullMQ workers, with the run kept in PostgreSQL", async () => {
  const { server } = cluster;
  const { completed, close } = await completedJobs(cluster.prefix, ["parzen-jobs"]);
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
  for (const id of steps) expect(completed["parzen-jobs"]).toContain(id);
  await close();
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
