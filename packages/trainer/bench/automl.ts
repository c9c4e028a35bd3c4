// AutoML benchmark (`pnpm bench:automl`): gbdt, linear and random_forest, 20 TPE trials each, on every dataset's
// fixed folds. The trials run once per dataset; the ensemble levers are then measured on that same library,
// side by side (nested scores: each fold's weights chosen without it), beside the peers' best single model:
// Caruana over all families (cross-family), bagged Caruana, and Caruana within gbdt's trials only. "final" is
// what `train` selects: the default blend when its nested score beats the best single trial, else that trial.
// BENCH_PARALLEL=1 adds the parallel-trials speed-up (20 gbdt trials on 1 and on 2 workers).
import { availableParallelism, loadavg } from "node:os";
import { metricScorer } from "../src/ensemble/selection.js";
import {
  getFamily,
  isBetter,
  type LibraryEntry,
  runMatrix,
  selectEnsemble,
  type TrainOptions,
  train,
  trialData,
} from "../src/index.js";
import { DEFAULT_ENSEMBLE_BAGS } from "../src/train/final-model.js";
import { benchDatasets, loadWithFolds, peers, table } from "./datasets.js";

const TRIALS = Number(process.env.BENCH_TRIALS ?? 20);
const FAMILIES = ["gbdt", "linear", "random_forest"];
const SEED = 42;
const reference = peers() as Record<string, { best_single?: number }> | undefined;
const load = () => loadavg()[0].toFixed(2);

const rows: string[][] = [];
const wins: Record<string, number> = { caruana: 0, bagged: 0 };
for (const ds of benchDatasets()) {
  const { data: frame, folds } = await loadWithFolds(ds);
  const options: TrainOptions = {
    data: frame,
    task: { labelColumn: ds.label, taskKind: ds.task },
    metrics: [ds.metric],
    folds,
  };
  const started = performance.now();
  const data = trialData(options);
  const library = await runMatrix(data, {
    families: FAMILIES.map(getFamily),
    nTrials: TRIALS,
    strategy: "tpe",
    seed: SEED,
  });
  const seconds = (performance.now() - started) / 1000;
  const primary = data.metrics[0];
  const sign = primary.higherIsBetter ? 1 : -1;
  const complete = library.filter((e) => e.state === "complete");
  const best = complete.reduce((a, b) => (isBetter(primary, b.value, a.value) ? b : a));
  const nested = (members: LibraryEntry[], bags?: number) =>
    sign *
    selectEnsemble(data, members, metricScorer(primary, data.nClasses), { rounds: 50, bags, seed: SEED })
      .nested;
  const caruana = nested(complete);
  const bagged = nested(complete, 20);
  const gbdtOnly = nested(complete.filter((e) => e.modelType === "gbdt"));
  if (isBetter(primary, caruana, bagged)) wins.caruana++;
  else if (isBetter(primary, bagged, caruana)) wins.bagged++;
  const chosen = DEFAULT_ENSEMBLE_BAGS > 1 ? bagged : caruana;
  const final = isBetter(primary, chosen, best.value) ? chosen : best.value;
  const peer = reference?.[ds.name]?.best_single;
  const fmt = (v: number | undefined) => (v === undefined ? "" : v.toFixed(5));
  const atLeast = (v: number, ref?: number) =>
    ref === undefined ? "n/a" : (primary.higherIsBetter ? v >= ref : v <= ref) ? "met" : "NOT met";
  rows.push([
    ds.name,
    ds.metric,
    fmt(best.value),
    fmt(caruana),
    fmt(bagged),
    fmt(gbdtOnly),
    fmt(final),
    fmt(peer),
    atLeast(final, peer),
    seconds.toFixed(1),
    load(),
  ]);
}
console.log(`\nAutoML: ${FAMILIES.join(" + ")}, ${TRIALS} TPE trials each, fixed folds; nested scores`);
console.log(
  "(caruana: all families' trials; bagged: 20 bags of half the library; gbdt only: its trials alone;\n" +
    ` final: the default (${DEFAULT_ENSEMBLE_BAGS > 1 ? "bagged" : "caruana"}) blend if it beats the best trial, else the trial)\n`,
);
console.log(
  table(
    [
      "dataset",
      "metric",
      "best trial",
      "caruana",
      "bagged",
      "gbdt only",
      "final",
      "peer best",
      "final ≥ peer",
      "trials s",
      "load",
    ],
    rows,
  ),
);
console.log(`\nbagged beats plain Caruana on ${wins.bagged}, plain beats bagged on ${wins.caruana} datasets`);

if (process.env.BENCH_PARALLEL) {
  const ds = benchDatasets().find((d) => d.name === "seattle_weather");
  if (ds) {
    const { data, folds } = await loadWithFolds(ds);
    const time = async (workers: number) => {
      const started = performance.now();
      await train({
        data,
        task: { labelColumn: ds.label },
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
        ["workers", "seconds", "load"],
        [
          ["1", one.toFixed(2), load()],
          ["2", two.toFixed(2), load()],
        ],
      ),
    );
    console.log(`speed-up ${(one / two).toFixed(2)}× (goal ≥ 1.7×)`);
  }
} else console.log("\n(BENCH_PARALLEL=1 adds the parallel-trials speed-up)");
