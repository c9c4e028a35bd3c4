// HPO benchmark: Parzen's TPE (univariate and multivariate) and random search on Branin, Hartmann6 and 10-D
// Rosenbrock (minimise), 100 trials × 20 seeds, mean and median best-so-far at 10/25/50/100 trials, beside
// Optuna 3.1's (univariate) TPE numbers. Counts, for each TPE variant, the six cells (3 functions × 50/100 trials)
// where its mean is no worse than Optuna's: the variant with more is the one `samplerFor` should default to.

import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { SearchSpace } from "../src/models/family.js";
import { randomSampler, type Sampler } from "../src/search/sampler.js";
import { Study } from "../src/search/study.js";
import { tpeSampler } from "../src/search/tpe.js";
import { sharedDir, table } from "./datasets.js";

const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));
const ALPHA = [1.0, 1.2, 3.0, 3.2];

const space = (names: string[], low: number, high: number): SearchSpace =>
  Object.fromEntries(names.map((n) => [n, { type: "float", low, high }]));

const FUNCTIONS: Record<string, { space: SearchSpace; f: (p: Record<string, number>) => number }> = {
  branin: {
    space: { x: { type: "float", low: -5, high: 10 }, y: { type: "float", low: 0, high: 15 } },
    f: ({ x, y }) =>
      (y - (5.1 / (4 * Math.PI ** 2)) * x ** 2 + (5 / Math.PI) * x - 6) ** 2 +
      10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) +
      10,
  },
  hartmann6: {
    space: space(["x0", "x1", "x2", "x3", "x4", "x5"], 0, 1),
    f: (p) => {
      const x = [0, 1, 2, 3, 4, 5].map((i) => p[`x${i}`]);
      return -ALPHA.reduce(
        (acc, a, i) => acc + a * Math.exp(-A[i].reduce((s, aij, j) => s + aij * (x[j] - P[i][j]) ** 2, 0)),
        0,
      );
    },
  },
  rosenbrock10: {
    space: space(
      Array.from({ length: 10 }, (_, i) => `x${i}`),
      -5,
      10,
    ),
    f: (p) => {
      const x = Array.from({ length: 10 }, (_, i) => p[`x${i}`]);
      let s = 0;
      for (let i = 0; i < 9; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
      return s;
    },
  },
};

const CHECKPOINTS = [10, 25, 50, 100];
const SEEDS = Number(process.env.BENCH_SEEDS ?? 20);
const TRIALS = 100;

function curves(sampler: Sampler, name: string): number[][] {
  const { space: s, f } = FUNCTIONS[name];
  return Array.from({ length: SEEDS }, (_, seed) => {
    const study = new Study({
      space: s,
      sampler,
      direction: "minimize",
      seed: seed + Number(process.env.SEED_OFFSET ?? 0),
    });
    const values: number[] = [];
    study.optimize((params) => {
      const v = f(params as Record<string, number>);
      values.push(v);
      return v;
    }, TRIALS);
    let best = Number.POSITIVE_INFINITY;
    return values.map((v) => (best = Math.min(best, v)));
  });
}

const stat = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
    median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
  };
};

const refFile = join(sharedDir, "bench/hpo_synthetic.json");
const ref = existsSync(refFile) ? JSON.parse(readFileSync(refFile, "utf8")).functions : undefined;
const fmt = (v: number | undefined) =>
  v === undefined ? "" : Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(4);
const samplers: [string, Sampler][] = [
  ["tpe", tpeSampler()],
  ["tpe-multivariate", tpeSampler({ multivariate: true })],
  ["random", randomSampler],
];
const verdicts: string[] = [];
const cellsMet: Record<string, number> = { tpe: 0, "tpe-multivariate": 0 };
for (const name of Object.keys(FUNCTIONS)) {
  const rows: string[][] = [];
  for (const [label, sampler] of samplers) {
    const c = curves(sampler, name);
    for (const k of CHECKPOINTS) {
      const ours = stat(c.map((curve) => curve[k - 1]));
      // Both TPE variants are compared with Optuna 3.1's default (univariate) TPE.
      const theirs = ref?.[name]?.[label === "random" ? "random" : "tpe"]?.[String(k)];
      rows.push([label, String(k), fmt(ours.mean), fmt(theirs?.mean), fmt(ours.median), fmt(theirs?.median)]);
      if (label !== "random" && (k === 50 || k === 100) && theirs) {
        const met = ours.mean <= theirs.mean;
        if (met) cellsMet[label]++;
        verdicts.push(
          `${name} @${k}: parzen ${label} ${fmt(ours.mean)} vs optuna ${fmt(theirs.mean)} — ${met ? "met" : "NOT met"}`,
        );
      }
    }
  }
  console.log(
    `\n${name} (global minimum ${ref?.[name]?.global_minimum ?? "?"}), best-so-far over ${SEEDS} seeds\n`,
  );
  console.log(
    table(["sampler", "trials", "parzen mean", "optuna mean", "parzen median", "optuna median"], rows),
  );
}
console.log(
  `\nGoal: Parzen TPE's mean at 50 and 100 trials no worse than Optuna TPE's (load ${loadavg()[0].toFixed(2)})`,
);
for (const v of verdicts) console.log(`  ${v}`);
const winner = cellsMet["tpe-multivariate"] > cellsMet.tpe ? "tpe-multivariate" : "tpe";
console.log(
  `\ncells met: tpe ${cellsMet.tpe}/6, tpe-multivariate ${cellsMet["tpe-multivariate"]}/6 → default: ${winner}`,
);
