// Distillation: a Caruana ensemble (gbdt + random forest + linear, 10 trials each) as the teacher, a default gbdt
// distilled from it as the student. Both learn from the same 80% of the rows and are scored on the other 20%,
// which neither saw (a student's own cross-validation flatters it when its teacher has seen every row).
// Also: agreement with the teacher, model size and predict latency.
import {
  distill,
  exportOnnx,
  type Frame,
  getMetric,
  holdoutSplit,
  predictorTeacher,
  readFrame,
  resolveTask,
  serializeModel,
  train,
} from "../src/index.js";
import { benchDatasets, table } from "./datasets.js";

function latency(predict: (f: Frame) => unknown, row: Frame): number {
  predict(row);
  const started = performance.now();
  let calls = 0;
  while (performance.now() - started < 500) {
    predict(row);
    calls++;
  }
  return (performance.now() - started) / calls;
}

const rows: string[][] = [];
for (const ds of benchDatasets().filter((d) => ["breast_cancer", "penguins", "diabetes"].includes(d.name))) {
  const all = await readFrame(ds.csv);
  const { y } = resolveTask(all, { labelColumn: ds.label, taskKind: ds.task });
  const split = holdoutSplit(all.nRows, 0.2, 7, ds.task === "regression" ? undefined : y);
  const data = all.take(split.train);
  const test = all.take(split.valid);
  const taught = await train({
    data,
    task: { labelColumn: ds.label, taskKind: ds.task },
    modelTypes: ["gbdt", "random_forest", "linear"],
    nTrials: 10,
    ensemble: true,
  });
  const teacher = taught.model;
  const result = await distill({
    data,
    task: { labelColumn: ds.label, taskKind: ds.task },
    teacher: predictorTeacher(teacher),
  });
  const metric = getMetric(ds.metric, ds.task);
  const truth = Float64Array.from(split.valid, (r) => y[r]);
  const onTest = (model: typeof teacher) =>
    metric.compute(truth, model.predictRaw(test), taught.task.classes.length);
  const row = data.drop(ds.label).take([0]);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  rows.push([
    ds.name,
    metric.name,
    onTest(teacher).toFixed(5),
    onTest(result.model).toFixed(5),
    result.fidelity.toFixed(4),
    `${kib(JSON.stringify(serializeModel(teacher)).length)} / ${kib(exportOnnx(teacher).length)}`,
    `${kib(JSON.stringify(serializeModel(result.model)).length)} / ${kib(exportOnnx(result.model).length)}`,
    latency((f) => teacher.predictRaw(f), row).toFixed(3),
    latency((f) => result.model.predictRaw(f), row).toFixed(3),
  ]);
}
console.log(
  "\nDistillation: teacher = Caruana ensemble of 30 trials, student = gbdt distilled from it; both learn from the",
);
console.log(
  "same 80% of the rows and are scored on the other 20%; fidelity = out-of-fold agreement with the teacher (R²):\n",
);
console.log(
  table(
    [
      "dataset",
      "metric",
      "teacher",
      "student",
      "fidelity",
      "teacher size json/onnx",
      "student size json/onnx",
      "teacher ms/row",
      "student ms/row",
    ],
    rows,
  ),
);
