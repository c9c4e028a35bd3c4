// AutoML benchmark: gbdt, linear and random_forest, 20 TPE trials each, on every dataset's fixed folds, with a
// Caruana ensemble over all 60 trials — beside the peers' best single model and their nested Caruana blend.
// Then the parallel speed-up of 20 trials on 2 workers against 1.
import { availableParallelism } from "node:os";
import { type readFrame, train } from "../src/index.js";
import { benchDatasets, peers, table, trainOnFolds } from "./datasets.js";

const TRIALS = Number(process.env.BENCH_TRIALS ?? 20);
const reference = peers();
const rows: string[][] = [];
let speedData:
  | { data: Awaited<ReturnType<typeof readFrame>>; label: string; folds: Float64Array }
  | undefined;
for (const ds of benchDatasets()) {
  const { data, folds, result } = await trainOnFolds(ds, {
    modelTypes: ["gbdt", "linear", "random_forest"],
    nTrials: TRIALS,
    strategy: "tpe",
    ensemble: true,
  });
  if (ds.name === "seattle_weather") speedData = { data, label: ds.label, folds };
  const e = result.ensemble!;
  const peer = reference?.[ds.name] as { best_single?: number; caruana_nested?: { oof: number } } | undefined;
  const fmt = (v: number | undefined) => (v === undefined ? "" : v.toFixed(5));
  const atLeast = (v: number, ref?: number) =>
    ref === undefined ? "n/a" : (result.higherIsBetter ? v >= ref : v <= ref) ? "met" : "NOT met";
  rows.push([
    ds.name,
    ds.metric,
    fmt(e.bestSingleScore),
    fmt(e.inSampleScore),
    fmt(e.cvScore),
    fmt(peer?.best_single),
    fmt(peer?.caruana_nested?.oof),
    atLeast(e.inSampleScore, peer?.best_single),
    atLeast(e.cvScore, peer?.best_single),
    result.seconds.toFixed(1),
  ]);
}
console.log(
  `\nAutoML: gbdt + linear + random_forest, ${TRIALS} TPE trials each, fixed folds, Caruana ensemble`,
);
console.log(
  "(ensemble: weights chosen on all out-of-fold rows; nested: each fold's weights chosen without it)\n",
);
console.log(
  table(
    [
      "dataset",
      "metric",
      "best trial",
      "ensemble",
      "nested",
      "peer best",
      "peer nested",
      "ensemble ≥ peer",
      "nested ≥ peer",
      "seconds",
    ],
    rows,
  ),
);

if (speedData) {
  const { data, label, folds } = speedData;
  const time = async (workers: number) => {
    const started = performance.now();
    await train({
      data,
      task: { labelColumn: label },
      folds,
      modelTypes: ["gbdt"],
      nTrials: 20,
      strategy: "tpe",
      workers,
    });
    return (performance.now() - started) / 1000;
  };
  const one = await time(1);
  const two = await time(2);
  console.log(`\nParallel trials: 20 gbdt trials on seattle_weather, ${availableParallelism()} cores`);
  console.log(
    table(
      ["workers", "seconds"],
      [
        ["1", one.toFixed(2)],
        ["2", two.toFixed(2)],
      ],
    ),
  );
  console.log(`speed-up ${(one / two).toFixed(2)}× (goal ≥ 1.7×)`);
}
