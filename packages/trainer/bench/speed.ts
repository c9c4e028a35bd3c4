// Speed and memory benchmark: gbdt on a synthetic 1,000,000 × 20 numeric binary dataset, 100 trees of 31
// leaves, beside XGBoost 1.7 `hist` with 2 threads on the very same data when /usr/bin/python3 has xgboost
// (`apt-get install python3-xgboost`). Each fit runs in its own process so peak RSS is the fit's own.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gbdt, type Matrix } from "../src/index.js";
import { Rng } from "../src/util/random.js";
import { table } from "./datasets.js";

const N = Number(process.env.BENCH_ROWS ?? 1_000_000);
const P = 20;
const TREES = 100;
const LEAVES = 31;

/** A logistic ground truth over ten of the twenty features plus one interaction. */
function makeData(n: number): { x: Matrix; y: Float64Array } {
  const rng = new Rng(2026);
  const columns = Array.from({ length: P }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < P; j++) {
      const v = rng.normal();
      columns[j][i] = v;
      if (j < 10) z += v * (j % 3 === 0 ? 1 : -0.5);
    }
    z += columns[0][i] * columns[1][i];
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x: { nRows: n, nCols: P, columns, names: columns.map((_, j) => `f${j}`) }, y };
}

const XGB_SCRIPT = `
import json, resource, sys, time
import numpy as np, xgboost as xgb
n, p, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
X = np.fromfile(path + "/x.f64").reshape(n, p)
y = np.fromfile(path + "/y.f64")
t = time.time()
d = xgb.DMatrix(X, label=y, nthread=2)
xgb.train({"tree_method": "hist", "objective": "binary:logistic", "nthread": 2, "max_leaves": ${LEAVES},
           "grow_policy": "lossguide", "max_depth": 0, "eta": 0.1, "lambda": 0, "min_child_weight": 1e-3,
           "max_bin": 255}, d, ${TREES})
print(json.dumps({"seconds": time.time() - t, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "version": xgb.__version__}))
`;

if (process.argv[2] === "--child") {
  // Child: fit once and report. Data generation is outside the timed region, as on the XGBoost side.
  const { x, y } = makeData(N);
  const started = performance.now();
  gbdt.fit({
    x,
    y,
    kind: "binary",
    nClasses: 2,
    params: { n_estimators: TREES, max_leaves: LEAVES },
    seed: 1,
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ seconds, rss_mb: process.resourceUsage().maxRSS / 1024 }));
} else {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, self, "--child"], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`benchmark child failed: ${child.stderr}`);
  const ours = JSON.parse(child.stdout.trim().split("\n").at(-1)!);
  let peer: { seconds: number; rss_mb: number; version: string } | undefined;
  try {
    execFileSync("/usr/bin/python3", ["-c", "import xgboost"], { stdio: "ignore" });
    const dir = mkdtempSync(join(tmpdir(), "parzen-speed-"));
    try {
      const { x, y } = makeData(N);
      const rowMajor = new Float64Array(N * P);
      for (let j = 0; j < P; j++) for (let i = 0; i < N; i++) rowMajor[i * P + j] = x.columns[j][i];
      writeFileSync(join(dir, "x.f64"), rowMajor);
      writeFileSync(join(dir, "y.f64"), y);
      const out = execFileSync("/usr/bin/python3", ["-c", XGB_SCRIPT, String(N), String(P), dir], {
        encoding: "utf8",
      });
      peer = JSON.parse(out.trim().split("\n").at(-1)!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } catch {
    peer = undefined;
  }
  const threads = availableParallelism();
  const rate = (s: number) => ((N * TREES) / s / 1e6).toFixed(2);
  console.log(
    `\nSpeed: gbdt, ${N.toLocaleString("en")} × ${P} numeric binary, ${TREES} trees × ${LEAVES} leaves`,
  );
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}\n`);
  const rows = [
    [`parzen gbdt (${threads} threads)`, ours.seconds.toFixed(2), rate(ours.seconds), ours.rss_mb.toFixed(0)],
  ];
  if (peer)
    rows.push([
      `xgboost ${peer.version} hist (2 threads)`,
      peer.seconds.toFixed(2),
      rate(peer.seconds),
      peer.rss_mb.toFixed(0),
    ]);
  console.log(table(["fit", "seconds", "M rows×trees/s", "peak RSS MB"], rows));
  if (peer)
    console.log(`\nparzen / xgboost time ratio: ${(ours.seconds / peer.seconds).toFixed(2)} (goal ≤ 1.00)`);
  else console.log("\n(xgboost not found: `apt-get install python3-xgboost` to measure it side by side)");
  console.log(`memory goal: peak RSS < 2048 MB — ${ours.rss_mb < 2048 ? "met" : "NOT met"}`);
}
