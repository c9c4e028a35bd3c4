import { ConflictError, NotFoundError, type ParzenClient, ValidationError } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { exampleDataset } from "./agentic-fixtures.js";
import { teamAccess } from "./clients.js";
import { example, failure } from "./deploy-fixtures.js";
import { type LlmStandIn, startLlmStandIn } from "./llm-stand-in.js";

// client.agentic end to end: chat that acts through the same code as the API and answers with the run's real
// figures, retraining compared side by side, and the fitted pipeline's DAG and column lineage.
let server: RunningServer;
let alice: ParzenClient;
let datasetId: string;
let runId: string;
const quick = { pollInterval: 100, timeout: 240_000 };
beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1, concurrency: 2 });
  const access = await teamAccess(server, "alice");
  alice = access.client;
  datasetId = await exampleDataset(server, access.key);
});
afterAll(() => server.close());

const shifted = example("penguins").rows.map(({ Species: _, ...r }) => ({
  ...r,
  "Flipper Length (mm)": r["Flipper Length (mm)"] === null ? null : Number(r["Flipper Length (mm)"]) + 25,
}));

describe("client.agentic", () => {
  it("chats about the run's real state and acts on clear instructions", async () => {
    const started = await alice.agentic.startRun({
      model_name: "Chatty penguins",
      dataset_id: datasetId,
      require_approval: ["label_selection", "feature_engineering", "model_deployment"],
      auto_apply_safe_features: false,
    });
    runId = started.run_id;
    let run = await alice.agentic.waitUntilSettled(runId, quick);
    expect(run.pending_decision?.decision_type).toBe("label_selection");

    const options = await run.sendChat("What are my options, and what do you recommend?");
    expect(options.actions).toEqual([]);
    expect(options.phrased_by).toBe("built_in");
    expect(options.message.content).toContain("Species (multiclass) [recommended]");
    expect(options.message.content).toContain(run.pending_decision!.options[0].reason);

    const unknown = await run.sendChat("use Wingspan as the label");
    expect(unknown.actions).toEqual([]);
    expect(unknown.message.content).toMatch(/could not do that.*Wingspan.*not a column/);
    const label = await run.sendChat("Use Species as the label");
    expect(label.actions).toEqual([
      { action: "submit_decision", detail: { decision_type: "label_selection", custom_value: "Species" } },
    ]);
    expect(label.message.content).toContain('Predict "Species"');

    run = await run.waitUntilSettled(quick);
    expect(run.current_phase).toBe("feature_engineering");
    expect(run.results.label_selection).toMatchObject({ label_column: "Species", task_kind: "multiclass" });
    const why = await run.sendChat("Why did you suggest the ratio?");
    expect(why.message.content).toContain('"Beak Length (mm)" / "Beak Depth (mm)"');
    expect(why.message.content).toContain("not marked safe");
    const skip = await run.sendChat("skip this phase");
    expect(skip.actions[0]).toMatchObject({
      action: "skip_phase",
      detail: { skipped_phase: "feature_engineering", next_phase: "model_training" },
    });

    run = await run.waitUntilSettled(quick);
    expect(run.current_phase).toBe("model_deployment");
    const score = run.results.model_training.score as number;
    const performance = await run.sendChat("How is the model performing?");
    expect(performance.message.content).toContain(`logloss ${Math.round(score * 1000) / 1000}`);
    const approve = await run.sendChat("Approve the deployment");
    expect(approve.actions[0]).toMatchObject({ action: "submit_decision", detail: { action: "approve" } });

    run = await run.waitUntilSettled(quick);
    expect(run.status).toBe("completed");
    await alice.monitors.submitBatch(run.monitor_id!, shifted);
    const drift = await run.sendChat("What drifted?");
    expect(drift.message.content).toContain("Flipper Length (mm) (psi");

    const history = [];
    for await (const m of alice.agentic.getChatHistory(runId, { page_size: 5 })) history.push(m);
    expect(history).toHaveLength(16);
    expect(history.map((m) => m.role)).toEqual(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? "assistant" : "user")),
    );
    expect(history[0].content).toBe("What are my options, and what do you recommend?");
    expect(Date.parse(history[15].timestamp)).toBeGreaterThanOrEqual(Date.parse(history[0].timestamp));

    await failure(
      alice.agentic.submitDecision(runId, { decision_type: "model_deployment", action: "approve" }),
      ConflictError,
    );
    await failure(alice.agentic.getRunState("00000000-0000-4000-8000-000000000000"), NotFoundError);
    await failure(
      alice.agentic.startRun({ model_name: "x", require_approval: ["everything"] }),
      ValidationError,
    );
  });

  it("retrains side by side and switches the deployment only when asked", async () => {
    let run = await alice.agentic.getRunState(runId);
    const first = run.model_id!;
    const deploymentId = run.deployment_id!;
    const kept = await run.retrain({ plan: "fast", model_types: ["linear"] });
    expect(kept.status).toBe("running");
    await failure(run.retrain(), ConflictError);
    run = await waitForRetrains(run.run_id, 1);
    expect(run.retrains[0]).toMatchObject({
      status: "completed",
      baseline_model_id: first,
      metric: "logloss",
      switched: false,
      job_id: kept.job_id,
    });
    expect(run.retrains[0].model_id).not.toBe(first);
    expect(typeof run.retrains[0].better).toBe("boolean");
    expect(run.retrains[0].better).toBe(
      (run.retrains[0].score as number) < (run.retrains[0].baseline_score as number),
    );
    expect((await alice.deployments.retrieve(deploymentId)).model_id).toBe(first);

    await run.retrain({
      model_types: ["gbdt"],
      feature_steps: [{ type: "log", columns: ["Body Mass (g)"] }],
      switch_deployment: true,
    });
    run = await waitForRetrains(run.run_id, 2);
    const second = run.retrains[1];
    expect(second).toMatchObject({ status: "completed", switched: true });
    expect((await alice.deployments.retrieve(deploymentId)).model_id).toBe(second.model_id);
    expect(run.model_id).toBe(second.model_id);

    // The DAG and the lineage are those of the model now served, with the log step the retrain added.
    const dag = await run.getPreprocessingDag();
    expect(dag.model_id).toBe(second.model_id);
    const steps = dag.nodes.filter((n) => n.kind === "step").map((n) => n.label);
    expect(steps).toContain("log");
    expect(dag.edges.some((e) => e.from === "input:Island" && e.to.startsWith("step:"))).toBe(true);
    const lineage = await run.getColumnLineage();
    const mass = lineage.features.find((f) => f.feature === "Body Mass (g)")!;
    expect(mass.sources).toEqual(["Body Mass (g)"]);
    expect(mass.steps.some((s) => s.endsWith(":log"))).toBe(true);
    const island = lineage.inputs.find((i) => i.column === "Island")!;
    expect(island.features).toEqual(["Island=Biscoe", "Island=Dream", "Island=Torgersen"]);
    expect(island.dropped).toBeNull();
  });
});

/** Polls the run until it has `n` finished retrains. */
async function waitForRetrains(id: string, n: number) {
  for (;;) {
    const run = await alice.agentic.getRunState(id);
    if (run.retrains.length >= n && run.retrains.every((r) => r.status !== "running")) return run;
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe("with a language model configured", () => {
  let standIn: LlmStandIn;
  let phrased: RunningServer;
  beforeAll(async () => {
    // A STAND-IN for an OpenAI-compatible service (no real model runs here): it answers with a fixed sentence.
    standIn = await startLlmStandIn({ reply: () => "Phrased by the stand-in." });
    phrased = await startServer({ port: 0, llm: { baseUrl: standIn.baseUrl, model: "stand-in" } });
  });
  afterAll(async () => {
    await phrased.close();
    await standIn.close();
  });

  it("phrases the answer from the run's facts", async () => {
    const { client, key } = await teamAccess(phrased, "phrased");
    await exampleDataset(phrased, key);
    const started = await client.agentic.startRun({ model_name: "Phrased", user_query: "penguins" });
    await client.agentic.waitUntilSettled(started.run_id, quick);
    const reply = await client.agentic.sendChat(started.run_id, "Where are we?");
    expect(reply.phrased_by).toBe("llm");
    expect(reply.message.content).toBe("Phrased by the stand-in.");
    const system = standIn.received.at(-1)!.body.messages[0].content;
    expect(system).toContain('Run "Phrased" is waiting for decision');
    expect(system).toContain("penguins (344 rows, version 1) [recommended]");
  });
});
