// Neural families (mlp, tabm) with default parameters on every dataset's fixed folds, beside the peers' numbers
// (which hold no neural model: their gradient boosting and linear models), then the time of one training epoch
// on a 100,000 × 50 synthetic set.
import { ensureNeuralBackend, getMetric, mlp, type Params, tabm } from "../src/index.js";
import { Rng } from "../src/util/random.js";
import { benchDatasets, peers, table, trainOnFolds } from "./datasets.js";

const reference = peers();
const rows: string[][] = [];
for (const ds of benchDatasets()) {
  const { result } = await trainOnFolds(ds, { modelTypes: ["mlp", "tabm"] });
  const metric = getMetric(ds.metric, ds.task);
  const peer = reference?.[ds.name]?.models;
  const best =
    peer &&
    Object.entries(peer).sort(([, a], [, b]) => (metric.higherIsBetter ? b.oof - a.oof : a.oof - b.oof))[0];
  for (const family of ["mlp", "tabm"]) {
    const entry = result.leaderboard.find((e) => e.modelType === family)!;
    rows.push([
      ds.name,
      ds.metric,
      family,
      entry.cvScore.toFixed(5),
      peer ? peer.sklearn_hgb.oof.toFixed(5) : "",
      peer ? peer.linear.oof.toFixed(5) : "",
      best ? `${best[0]} ${best[1].oof.toFixed(5)}` : "(no peers.json)",
      entry.fitSeconds.toFixed(1),
    ]);
  }
}
console.log("\nNeural families: out-of-fold score on the fixed 5 folds, default parameters\n");
console.log(
  table(
    ["dataset", "metric", "parzen", "score", "sklearn hgb", "sklearn linear", "best peer", "parzen s"],
    rows,
  ),
);

// One epoch on 100,000 × 50: early stopping off (patience 0 after one epoch), so the time is one pass plus the
// validation scoring.
await ensureNeuralBackend();
const n = 100_000;
const p = 50;
const rng = new Rng(7);
const columns = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rng.normal()));
const y = Float64Array.from(
  { length: n },
  (_, i) => Math.sin(columns[0][i]) + columns[1][i] * columns[2][i] + 0.1 * rng.normal(),
);
const x = { nRows: n, nCols: p, columns, names: columns.map((_, j) => `f${j}`) };
const epochRows: string[][] = [];
for (const family of [mlp, tabm]) {
  const params: Params = { ...family.defaults, max_epochs: 1, patience: 0 };
  const started = performance.now();
  family.fit({ x, y, kind: "regression", nClasses: 0, params, seed: 1 });
  const seconds = (performance.now() - started) / 1000;
  epochRows.push([
    family.name,
    String(params.width),
    String(params.depth),
    String(params.batch_size),
    "k" in params ? String(params.k) : "1",
    seconds.toFixed(1),
    ((n * 0.85) / seconds).toFixed(0),
  ]);
}
console.log(
  "\nOne epoch on 100,000 × 50 (85% fitted, 15% held for early stopping), WebAssembly backend, one thread:\n",
);
console.log(table(["family", "width", "depth", "batch", "members", "seconds", "rows/s"], epochRows));
