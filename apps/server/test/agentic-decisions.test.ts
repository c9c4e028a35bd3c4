import { afterAll, beforeAll, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { exampleDataset, http, type Json, settled } from "./agentic-fixtures.js";

// Every decision type refuses what is missing or out of range with a 400 naming the field, and a decision of the
// wrong type with a 409; then the right answer moves the run on.
let server: RunningServer;
let key: string;
let api: ReturnType<typeof http>;
beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1, concurrency: 2 });
  key = (await createTeamWithUser(server.db, { team: "decide", email: "decide@example.com" })).key;
  api = http(server, key);
});
afterAll(() => server.close());

/** Sends a decision and expects a 400 whose details name `path`. */
async function refused(run: string, body: Json, path: string): Promise<string> {
  const { status, json } = await api.call("POST", `/v1/agentic/runs/${run}/decisions`, body);
  expect(status, JSON.stringify(json)).toBe(400);
  expect(json.error.details.map((d: Json) => d.path)).toContain(path);
  return json.error.message;
}

it("refuses a bad start with the field named", async () => {
  const bad = async (body: Json, path: string) => {
    const { status, json } = await api.call("POST", "/v1/agentic/runs", body);
    expect(status, JSON.stringify(json)).toBe(400);
    expect(json.error.details[0].path).toBe(path);
    return json.error.message as string;
  };
  await bad({}, "body.model_name");
  const unknown = await bad(
    { model_name: "m", require_approval: ["label_selection", "training"] },
    "body.require_approval.1",
  );
  expect(unknown).toContain("data_preparation, label_selection, feature_engineering, model_training");
  await bad({ model_name: "m", phase_plan: ["model_training", "label_selection"] }, "body.phase_plan.1");
  await bad({ model_name: "m", phase_plan: ["monitoring_creation"] }, "body.phase_plan.0");
  await bad({ model_name: "m", decision_timeout_seconds: 0 }, "body.decision_timeout_seconds");
  const missing = await api.call("POST", "/v1/agentic/runs", {
    model_name: "m",
    dataset_id: "00000000-0000-4000-8000-000000000000",
  });
  expect(missing.status).toBe(404);
});

it("checks each decision type against its pending decision", async () => {
  const datasetId = await exampleDataset(server, key);
  const { run_id: run } = await api.ok("POST", "/v1/agentic/runs", {
    model_name: "Checked",
    dataset_id: datasetId,
    auto_apply_safe_features: false,
  });
  const waitFor = async (type: string) => {
    const state = await settled(server, key, run);
    expect(state.status, JSON.stringify(state.error)).toBe("waiting_for_decision");
    expect(state.pending_decision.decision_type).toBe(type);
    return state.pending_decision;
  };

  await waitFor("data_preparation");
  const wrong = await api.call("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "label_selection",
    choice_index: 0,
  });
  expect(wrong.status).toBe(409);
  expect(wrong.json.error.message).toContain("data_preparation");
  await refused(run, { decision_type: "data_preparation" }, "body.selected_indices");
  await refused(run, { decision_type: "data_preparation", selected_indices: [7] }, "body.selected_indices.0");
  await refused(
    run,
    { decision_type: "data_preparation", custom_value: { drop_columns: ["Wingspan"] } },
    "body.custom_value.drop_columns.0",
  );
  await refused(
    run,
    {
      decision_type: "data_preparation",
      custom_value: { filter: { kind: "cmp", col: "Wingspan", op: ">", value: 1 } },
    },
    "body.custom_value.filter.col",
  );
  await api.ok("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "data_preparation",
    custom_value: { filter: { kind: "cmp", col: "Island", op: "!=", value: "Torgersen" } },
  });

  await waitFor("label_selection");
  await refused(run, { decision_type: "label_selection" }, "body.choice_index");
  await refused(run, { decision_type: "label_selection", choice_index: 42 }, "body.choice_index");
  expect(
    await refused(run, { decision_type: "label_selection", custom_value: "Wingspan" }, "body.custom_value"),
  ).toContain("Species");
  expect(
    await refused(
      run,
      { decision_type: "label_selection", custom_value: "Species", label_type: "regression" },
      "body.label_type",
    ),
  ).toContain("numbers");
  await refused(
    run,
    { decision_type: "label_selection", custom_value: "Island", label_type: "binary" },
    "body.label_type",
  );
  await api.ok("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "label_selection",
    custom_value: "Species",
  });

  const features = await waitFor("feature_engineering");
  await refused(run, { decision_type: "feature_engineering" }, "body.apply_indices");
  await refused(run, { decision_type: "feature_engineering", apply_indices: [99] }, "body.apply_indices.0");
  await refused(
    run,
    { decision_type: "feature_engineering", selected_features: ["Wingspan"] },
    "body.selected_features.0",
  );
  await refused(
    run,
    { decision_type: "feature_engineering", apply_indices: [0], skip_indices: [0] },
    "body.skip_indices.0",
  );
  // Two rounds: the first settles one suggestion and keeps the phase open; the second offers the rest.
  await api.ok("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "feature_engineering",
    apply_indices: [0],
    done: false,
  });
  const second = await waitFor("feature_engineering");
  expect(second.round).toBe(2);
  expect(second.options.map((o: Json) => o.label)).toEqual(
    features.options.slice(1).map((o: Json) => o.label),
  );
  await api.ok("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "feature_engineering",
    skip_indices: [0, 1],
  });

  await waitFor("model_training");
  await refused(run, { decision_type: "model_training", choice_index: 3 }, "body.choice_index");
  await refused(
    run,
    { decision_type: "model_training", custom_value: { model_types: ["magic"] } },
    "body.custom_value.model_types.0",
  );
  await refused(
    run,
    { decision_type: "model_training", custom_value: { n_trials: 0 } },
    "body.custom_value.n_trials",
  );
  await api.ok("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "model_training",
    custom_value: { model_types: ["linear"], n_trials: 1, n_splits: 2 },
  });

  await waitFor("model_deployment");
  await refused(run, { decision_type: "model_deployment" }, "body.action");
  await refused(run, { decision_type: "model_deployment", action: "launch" }, "body.action");
  await api.ok("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "model_deployment",
    choice_index: 0,
  });

  await waitFor("report_creation");
  await refused(run, { decision_type: "report_creation" }, "body.choice_index");
  await refused(
    run,
    { decision_type: "report_creation", report_config: { sections: ["poetry"] } },
    "body.report_config.sections.0",
  );
  await api.ok("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "report_creation",
    skipped: true,
  });

  await waitFor("monitoring_creation");
  await refused(
    run,
    { decision_type: "monitoring_creation", monitoring_config: { numeric_statistic: "t" } },
    "body.monitoring_config.numeric_statistic",
  );
  await refused(
    run,
    { decision_type: "monitoring_creation", monitoring_config: { features: ["Wingspan"] } },
    "body.monitoring_config.features.0",
  );
  await api.ok("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "monitoring_creation",
    monitoring_config: { features: ["Island", "Body Mass (g)"], numeric_statistic: "ks" },
  });

  const done = await settled(server, key, run);
  expect(done.status, JSON.stringify(done.error)).toBe("completed");
  const late = await api.call("POST", `/v1/agentic/runs/${run}/decisions`, {
    decision_type: "monitoring_creation",
    choice_index: 0,
  });
  expect(late.status).toBe(409);
  // What was decided is what was done: the filter, the label, a linear model, no report, a KS monitor on two features.
  expect(done.results.data_preparation.filter).toMatchObject({ col: "Island", op: "!=" });
  expect(done.results.report_creation).toMatchObject({ skipped: true });
  const phases = await api.ok("GET", `/v1/agentic/runs/${run}/phases`);
  expect(phases.items.find((p: Json) => p.phase === "report_creation").status).toBe("skipped");
  const model = await api.ok("GET", `/v1/models/${done.model_id}`);
  expect(model.model_types).toEqual(["linear"]);
  const monitor = await api.ok("GET", `/v1/monitors/${done.monitor_id}`);
  expect(monitor.features.map((f: Json) => [f.column, f.statistic])).toEqual([
    ["Island", "psi"],
    ["Body Mass (g)", "ks"],
  ]);
});
