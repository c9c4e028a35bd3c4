import { beforeAll, expect, it } from "vitest";
import {
  exportOnnx,
  type Frame,
  frameFromRecords,
  OnnxModel,
  Pipeline,
  readFrame,
  TrainedModel,
  train,
} from "../src/index.js";

// Requested feature steps (an agentic run's accepted suggestions) are fitted into the preprocessing: the model's
// features, its DAG and lineage show them, and the ONNX export computes the same numbers.
let penguins: Frame;
beforeAll(async () => {
  penguins = await readFrame(new URL("../../../examples/penguins.csv", import.meta.url).pathname);
});

it("drops, log-transforms, divides and imputes as asked, in the pipeline itself", () => {
  const frame = frameFromRecords([
    { a: 1, b: 2, c: "x", id: 1 },
    { a: 100, b: 0, c: "y", id: 2 },
    { a: null, b: 4, c: "x", id: 3 },
    { a: -3, b: 1, c: "y", id: 4 },
  ]);
  const pipeline = Pipeline.fit(frame, {
    steps: [
      { type: "drop", columns: ["c"] },
      { type: "log", columns: ["a"] },
      { type: "ratio", numerator: "a", denominator: "b" },
      { type: "impute" },
    ],
  });
  expect(pipeline.featureNames).toEqual(["a", "a__missing", "b", "id", "a__per__b", "a__per__b__missing"]);
  const m = pipeline.transform(frame);
  expect(m.columns[0][0]).toBeCloseTo(Math.log(2));
  expect(m.columns[0][3]).toBeCloseTo(-Math.log(4));
  // a/b with the raw a transformed first: log1p(100)/0 is missing, then imputed with a missing flag.
  expect(m.columns[4][0]).toBeCloseTo(Math.log(2) / 2);
  expect(m.columns[5][1]).toBe(1);
  const lineage = Object.fromEntries(pipeline.lineage().map((l) => [l.feature, l.sources]));
  expect(lineage.a__per__b).toEqual(["a", "b"]);
  const labels = pipeline
    .dag()
    .nodes.filter((n) => n.kind === "step")
    .map((n) => n.label);
  expect(labels).toEqual(["drop", "datetime", "log", "ratio", "encode", "impute"]);
  expect(pipeline.toJSON().steps[0]).toMatchObject({ dropped: [{ column: "c", reason: "requested" }] });
});

it("trains with feature steps, and the ONNX export applies them the same way", async () => {
  const result = await train({
    data: penguins,
    task: { labelColumn: "Species" },
    modelTypes: ["gbdt"],
    nSplits: 3,
    workers: 1,
    featureSteps: [
      { type: "log", columns: ["Body Mass (g)"] },
      { type: "ratio", numerator: "Beak Length (mm)", denominator: "Beak Depth (mm)" },
      { type: "drop", columns: ["Island"] },
    ],
  });
  const model = result.model;
  expect(model).toBeInstanceOf(TrainedModel);
  const names = (model as TrainedModel).pipeline.featureNames;
  expect(names).toContain("Beak Length (mm)__per__Beak Depth (mm)");
  expect(names.some((n: string) => n.startsWith("Island"))).toBe(false);
  const held = penguins.drop("Species").take(Int32Array.from({ length: 30 }, (_, i) => i * 11));
  const expected = model.predictRaw(held);
  const onnx = await OnnxModel.load(exportOnnx(model));
  const actual = await onnx.predictRaw(held);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(1e-5);
  await onnx.close();
});
