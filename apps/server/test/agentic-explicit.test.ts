import { afterAll, beforeAll, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { exampleDataset, http, type Json, settled } from "./agentic-fixtures.js";

let server: RunningServer;
let key: string;
beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1, concurrency: 2 });
  key = (await createTeamWithUser(server.db, { team: "agentic", email: "agentic@example.com" })).key;
});
afterAll(() => server.close());

it("walks every phase with an explicit decision", async () => {
  const { ok } = http(server, key);
  const datasetId = await exampleDataset(server, key);
  const started = await ok("POST", "/v1/agentic/runs", {
    model_name: "Penguin species",
    user_query: "predict the species of penguins",
    auto_apply_safe_features: false,
  });
  expect(started.status).toBe("running");
  const run = started.run_id;
  const decide = async (type: string, body: Json) => {
    const state = await settled(server, key, run);
    expect(state.status, JSON.stringify(state.error)).toBe("waiting_for_decision");
    expect(state.pending_decision.decision_type).toBe(type);
    const answer = await ok("POST", `/v1/agentic/runs/${run}/decisions`, { decision_type: type, ...body });
    return { state, answer };
  };
  let { state } = await decide("data_preparation", { choice_index: 0 });
  expect(state.pending_decision.options[0].value.dataset_id).toBe(datasetId);
  ({ state } = await decide("data_preparation", { choice_index: 0 }));
  ({ state } = await decide("label_selection", { choice_index: 0 }));
  ({ state } = await decide("feature_engineering", { apply_indices: [0] }));
  ({ state } = await decide("model_training", { choice_index: 0 }));
  ({ state } = await decide("model_deployment", { action: "approve" }));
  ({ state } = await decide("report_creation", { choice_index: 0 }));
  ({ state } = await decide("monitoring_creation", { choice_index: 0 }));
  state = await settled(server, key, run);
  expect(state.status, JSON.stringify(state.error)).toBe("completed");
});
