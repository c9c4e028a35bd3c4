import { ConflictError, NotFoundError, type ParzenClient, ValidationError } from "@parzen/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeployment, switchModel } from "../src/deployments/deployments.js";
import { type RunningServer, startServer } from "../src/index.js";
import { example, failure, trainExample, twoTeams } from "./deploy-fixtures.js";

let server: RunningServer;
let alice: ParzenClient;
let aliceTeam: string;
let bob: ParzenClient;
let gbdt: string;
let linear: string;
const penguins = example("penguins").rows;
const sample = penguins.filter((_, i) => i % 10 === 0);

beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1, concurrency: 2 });
  ({ alice, aliceTeam, bob } = await twoTeams(server));
  [{ modelId: gbdt }, { modelId: linear }] = await Promise.all([
    trainExample(alice, "penguins", "Species", ["gbdt"]),
    trainExample(alice, "penguins", "Species", ["linear"]),
  ]);
});
afterAll(() => server.close());

describe("a deployment", () => {
  it("predicts exactly as its model, in both wire formats, and names what served", async () => {
    const d = await alice.deployments.create({ name: "species", model_id: gbdt });
    expect(d).toMatchObject({ name: "species", model_id: gbdt, previous_model_id: null, version: 1 });
    expect(d.task).toEqual({ kind: "multiclass", label_column: "Species" });

    const viaModel = await alice.models.predict(gbdt, sample);
    const viaDeployment = await alice.deployments.predict(d.id, sample);
    expect(viaDeployment).toMatchObject({ deployment_id: d.id, model_id: gbdt });
    expect(viaDeployment.predictions).toEqual(viaModel.predictions);
    expect(viaDeployment.probabilities).toEqual(viaModel.probabilities);
    const names = [
      "Island",
      "Beak Length (mm)",
      "Beak Depth (mm)",
      "Flipper Length (mm)",
      "Body Mass (g)",
      "Sex",
    ];
    const bySamples = await alice.deployments.predict(d.id, {
      feature_names: names,
      samples: sample.map((r) => names.map((n) => r[n])),
    });
    expect(bySamples.predictions).toEqual(viaModel.predictions);

    const missing = await failure(alice.deployments.predict(d.id, [{ Island: "Biscoe" }]), ValidationError);
    expect(missing.details).toEqual(
      expect.arrayContaining([{ path: "body.records", message: 'column "Sex" is missing' }]),
    );
  });

  it("switches to another model and rolls back, keeping its history", async () => {
    const d = await alice.deployments.create({ name: "switching", model_id: gbdt });
    const before = await alice.deployments.predict(d.id, sample);
    const switched = await alice.deployments.switchModel(d.id, { model_id: linear, reason: "retrain" });
    expect(switched).toMatchObject({ model_id: linear, previous_model_id: gbdt, version: 2 });
    const after = await alice.deployments.predict(d.id, sample);
    expect(after.model_id).toBe(linear);
    expect(after.probabilities).toEqual((await alice.models.predict(linear, sample)).probabilities);
    expect(after.probabilities).not.toEqual(before.probabilities);

    const back = await alice.deployments.rollback(d.id, { reason: "worse" });
    expect(back).toMatchObject({ model_id: gbdt, previous_model_id: linear, version: 3 });
    expect((await alice.deployments.predict(d.id, sample)).probabilities).toEqual(before.probabilities);

    const history = await alice.deployments.history(d.id);
    expect(history.items.map((h) => [h.version, h.action, h.model_id, h.reason])).toEqual([
      [3, "rollback", gbdt, "worse"],
      [2, "switch", linear, "retrain"],
      [1, "create", gbdt, null],
    ]);
    // A named rollback target must have been served before.
    const never = await failure(
      alice.deployments.rollback(d.id, { model_id: "00000000-0000-4000-8000-000000000000" }),
      ValidationError,
    );
    expect(never.details).toEqual([expect.objectContaining({ path: "body.model_id" })]);
  });

  it("is created and switched by domain functions without HTTP, as the agentic run does", async () => {
    const d = await createDeployment(server.db, aliceTeam, { modelId: linear, name: "from-code" });
    const moved = await switchModel(server.db, aliceTeam, d.id, { modelId: gbdt });
    expect(moved.model_id).toBe(gbdt);
    expect((await alice.deployments.retrieve(d.id)).version).toBe(2);
  });

  it("lists with filters, refuses duplicates and nothing to roll back, and deletes", async () => {
    const d = await alice.deployments.create({ name: "listed", model_id: linear });
    const byName = await alice.deployments.list({ name: "listed" });
    expect(byName.items.map((x) => x.id)).toEqual([d.id]);
    const byModel = await alice.deployments.list({ model_id: linear });
    expect(byModel.items.every((x) => x.model_id === linear)).toBe(true);
    await failure(alice.deployments.create({ name: "listed", model_id: gbdt }), ConflictError);
    await failure(alice.deployments.rollback(d.id), ConflictError);
    await alice.deployments.delete(d.id);
    await failure(alice.deployments.retrieve(d.id), NotFoundError);
  });

  it("refuses bad input with the field named", async () => {
    const unknownModel = await failure(
      alice.deployments.create({ name: "x", model_id: "00000000-0000-4000-8000-000000000000" }),
      ValidationError,
    );
    expect(unknownModel.details).toEqual([expect.objectContaining({ path: "body.model_id" })]);
    const noName = await failure(alice.deployments.create({ model_id: gbdt } as never), ValidationError);
    expect(noName.details).toEqual([expect.objectContaining({ path: "body.name" })]);
    const d = await alice.deployments.create({ name: "strict", model_id: gbdt });
    const badId = await failure(alice.deployments.switchModel(d.id, { model_id: "nope" }), ValidationError);
    expect(badId.details).toEqual([expect.objectContaining({ path: "body.model_id" })]);
  });

  it("is another team's 404, and another team's model cannot be deployed", async () => {
    const d = await alice.deployments.create({ name: "private", model_id: gbdt });
    await failure(bob.deployments.retrieve(d.id), NotFoundError);
    await failure(bob.deployments.predict(d.id, sample), NotFoundError);
    await failure(bob.deployments.switchModel(d.id, { model_id: gbdt }), NotFoundError);
    await failure(bob.deployments.rollback(d.id), NotFoundError);
    await failure(bob.deployments.history(d.id), NotFoundError);
    await failure(bob.deployments.delete(d.id), NotFoundError);
    expect((await bob.deployments.list()).items).toEqual([]);
    const foreign = await failure(
      bob.deployments.create({ name: "stolen", model_id: gbdt }),
      ValidationError,
    );
    expect(foreign.details).toEqual([expect.objectContaining({ path: "body.model_id" })]);
  });
});
