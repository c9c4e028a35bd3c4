import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type Frame,
  frameFromRecords,
  loadModel,
  METRICS,
  type ProgressEvent,
  readFrame,
  saveModel,
  type TrainedModel,
  TrainerInputError,
  TrainingCancelledError,
  train,
} from "../src/index.js";

const examples = new URL("../../../examples/", import.meta.url).pathname;
const penguins = await readFrame(join(examples, "penguins.csv"));
const penguinFolds = (await readFrame(join(examples, "penguins.folds.csv"))).column("fold");
const folds = penguinFolds.kind === "categorical" ? [] : penguinFolds.values;

describe("train", () => {
  it("cross-validates each family on the given folds and ranks them", async () => {
    const events: ProgressEvent[] = [];
    const result = await train({
      data: penguins,
      task: { labelColumn: "Species" },
      modelTypes: ["linear", "gbdt"],
      metrics: ["logloss", "accuracy"],
      folds,
      onProgress: (e) => events.push(e),
    });
    expect(result.task).toMatchObject({
      kind: "multiclass",
      classes: ["Adelie", "Chinstrap", "Gentoo"],
      inferred: true,
    });
    expect(result.leaderboard.map((e) => e.modelType).sort()).toEqual(["gbdt", "linear"]);
    const [first, second] = result.leaderboard;
    expect(first.cvScore).toBeLessThanOrEqual(second.cvScore);
    expect(first.cvScore).toBeLessThan(0.2);
    expect(first.scores.accuracy).toBeGreaterThan(0.95);
    expect(first.foldScores).toHaveLength(5);
    const oof = result.oof[first.modelType];
    expect(oof.some(Number.isNaN)).toBe(false);
    expect(events[0].phase).toBe("prepare");
    expect(events.filter((e) => e.phase === "cv").map((e) => e.model)).toEqual(["linear", "gbdt"]);
    expect(events.at(-1)).toMatchObject({ phase: "done", step: 3, totalSteps: 3 });
    expect(events.every((e, i) => i === 0 || e.elapsedMs >= events[i - 1].elapsedMs)).toBe(true);
    expect(result.model.kind).toBe("single");
    expect((result.model as TrainedModel).model.family).toBe(first.modelType);
  });

  it("pools out-of-fold predictions into the reported cv score", async () => {
    const data = frameFromRecords(
      Array.from({ length: 120 }, (_, i) => ({
        x: i % 17,
        z: (i * 7) % 13,
        y: (i % 17) * 2 + ((i * 7) % 13),
      })),
    );
    const result = await train({
      data,
      task: { labelColumn: "y" },
      modelTypes: ["linear"],
      nSplits: 4,
      metrics: ["rmse", "r2"],
    });
    const truth = Float64Array.from({ length: 120 }, (_, i) => (i % 17) * 2 + ((i * 7) % 13));
    expect(result.leaderboard[0].cvScore).toBeCloseTo(METRICS.rmse.compute(truth, result.oof.linear, 1), 12);
    expect(result.leaderboard[0].scores.r2).toBeGreaterThan(0.99);
  });

  it("uses one holdout split when nSplits is null", async () => {
    const events: ProgressEvent[] = [];
    const result = await train({
      data: penguins,
      task: { labelColumn: "Species" },
      modelTypes: ["linear"],
      nSplits: null,
      onProgress: (e) => events.push(e),
    });
    expect(result.leaderboard[0].foldScores).toHaveLength(1);
    const scored = result.oof.linear.filter((v) => !Number.isNaN(v)).length / 3;
    expect(scored).toBeGreaterThan(50);
    expect(scored).toBeLessThan(90);
  });

  it("applies the filter before splitting, mapping predefined folds to the rows kept", async () => {
    const result = await train({
      data: penguins,
      task: { labelColumn: "Species" },
      filter: { kind: "cmp", col: "Island", op: "!=", value: "Torgersen" },
      modelTypes: ["linear"],
      folds,
    });
    expect(result.filteredOut).toBe(52);
    expect(result.nRows + result.missingLabelRows).toBe(344 - 52);
  });

  it("is reproducible for a random state", async () => {
    const run = () =>
      train({
        data: penguins,
        task: { labelColumn: "Species" },
        modelTypes: ["random_forest"],
        randomState: 9,
      });
    expect((await run()).oof.random_forest).toEqual((await run()).oof.random_forest);
  });

  it("chooses and explains default families when none are given", async () => {
    const result = await train({ data: penguins, task: { labelColumn: "Species" }, nSplits: 3 });
    expect(result.modelTypes).toEqual(["gbdt", "random_forest", "linear"]);
    expect(result.modelTypesReason).toMatch(/344 rows × 6 columns/);
  });

  it("stops when cancelled", async () => {
    const controller = new AbortController();
    const run = train({
      data: penguins,
      task: { labelColumn: "Species" },
      modelTypes: ["gbdt", "random_forest"],
      nTrials: 3,
      workers: 1,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === "cv" && e.step === 1) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(TrainingCancelledError);
  });

  it("refuses bad requests with errors that say what is wrong", async () => {
    const base = { data: penguins, task: { labelColumn: "Species" } };
    await expect(train({ ...base, task: { labelColumn: "species" } })).rejects.toThrow(
      /Label column "species" is not in the data/,
    );
    await expect(train({ ...base, modelTypes: ["tabicl"] })).rejects.toThrow(/Available: gbdt/);
    await expect(train({ ...base, metrics: ["rmse"] })).rejects.toThrow(/does not apply to multiclass/);
    await expect(train({ ...base, params: { gbdt: { depth: 3 } }, modelTypes: ["gbdt"] })).rejects.toThrow(
      /Unknown parameter\(s\) for gbdt: depth/,
    );
    await expect(
      train({ ...base, filter: { kind: "cmp", col: "Island", op: "==", value: "Atlantis" } }),
    ).rejects.toThrow(/No rows left after the filter/);
    await expect(train({ ...base, folds: [0, 1, 2] })).rejects.toBeInstanceOf(TrainerInputError);
  });
});

describe("saved models", () => {
  it("predict identically after a save / load round trip", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parzen-model-"));
    for (const family of ["gbdt", "random_forest", "extra_trees", "linear"]) {
      const result = await train({
        data: penguins,
        task: { labelColumn: "Species" },
        modelTypes: [family],
        nSplits: 2,
      });
      await saveModel(result.model, join(dir, family));
      const loaded = await loadModel(join(dir, family));
      const rows: Frame = penguins.take([0, 1, 200, 300, 343]);
      const before = result.model.predict(rows);
      const after = loaded.predict(rows);
      expect(after.probabilities).toEqual(before.probabilities);
      expect(after.predictions).toEqual(before.predictions);
      expect((loaded as TrainedModel).pipeline.lineage()).toEqual(
        (result.model as TrainedModel).pipeline.lineage(),
      );
    }
  });

  it("refuses files that are not Parzen models", async () => {
    await expect(loadModel(join(examples, "penguins.json"))).rejects.toThrow(/not a Parzen model file/);
    await expect(loadModel("/nonexistent/dir")).rejects.toThrow(/No model at/);
  });
});
