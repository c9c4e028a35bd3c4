import { NotFoundError, type ParzenClient, ValidationError } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { createMonitor } from "../src/monitors/monitors.js";
import { example, failure, randomHalf, trainExample, twoTeams } from "./deploy-fixtures.js";

let server: RunningServer;
let alice: ParzenClient;
let aliceTeam: string;
let bob: ParzenClient;
let deploymentId: string;
const penguins = example("penguins").rows;
// Rows like the training data (a random half), and the same rows after the population moved: bigger birds, all
// seen on one island.
const usual = randomHalf(penguins);
const shifted = usual.map((r) => ({
  ...r,
  "Flipper Length (mm)": r["Flipper Length (mm)"] === null ? null : Number(r["Flipper Length (mm)"]) + 18,
  "Body Mass (g)": r["Body Mass (g)"] === null ? null : Number(r["Body Mass (g)"]) * 1.3,
  Island: "Dream",
}));
const unlabelled = (rows: Record<string, unknown>[]) => rows.map(({ Species: _, ...r }) => r);

beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1, concurrency: 1 });
  ({ alice, aliceTeam, bob } = await twoTeams(server));
  const { modelId } = await trainExample(alice, "penguins", "Species", ["gbdt"]);
  deploymentId = (await alice.deployments.create({ name: "species", model_id: modelId })).id;
});
afterAll(() => server.close());

const drifted = (batch: { drift: { column: string; drifted: boolean }[] }) =>
  batch.drift
    .filter((d) => d.drifted)
    .map((d) => d.column)
    .sort();

describe("a monitor", () => {
  it.each([
    ["PSI", {}],
    ["KS and chi-squared", { numeric_statistic: "ks", categorical_statistic: "chi_squared" }],
  ] as const)("with %s stays quiet on usual rows and flags the shifted columns", async (_, statistics) => {
    const monitor = await alice.monitors.create({ deployment_id: deploymentId, ...statistics });
    expect(monitor.features.map((f) => f.column).sort()).toEqual(
      ["Beak Depth (mm)", "Beak Length (mm)", "Body Mass (g)", "Flipper Length (mm)", "Island", "Sex"].sort(),
    );
    expect(monitor.reference_rows).toBe(penguins.length);

    const quiet = await alice.monitors.submitBatch(monitor.id, unlabelled(usual));
    expect(drifted(quiet)).toEqual([]);
    expect(quiet.alerts).toEqual([]);
    expect(quiet).toMatchObject({
      source: "request",
      row_count: usual.length,
      labeled_rows: 0,
      performance: null,
    });

    const loud = await alice.monitors.submitBatch(monitor.id, unlabelled(shifted));
    expect(drifted(loud)).toEqual(["Body Mass (g)", "Flipper Length (mm)", "Island"]);
    expect(loud.alerts.map((a) => a.column).sort()).toEqual([
      "Body Mass (g)",
      "Flipper Length (mm)",
      "Island",
    ]);
    const flipper = loud.drift.find((d) => d.column === "Flipper Length (mm)")!;
    if (flipper.statistic === "ks") expect(flipper.p_value).toBeLessThan(1e-6);
    else expect(flipper.value).toBeGreaterThan(0.5);

    const history = await alice.monitors.retrieve(monitor.id);
    expect(history).toMatchObject({ batch_count: 2, alert_count: 1 });
    expect(history.recent_batches.map((b) => b.id)).toEqual([loud.id, quiet.id]);
    expect(
      (await alice.monitors.batches(monitor.id, { order_direction: "asc" })).items.map((b) => b.id),
    ).toEqual([quiet.id, loud.id]);
  });

  it("scores labelled batches and alerts when performance falls below its threshold", async () => {
    // Default rule: the model's selection metric (log loss), its cross-validated score as baseline, 1.5× as threshold.
    const monitor = await alice.monitors.create({ deployment_id: deploymentId });
    expect(monitor.performance).toMatchObject({ metric: "logloss", higher_is_better: false });
    const baseline = monitor.performance.baseline!;
    expect(baseline).toBeGreaterThan(0);
    expect(monitor.performance.threshold).toBeCloseTo(baseline * 1.5, 9);

    const good = await alice.monitors.submitBatch(monitor.id, usual);
    expect(good.labeled_rows).toBe(usual.filter((r) => r.Species !== null).length);
    // These rows were seen in training: the score is no worse than the out-of-fold one.
    expect(good.performance!.value).toBeLessThan(baseline);
    expect(good.performance!.degraded).toBe(false);
    expect(good.alerts).toEqual([]);

    // The same rows with their labels rotated among the species: the model is now wrong on nearly all of them.
    const rotate: Record<string, string> = { Adelie: "Chinstrap", Chinstrap: "Gentoo", Gentoo: "Adelie" };
    const wrong = usual.map((r) => ({ ...r, Species: rotate[String(r.Species)] }));
    const bad = await alice.monitors.submitBatch(monitor.id, wrong);
    expect(bad.performance!.value).toBeGreaterThan(2);
    expect(bad.performance!.degraded).toBe(true);
    expect(bad.alerts).toEqual([expect.objectContaining({ kind: "performance" })]);

    // An explicit metric and threshold.
    const strict = await alice.monitors.create({
      deployment_id: deploymentId,
      performance_metric: "accuracy",
      performance_threshold: 0.9,
    });
    expect(strict.performance).toMatchObject({ metric: "accuracy", baseline: null, threshold: 0.9 });
    const scored = await alice.monitors.submitBatch(strict.id, wrong);
    expect(scored.performance).toMatchObject({ metric: "accuracy", degraded: true });
    expect(scored.performance!.value).toBeLessThan(0.1);
  });

  it("evaluates the deployment's predictions when it captures them", async () => {
    const monitor = await alice.monitors.create({
      deployment_id: deploymentId,
      capture_predictions: true,
      capture_batch_size: 60,
    });
    await alice.deployments.predict(deploymentId, unlabelled(shifted.slice(0, 40)));
    expect((await alice.monitors.retrieve(monitor.id)).captured_rows).toBe(40);
    await alice.deployments.predict(deploymentId, unlabelled(shifted.slice(40, 80)));
    const after = await alice.monitors.retrieve(monitor.id);
    expect(after).toMatchObject({ captured_rows: 0, batch_count: 1 });
    expect(after.recent_batches[0]).toMatchObject({ source: "captured", row_count: 80 });
    expect(drifted(after.recent_batches[0])).toContain("Flipper Length (mm)");
    await failure(alice.monitors.submitBatch(monitor.id, "captured"), Error);
  });

  it("refuses bad configuration and batches with the field named", async () => {
    const unknown = await failure(
      alice.monitors.create({ deployment_id: deploymentId, features: ["Island", "Wingspan"] }),
      ValidationError,
    );
    expect(unknown.details).toEqual([expect.objectContaining({ path: "body.features.1" })]);
    const threshold = await failure(
      alice.monitors.create({ deployment_id: deploymentId, thresholds: { ks: 2 } }),
      ValidationError,
    );
    expect(threshold.details).toEqual([expect.objectContaining({ path: "body.thresholds.ks" })]);
    const metric = await failure(
      alice.monitors.create({ deployment_id: deploymentId, performance_metric: "rmse" }),
      ValidationError,
    );
    expect(metric.details).toEqual([expect.objectContaining({ path: "body.performance_metric" })]);
    // The domain function checks a config passed without HTTP (an agentic run's monitoring_config) the same way.
    const direct = await createMonitor(server.context, aliceTeam, {
      deployment_id: deploymentId,
      numeric_statistic: "chi_squared" as never,
    }).catch((e: { details: unknown }) => e.details);
    expect(direct).toEqual([expect.objectContaining({ path: "body.numeric_statistic" })]);

    const monitor = await alice.monitors.create({ deployment_id: deploymentId, features: ["Island"] });
    const lacking = await failure(alice.monitors.submitBatch(monitor.id, [{ Sex: "MALE" }]), ValidationError);
    expect(lacking.details).toEqual([{ path: "body.records", message: 'column "Island" is missing' }]);
    const strange = await failure(
      alice.monitors.submitBatch(monitor.id, [...usual.slice(0, 3), { ...usual[3], Species: "Emperor" }]),
      ValidationError,
    );
    expect(strange.message).toMatch(/Row 4: label "Emperor"/);
    expect((await alice.monitors.retrieve(monitor.id)).batch_count).toBe(0);
  });

  it("is another team's 404", async () => {
    const monitor = await alice.monitors.create({ deployment_id: deploymentId, features: ["Island"] });
    await failure(bob.monitors.retrieve(monitor.id), NotFoundError);
    await failure(bob.monitors.submitBatch(monitor.id, unlabelled(usual)), NotFoundError);
    await failure(bob.monitors.batches(monitor.id), NotFoundError);
    await failure(bob.monitors.delete(monitor.id), NotFoundError);
    expect((await bob.monitors.list()).items).toEqual([]);
    const foreign = await failure(bob.monitors.create({ deployment_id: deploymentId }), ValidationError);
    expect(foreign.details).toEqual([expect.objectContaining({ path: "body.deployment_id" })]);
    await alice.monitors.delete(monitor.id);
    await failure(alice.monitors.retrieve(monitor.id), NotFoundError);
  });
});
