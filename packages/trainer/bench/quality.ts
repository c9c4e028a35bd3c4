// Quality benchmark: Parzen's families with default parameters on every dataset's fixed folds, printed beside
// scikit-learn's numbers from ../shared/bench/peers.json (same folds).
import { getMetric } from "../src/index.js";
import { benchDatasets, peers, table, trainOnFolds } from "./datasets.js";

const PAIRS: [string, string][] = [
  ["gbdt", "sklearn_hgb"],
  ["linear", "linear"],
  ["random_forest", "random_forest"],
];

const reference = peers();
const rows: string[][] = [];
for (const ds of benchDatasets()) {
  const { result } = await trainOnFolds(ds, { modelTypes: PAIRS.map(([ours]) => ours) });
  const metric = getMetric(ds.metric, ds.task);
  for (const [ours, theirs] of PAIRS) {
    const entry = result.leaderboard.find((e) => e.modelType === ours)!;
    const mean = entry.foldScores.reduce((a, b) => a + b, 0) / entry.foldScores.length;
    const sd = Math.sqrt(
      entry.foldScores.reduce((a, b) => a + (b - mean) ** 2, 0) / (entry.foldScores.length - 1),
    );
    // Noise: the standard error of the mean over the five folds.
    const noise = sd / Math.sqrt(entry.foldScores.length);
    const peer = reference?.[ds.name]?.models[theirs];
    const delta = peer ? entry.cvScore - peer.oof : Number.NaN;
    const better = peer ? (metric.higherIsBetter ? delta >= 0 : delta <= 0) : false;
    const verdict = !peer
      ? "n/a"
      : better
        ? "better"
        : Math.abs(delta) <= 2 * noise
          ? "within noise"
          : "WORSE";
    rows.push([
      ds.name,
      ds.metric,
      ours,
      entry.cvScore.toFixed(5),
      peer ? `${theirs} ${peer.oof.toFixed(5)}` : "(no peers.json)",
      peer ? delta.toFixed(5) : "",
      noise.toFixed(5),
      verdict,
      entry.fitSeconds.toFixed(2),
      peer ? peer.seconds.toFixed(2) : "",
    ]);
  }
}
console.log("\nQuality: out-of-fold score on the fixed 5 folds, default parameters");
console.log("(noise = standard error of the fold scores; 'within noise' = |Δ| ≤ 2 × noise)\n");
console.log(
  table(
    ["dataset", "metric", "parzen", "score", "peer", "Δ", "noise", "verdict", "parzen s", "peer s"],
    rows,
  ),
);
