import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EnsembleModel, frameFromRecords, readFrame, type TrainedModel, train } from "../src/index.js";
import { Rng } from "../src/util/random.js";

const examples = new URL("../../../examples/", import.meta.url).pathname;

describe("ensemble guard", () => {
  it("refits the best single trial when the blend's nested score is worse", async () => {
    // Labels that are pure noise: Caruana fits the noise of the rows it chooses weights on, so the nested
    // (honest) score of the blend falls below the best single trial's.
    const rng = new Rng(7);
    const data = frameFromRecords(
      Array.from({ length: 150 }, () => ({ a: rng.next(), b: rng.next(), y: rng.next() < 0.5 ? "u" : "v" })),
    );
    const result = await train({
      data,
      task: { labelColumn: "y" },
      modelTypes: ["linear", "gbdt"],
      nTrials: 3,
      nSplits: 3,
      ensemble: true,
      workers: 1,
      randomState: 1,
    });
    const report = result.ensemble!;
    expect(report.cvScore).toBeLessThan(report.bestSingleScore);
    expect(report.kept).toBe(false);
    expect(report.weights.length).toBeGreaterThan(0);
    expect(result.model).not.toBeInstanceOf(EnsembleModel);
    const single = result.model as TrainedModel;
    expect(single.info.trial_id).toBe(result.bestTrial);
    expect(single.info.cv_score).toBe(report.bestSingleScore);
    expect(result.cvScore).toBe(report.bestSingleScore);
    expect(result.cvScore).toBe(result.leaderboard[0].cvScore);
  });

  it("keeps a tie as the single model", async () => {
    // One round selects one member; on penguins linear wins every inner selection, so the blend is that member.
    const penguins = await readFrame(join(examples, "penguins.csv"));
    const result = await train({
      data: penguins,
      task: { labelColumn: "Species" },
      modelTypes: ["linear", "gbdt"],
      nSplits: 3,
      ensemble: true,
      ensembleRounds: 1,
      workers: 1,
    });
    expect(result.ensemble!.cvScore).toBe(result.ensemble!.bestSingleScore);
    expect(result.ensemble!.kept).toBe(false);
    expect(result.model.kind).toBe("single");
  });

  it("keeps the blend when its nested score beats the best single trial's, and reports both", async () => {
    const penguins = await readFrame(join(examples, "penguins.csv"));
    const result = await train({
      data: penguins,
      task: { labelColumn: "Species" },
      modelTypes: ["linear", "random_forest"],
      nTrials: 2,
      nSplits: 3,
      ensemble: true,
      workers: 1,
    });
    const report = result.ensemble!;
    expect(report.kept).toBe(true);
    // logloss: lower is better.
    expect(report.cvScore).toBeLessThan(report.bestSingleScore);
    expect(report.bestSingleScore).toBe(result.leaderboard[0].cvScore);
    expect(result.model).toBeInstanceOf(EnsembleModel);
    const ensemble = result.model as EnsembleModel;
    expect(ensemble.info.cv_score).toBe(report.cvScore);
    expect(result.cvScore).toBe(report.cvScore);
    expect(ensemble.members.map((m) => m.trialId)).toEqual(report.weights.map((w) => w.trialId));
  });
});
