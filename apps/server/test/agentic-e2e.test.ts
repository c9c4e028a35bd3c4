import { mkdir } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWithUser, type RunningServer, startServer } from "../src/index.js";
import { exampleDataset, http, type Json, settled } from "./agentic-fixtures.js";
import { launchChromium } from "./chromium.js";
import { example, randomHalf } from "./deploy-fixtures.js";

// Two whole runs on the penguins data: one answered by a person at every phase, one in auto mode. Each must end
// with a deployment that predicts, a report a browser draws, and a monitor that tells shifted data from usual data.
const ARTIFACTS = new URL("../test-artifacts/", import.meta.url).pathname;
const penguins = example("penguins").rows;
const usual = randomHalf(penguins).map(({ Species: _, ...r }) => r);
const shifted = usual.map((r) => ({
  ...r,
  "Flipper Length (mm)": r["Flipper Length (mm)"] === null ? null : Number(r["Flipper Length (mm)"]) + 18,
  "Body Mass (g)": r["Body Mass (g)"] === null ? null : Number(r["Body Mass (g)"]) * 1.3,
  Island: "Dream",
}));

let server: RunningServer;
let key: string;
let otherKey: string;
let browser: Browser;
beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1, concurrency: 2 });
  key = (await createTeamWithUser(server.db, { team: "agentic", email: "agentic@example.com" })).key;
  otherKey = (await createTeamWithUser(server.db, { team: "outsider", email: "outsider@example.com" })).key;
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server.close();
});

/** Opens the run's report in Chromium, keeps a screenshot, and returns how many charts have drawn marks. */
async function drawnCharts(
  reportId: string,
  name: string,
): Promise<{ charts: number; drawn: number; headings: string[] }> {
  const response = await fetch(`${server.url}/v1/reports/${reportId}`, {
    headers: { authorization: `Bearer ${key}`, accept: "text/html" },
  });
  expect(response.headers.get("content-type")).toMatch(/text\/html/);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  try {
    await page.setContent(await response.text(), { waitUntil: "load" });
    await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
    const marks = await page.$$eval("figure.chart svg", (svgs) =>
      svgs.map(
        (svg) =>
          [
            ...svg.querySelectorAll(
              "g.mark-rect path, g.mark-line path, g.mark-symbol path, g.mark-text text",
            ),
          ].filter((m) => {
            const b = (m as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return b.width > 0 || b.height > 0;
          }).length,
      ),
    );
    const headings = await page.$$eval("h2", (hs) => hs.map((h) => String(h.textContent)));
    return { charts: marks.length, drawn: marks.filter((n) => n > 0).length, headings };
  } finally {
    await page.close();
  }
}

/** What every finished run must have produced, checked through the public API. */
async function checkOutcome(state: Json, name: string): Promise<void> {
  const { ok } = http(server, key);
  expect(state.status, JSON.stringify(state.error)).toBe("completed");
  expect(state.progress).toMatchObject({ phases_total: 7, phases_done: 7, fraction: 1 });
  // The deployment serves the run's model and predicts species.
  const deployment = await ok("GET", `/v1/deployments/${state.deployment_id}`);
  expect(deployment.model_id).toBe(state.model_id);
  const predicted = await ok("POST", `/v1/deployments/${state.deployment_id}/predict`, {
    records: usual.slice(0, 5),
  });
  expect(predicted.predictions).toHaveLength(5);
  for (const p of predicted.predictions) expect(["Adelie", "Chinstrap", "Gentoo"]).toContain(p);
  // The report is a page with drawn charts, the run's decisions among its sections.
  const report = await drawnCharts(state.report_id, name);
  expect(report.charts).toBeGreaterThan(2);
  expect(report.drawn).toBe(report.charts);
  expect(report.headings.join(" ")).toMatch(/[Dd]ecisions/);
  // The monitor stays quiet on rows like the training data and flags the shifted ones.
  const quiet = await ok("POST", `/v1/monitors/${state.monitor_id}/batches`, { records: usual });
  expect(quiet.drift.filter((d: Json) => d.drifted)).toEqual([]);
  const loud = await ok("POST", `/v1/monitors/${state.monitor_id}/batches`, { records: shifted });
  const drifted = loud.drift.filter((d: Json) => d.drifted).map((d: Json) => d.column);
  expect(drifted).toEqual(expect.arrayContaining(["Flipper Length (mm)", "Body Mass (g)", "Island"]));
  // None of it exists for another team.
  const outsider = http(server, otherKey);
  for (const path of [
    `/v1/agentic/runs/${state.run_id}`,
    `/v1/deployments/${state.deployment_id}`,
    `/v1/reports/${state.report_id}`,
    `/v1/monitors/${state.monitor_id}`,
  ])
    expect((await outsider.call("GET", path)).status, path).toBe(404);
  const phases = await ok("GET", `/v1/agentic/runs/${state.run_id}/phases`);
  for (const p of phases.items) {
    expect(p.status).toBe("completed");
    expect(Date.parse(p.finished_at)).toBeGreaterThanOrEqual(Date.parse(p.started_at));
  }
}

describe("an agentic run on the penguins data", () => {
  it("takes an explicit decision at every phase", async () => {
    const { ok } = http(server, key);
    const datasetId = await exampleDataset(server, key);
    const started = await ok("POST", "/v1/agentic/runs", {
      model_name: "Penguin species",
      user_query: "predict the species of the penguins",
      auto_apply_safe_features: false,
    });
    expect(started).toMatchObject({ status: "running", resumed: false });
    const run = started.run_id;
    const decide = async (type: string, body: Json): Promise<Json> => {
      const state = await settled(server, key, run);
      expect(state.status, JSON.stringify(state.error)).toBe("waiting_for_decision");
      const pending = await ok("GET", `/v1/agentic/runs/${run}/pending-decision`);
      expect(pending).toMatchObject({ pending: true, status: "waiting_for_decision" });
      expect(pending.decision.decision_type).toBe(type);
      expect(pending.decision).toEqual(state.pending_decision);
      for (const o of pending.decision.options) expect(o.label && o.description && o.reason).toBeTruthy();
      expect(pending.decision.options.filter((o: Json) => o.recommended).length).toBeGreaterThan(0);
      const answer = await ok("POST", `/v1/agentic/runs/${run}/decisions`, { decision_type: type, ...body });
      expect(answer).toMatchObject({ run_id: run, phase: type, skipped: false });
      return pending.decision;
    };

    const datasets = await decide("data_preparation", { choice_index: 0 });
    expect(datasets.options[0].value.dataset_id).toBe(datasetId);
    const cleaning = await decide("data_preparation", { choice_index: 0 });
    expect(cleaning.context.rows).toBe(344);
    expect(cleaning.context.columns.map((c: Json) => c.name)).toContain("Body Mass (g)");
    const labels = await decide("label_selection", { choice_index: 0, label_type: "multiclass" });
    expect(labels.options[0].value).toMatchObject({ column: "Species", task_kind: "multiclass" });
    expect(labels.options[0].reason).toMatch(/request names it/);
    const features = await decide("feature_engineering", {
      apply_indices: [0],
      selected_features: ["Beak Depth (mm)"],
    });
    expect(features.options[0]).toMatchObject({ kind: "impute", safe: true });
    const ratio = features.options.find(
      (o: Json) => o.kind === "ratio" && o.value.columns.includes("Beak Depth (mm)"),
    );
    expect(ratio.safe).toBe(false);
    const plans = await decide("model_training", { choice_index: 0 });
    expect(plans.options.map((o: Json) => o.value.name)).toEqual(["fast", "balanced", "best"]);
    for (const o of plans.options) expect(o.value.estimated_seconds).toBeGreaterThan(0);
    const deploy = await decide("model_deployment", { action: "approve" });
    expect(deploy.context.metric).toBe("logloss");
    await decide("report_creation", {
      report_config: {
        title: "Penguins, reviewed",
        sections: [
          "data_profile",
          "leaderboard",
          "confusion_matrix",
          "feature_importance",
          "preprocessing",
          "decisions",
        ],
      },
    });
    await decide("monitoring_creation", { choice_index: 0 });
    const state = await settled(server, key, run);
    await checkOutcome(state, "agentic-explicit-report");
    // The accepted feature steps are part of the served model: its features include the ratio.
    const model = await ok("GET", `/v1/models/${state.model_id}`);
    expect(model.feature_names).toContain("Beak Length (mm)__per__Beak Depth (mm)");
    expect(state.results.feature_engineering.applied).toHaveLength(2);
    expect(state.results.model_training.plan).toBe("fast");
  });

  it("flows through every phase in auto mode", async () => {
    const { ok } = http(server, key);
    const datasetId = await exampleDataset(server, key);
    const started = await ok("POST", "/v1/agentic/runs", {
      model_name: "Penguins, automatically",
      dataset_id: datasetId,
      auto_mode: true,
    });
    const state = await settled(server, key, started.run_id);
    await checkOutcome(state, "agentic-auto-report");
    expect(state.results.model_training.plan).toBe("balanced");
    expect(state.results.label_selection.label_column).toBe("Species");
    // Only the safe suggestions were applied.
    expect(state.results.feature_engineering.applied.join(" ")).not.toMatch(/ratio/);
    // In auto mode a retrain moves the deployment only if its model scores better.
    await ok("POST", `/v1/agentic/runs/${state.run_id}/retrain`, { params: { plan: "fast", n_trials: 2 } });
    let after = state;
    while (after.retrains.length === 0 || after.retrains[0].status === "running") {
      await new Promise((r) => setTimeout(r, 150));
      after = await ok("GET", `/v1/agentic/runs/${state.run_id}`);
    }
    const retrain = after.retrains[0];
    expect(retrain).toMatchObject({ status: "completed", baseline_model_id: state.model_id });
    expect(retrain.better).toBe(retrain.score < retrain.baseline_score);
    expect(retrain.switched).toBe(retrain.better);
    const served = (await ok("GET", `/v1/deployments/${state.deployment_id}`)).model_id;
    expect(served).toBe(retrain.better ? retrain.model_id : state.model_id);
  });
});
