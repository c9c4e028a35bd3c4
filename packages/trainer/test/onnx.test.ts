import { beforeAll, describe, expect, it } from "vitest";
import {
  exportOnnx,
  type Frame,
  frameFromRecords,
  OnnxModel,
  type Predictor,
  readFrame,
  train,
} from "../src/index.js";

const example = (name: string) => new URL(`../../../examples/${name}.csv`, import.meta.url).pathname;
const data: Record<string, Frame> = {};
beforeAll(async () => {
  for (const name of ["penguins", "seattle_weather", "diabetes", "breast_cancer"])
    data[name] = await readFrame(example(name));
});

/** Rows the model did not train on, plus edge cases: an unseen category, missing text and numbers. */
function heldRows(frame: Frame, label: string): Frame {
  const rows = Array.from({ length: 40 }, (_, i) => (i * 7919) % frame.nRows);
  const records = rows.map((r) =>
    Object.fromEntries(frame.names.filter((n) => n !== label).map((n) => [n, frame.value(n, r)])),
  );
  if (frame.has("Island")) {
    records.push({ ...records[0], Island: "Atlantis", Sex: null });
    records.push({ ...records[1], "Beak Length (mm)": null, Island: null });
  }
  return frameFromRecords(
    records,
    Object.fromEntries(frame.schema.filter((c) => c.name !== label).map((c) => [c.name, c.kind])),
  );
}

/** The TS model and onnxruntime agree within 1e-5, relative to the value's size for values above 1. */
async function expectParity(model: Predictor, held: Frame): Promise<void> {
  const expected = model.predictRaw(held);
  const onnx = await OnnxModel.load(exportOnnx(model));
  const actual = await onnx.predictRaw(held);
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  }
  expect(worst).toBeLessThanOrEqual(1e-5);
  // Classes follow from the probabilities; regression values were compared above.
  if (model.task.kind !== "regression")
    expect((await onnx.predict(held)).predictions).toEqual(model.predict(held).predictions);
  await onnx.close();
}

const QUICK_NEURAL = { mlp: { max_epochs: 15 }, tabm: { max_epochs: 15, k: 4 } };

const CASES: [string, string, string[]][] = [
  ["penguins", "Species", ["gbdt", "random_forest", "extra_trees", "linear", "mlp", "tabm"]],
  ["seattle_weather", "weather", ["gbdt", "linear", "mlp"]],
  ["diabetes", "target", ["gbdt", "random_forest", "linear", "mlp", "tabm"]],
  ["breast_cancer", "malignant", ["gbdt", "random_forest", "linear", "tabm"]],
];

describe.each(CASES)("ONNX export on %s", (dataset, label, families) => {
  it.each(families)("%s: onnxruntime matches the TypeScript model", async (family) => {
    const result = await train({
      data: data[dataset],
      task: { labelColumn: label },
      modelTypes: [family],
      params: QUICK_NEURAL,
      nSplits: null,
      workers: 1,
    });
    await expectParity(result.model, heldRows(data[dataset], label));
  });
});

it("exports a Caruana ensemble as the weighted sum of its members' fold models", async () => {
  const result = await train({
    data: data.penguins,
    task: { labelColumn: "Species" },
    modelTypes: ["gbdt", "linear", "random_forest"],
    nTrials: 2,
    nSplits: 3,
    ensemble: true,
    workers: 1,
  });
  expect(result.model.kind).toBe("ensemble");
  await expectParity(result.model, heldRows(data.penguins, "Species"));
});

it("records the task, classes and inputs in the model's metadata, and names inputs by column", async () => {
  const result = await train({
    data: data.penguins,
    task: { labelColumn: "Species" },
    modelTypes: ["linear"],
    nSplits: null,
    workers: 1,
  });
  const model = await OnnxModel.load(exportOnnx(result.model));
  expect(model.task).toMatchObject({
    kind: "multiclass",
    classes: ["Adelie", "Chinstrap", "Gentoo"],
    labelColumn: "Species",
  });
  expect(model.inputColumns.sort()).toEqual([
    "Beak Depth (mm)",
    "Beak Length (mm)",
    "Body Mass (g)",
    "Flipper Length (mm)",
    "Island",
    "Sex",
  ]);
  await expect(model.predict(frameFromRecords([{ Island: "Biscoe" }]))).rejects.toThrow(
    /lacks column\(s\).*Beak/,
  );
});
