import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildColumn,
  encodeLabels,
  explainTraining,
  Frame,
  METRICS,
  permutationImportance,
  readFrame,
  TrainerInputError,
  type TrainOptions,
  train,
  treeGainImportance,
} from "../src/index.js";
import { Rng } from "../src/util/random.js";

const examples = new URL("../../../examples/", import.meta.url).pathname;
const penguins = await readFrame(join(examples, "penguins.csv"));
// A column of pure noise: any honest importance must rank it below the measurements that decide the species.
const rng = new Rng(7);
const withNoise = new Frame([
  ...penguins.columns,
  buildColumn(
    "noise",
    Array.from({ length: penguins.nRows }, () => rng.next()),
    "numeric",
  ),
]);

async function trained(modelTypes: string[], ensemble = false) {
  const options: TrainOptions = {
    data: withNoise,
    task: { labelColumn: "Species" },
    modelTypes,
    nSplits: 3,
    nTrials: ensemble ? 2 : 1,
    ensemble,
    workers: 1,
  };
  return { options, result: await train(options) };
}

describe("explainTraining", () => {
  it("keeps the selected model's fold scores and out-of-fold predictions, and ranks noise low", async () => {
    const { options, result } = await trained(["gbdt"]);
    const explained = explainTraining(options, result, { maxRows: 100 });
    expect(explained.foldScores).toEqual(result.leaderboard[0].foldScores);
    const oof = explained.outOfFold;
    expect(oof.rows).toBe(result.nRows);
    expect(oof.y).toHaveLength(100);
    expect(oof.predictions).toHaveLength(300);
    expect(new Set(oof.fold)).toEqual(new Set([0, 1, 2]));
    // The sampled out-of-fold probabilities score like the whole out-of-fold set (same predictions, fewer rows).
    const sampled = METRICS.logloss.compute(oof.y, Float64Array.from(oof.predictions), 3);
    expect(Math.abs(sampled - result.leaderboard[0].cvScore)).toBeLessThan(0.15);

    const perm = explained.permutation;
    expect(perm.metric).toBe("logloss");
    const noise = perm.columns.find((c) => c.column === "noise")!;
    expect(perm.columns[0].importance).toBeGreaterThan(0.1);
    expect(noise.importance).toBeLessThan(perm.columns[0].importance / 5);
    expect(perm.columns.map((c) => c.column)).not.toContain("Species");

    const gain = explained.gain!;
    expect(gain.columns.reduce((a, c) => a + c.importance, 0)).toBeCloseTo(1, 9);
    expect(gain.columns.findIndex((c) => c.column === "noise")).toBeGreaterThan(1);
  });

  it("blends an ensemble's fold models for its out-of-fold predictions, without refitting", async () => {
    const { options, result } = await trained(["linear", "random_forest"], true);
    const explained = explainTraining(options, result, { maxRows: 50 });
    expect(explained.outOfFold.inSampleWeights).toBe(true);
    expect(explained.foldScores).toHaveLength(3);
    // The blend's out-of-fold score is its in-sample Caruana score.
    const mean = explained.foldScores.reduce((a, b) => a + b, 0) / 3;
    expect(Math.abs(mean - result.ensemble!.inSampleScore)).toBeLessThan(0.05);
    expect(explained.gain).toBeDefined();
  });
});

describe("permutationImportance", () => {
  it("ranks a noise column far below the measurements; a linear model has no gain importance", async () => {
    const { result } = await trained(["linear"]);
    const labels = encodeLabels(result.task, penguins.column("Species"));
    const perm = permutationImportance(result.model, withNoise, labels.y, { repeats: 2 });
    expect(perm.rows).toBe(penguins.nRows);
    const top = perm.columns[0];
    expect(top.importance).toBeGreaterThan(0);
    expect(perm.columns.find((c) => c.column === "noise")!.importance).toBeLessThan(top.importance / 5);
    expect(treeGainImportance(result.model, withNoise)).toBeUndefined();
  });
});

describe("encodeLabels", () => {
  it("maps class names to the model's indices, skips missing labels and names an unknown class's row", () => {
    const task = {
      kind: "multiclass" as const,
      labelColumn: "s",
      classes: ["a", "b", "c"],
      inferred: false,
      reason: "",
    };
    const encoded = encodeLabels(task, buildColumn("s", ["c", null, "a", "b"]));
    expect(Array.from(encoded.y)).toEqual([2, 0, 1]);
    expect(Array.from(encoded.rows)).toEqual([0, 2, 3]);
    expect(() => encodeLabels(task, buildColumn("s", ["a", "z"]))).toThrow(TrainerInputError);
    expect(() => encodeLabels(task, buildColumn("s", ["a", "z"]))).toThrow(/Row 2: label "z"/);
  });
});
