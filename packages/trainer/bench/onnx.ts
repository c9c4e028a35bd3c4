// Prediction throughput, rows per second, of every family: the TypeScript model beside the same model exported
// to ONNX and run by onnxruntime-node, at batch 1 (one row per call: latency-bound serving) and batch 10,000.
import { exportOnnx, type Frame, OnnxModel, readFrame, train } from "../src/index.js";
import { repoRoot, table } from "./datasets.js";

const data = await readFrame(`${repoRoot}/examples/breast_cancer.csv`);
const features = data.drop("malignant");
const big = features.take(Int32Array.from({ length: 10_000 }, (_, i) => i % features.nRows));
const one = features.take([0]);

async function rate(run: (frame: Frame) => unknown, frame: Frame, seconds = 1): Promise<number> {
  await run(frame);
  let rows = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await run(frame);
    rows += frame.nRows;
  }
  return rows / ((performance.now() - started) / 1000);
}

const rows: string[][] = [];
for (const family of ["gbdt", "random_forest", "extra_trees", "linear", "mlp", "tabm"]) {
  const { model } = await train({
    data,
    task: { labelColumn: "malignant" },
    modelTypes: [family],
    nSplits: null,
    workers: 1,
  });
  const onnx = await OnnxModel.load(exportOnnx(model));
  const ts1 = await rate((f) => model.predictRaw(f), one);
  const ort1 = await rate((f) => onnx.predictRaw(f), one);
  const ts10k = await rate((f) => model.predictRaw(f), big, 2);
  const ort10k = await rate((f) => onnx.predictRaw(f), big, 2);
  rows.push([
    family,
    ts1.toFixed(0),
    ort1.toFixed(0),
    ts10k.toFixed(0),
    ort10k.toFixed(0),
    (ort10k / ts10k).toFixed(2),
  ]);
  await onnx.close();
}
console.log("\nPredict throughput on breast_cancer rows (30 features), rows/s, pipeline included:\n");
console.log(
  table(["family", "TS batch 1", "ORT batch 1", "TS batch 10k", "ORT batch 10k", "ORT/TS at 10k"], rows),
);
