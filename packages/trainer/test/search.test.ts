import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  FileJournal,
  goodCount,
  medianPruneRule,
  medianThresholds,
  randomSampler,
  type SearchSpace,
  Study,
  tpeSampler,
} from "../src/index.js";

const branin = ({ x, y }: Record<string, number>) =>
  (y - (5.1 / (4 * Math.PI ** 2)) * x ** 2 + (5 / Math.PI) * x - 6) ** 2 +
  10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) +
  10;
const braninSpace: SearchSpace = {
  x: { type: "float", low: -5, high: 10 },
  y: { type: "float", low: 0, high: 15 },
};

function bestAfter(sampler: typeof randomSampler, seed: number, trials: number): number {
  const study = new Study({ space: braninSpace, sampler, direction: "minimize", seed });
  return study.optimize((p) => branin(p as Record<string, number>), trials)!.value;
}

describe("TPE", () => {
  it("beats random search on Branin at 50 trials, on average over seeds", () => {
    const seeds = Array.from({ length: 12 }, (_, i) => i);
    const mean = (f: (s: number) => number) => seeds.reduce((a, s) => a + f(s), 0) / seeds.length;
    const tpe = mean((s) => bestAfter(tpeSampler(), s, 50));
    const random = mean((s) => bestAfter(randomSampler, s, 50));
    expect(tpe).toBeLessThan(random);
    expect(tpe).toBeLessThan(1.2);
  });

  it("proposes exactly the same trials for the same seed", () => {
    const run = () => {
      const study = new Study({ space: braninSpace, sampler: tpeSampler(), direction: "minimize", seed: 7 });
      study.optimize((p) => branin(p as Record<string, number>), 25);
      return study.trials.map((t) => t.params);
    };
    expect(run()).toEqual(run());
  });

  it("splits good from bad trials as Optuna does", () => {
    expect([1, 10, 11, 100, 250, 1000].map(goodCount)).toEqual([1, 1, 2, 10, 25, 25]);
  });

  it("handles log, stepped integer, categorical and conditional parameters", () => {
    const space: SearchSpace = {
      lr: { type: "float", low: 1e-4, high: 1, log: true },
      leaves: { type: "int", low: 4, high: 64, step: 4 },
      depth: { type: "int", low: 1, high: 1000, log: true },
      booster: { type: "categorical", choices: ["gbtree", "dart"] },
      drop_rate: { type: "float", low: 0, high: 0.5, condition: { param: "booster", in: ["dart"] } },
    };
    // Best where lr ≈ 0.01, booster = dart with a small drop rate.
    const loss = (p: Record<string, unknown>) =>
      Math.abs(Math.log10(p.lr as number) + 2) +
      (p.booster === "dart" ? (p.drop_rate as number) : 1) +
      (p.leaves as number) / 640;
    const study = new Study({ space, sampler: tpeSampler(), direction: "minimize", seed: 3 });
    study.optimize((p) => loss(p), 60);
    for (const t of study.trials) {
      const p = t.params as Record<string, number | string>;
      expect(p.lr).toBeGreaterThanOrEqual(1e-4);
      expect(p.lr).toBeLessThanOrEqual(1);
      expect(((p.leaves as number) - 4) % 4).toBe(0);
      expect(Number.isInteger(p.depth)).toBe(true);
      expect(["gbtree", "dart"]).toContain(p.booster);
      expect("drop_rate" in p).toBe(p.booster === "dart");
    }
    const late = study.trials.slice(40);
    expect(late.filter((t) => t.params.booster === "dart").length).toBeGreaterThan(12);
    expect(study.best()!.value).toBeLessThan(0.5);
  });

  it("makes trial i learn only from trials numbered i − lag and below", () => {
    const study = new Study({
      space: braninSpace,
      sampler: tpeSampler({ startupTrials: 2 }),
      direction: "minimize",
      seed: 1,
      lag: 3,
    });
    study.optimize((p) => branin(p as Record<string, number>), 4);
    const before = study.ask(6);
    for (const number of [4, 5]) {
      study.tell({
        number,
        params: study.ask(number),
        state: "complete",
        value: -number,
        values: {},
        seconds: 0,
      });
    }
    expect(study.ask(6)).toEqual(before);
    expect(study.isReady(8)).toBe(true);
    expect(study.isReady(9)).toBe(false);
    expect(() => study.ask(9)).toThrow(/before the trials it learns from finished/);
  });
});

describe("journal", () => {
  it("reloads finished trials and skips a torn last line", () => {
    const path = join(mkdtempSync(join(tmpdir(), "parzen-journal-")), "trials.jsonl");
    const journal = new FileJournal(path);
    const study = new Study({
      name: "s",
      space: braninSpace,
      sampler: randomSampler,
      direction: "minimize",
      seed: 1,
      journal,
    });
    study.optimize((p) => branin(p as Record<string, number>), 5);
    writeFileSync(path, `${readFileSync(path, "utf8")}{"study":"s","number":5,"par`);
    const resumed = new Study({
      name: "s",
      space: braninSpace,
      sampler: randomSampler,
      direction: "minimize",
      seed: 1,
      journal: new FileJournal(path),
    });
    expect(resumed.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4]);
    let evaluated = 0;
    resumed.optimize((p) => {
      evaluated++;
      return branin(p as Record<string, number>);
    }, 8);
    expect(evaluated).toBe(3);
  });
});

describe("median pruning", () => {
  it("prunes a trial whose running mean is worse than the median of earlier trials", () => {
    expect(medianThresholds([[1], [2]], 5)).toBeUndefined();
    const thresholds = medianThresholds(
      [
        [0.9, 0.9],
        [0.8, 0.8],
        [0.7, 0.9],
        [0.85, 0.85],
        [0.95, 0.75],
      ],
      5,
    )!;
    expect(thresholds[0]).toBeCloseTo(0.85, 12);
    const rule = medianPruneRule(thresholds, true)!;
    expect(rule([0.6])).toBe(true);
    expect(rule([0.9])).toBe(false);
    const lowerIsBetter = medianPruneRule(thresholds, false)!;
    expect(lowerIsBetter([0.6])).toBe(false);
  });
});
