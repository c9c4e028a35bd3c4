import onnxProto from "onnx-proto";
import { describe, expect, it } from "vitest";
import { frameFromRecords, OnnxModel } from "../src/index.js";

const { onnx } = onnxProto;
const FLOAT = 1;

/** A model as other tools write it (skl2onnx style): float32 input `X` `[N, d]`, built here without Parzen's exporter. */
function foreignModel(
  nodes: { op: string; inputs: string[]; output: string; domain?: string; attrs?: object[] }[],
  inputs: [string, number][],
  output: [string, number],
) {
  const info = ([name, width]: [string, number]) => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: "N" }, { dimValue: width }] } } },
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      producerName: "skl2onnx",
      opsetImport: [
        { domain: "", version: 17 },
        { domain: "ai.onnx.ml", version: 3 },
      ],
      graph: {
        name: "foreign",
        node: nodes.map((n, i) => ({
          opType: n.op,
          input: n.inputs,
          output: [n.output],
          domain: n.domain ?? "",
          name: `n${i}`,
          attribute: n.attrs ?? [],
        })),
        input: inputs.map(info),
        output: [info(output)],
      },
    }),
  ).finish();
}

const A = onnx.AttributeProto.AttributeType;

describe("foreign ONNX models", () => {
  it("loads a one-matrix-input regressor and feeds it columns by the given feature names", async () => {
    const bytes = foreignModel(
      [
        {
          op: "LinearRegressor",
          domain: "ai.onnx.ml",
          inputs: ["X"],
          output: "variable",
          attrs: [
            { name: "coefficients", type: A.FLOATS, floats: [2, -1, 0.5] },
            { name: "intercepts", type: A.FLOATS, floats: [10] },
          ],
        },
      ],
      [["X", 3]],
      ["variable", 1],
    );
    const model = await OnnxModel.load(bytes, { featureNames: ["a", "b", "c"] });
    expect(model.task.kind).toBe("regression");
    const frame = frameFromRecords([
      { c: 2, a: 1, b: 3, extra: "ignored" },
      { c: 0, a: -1, b: 0, extra: "ignored" },
    ]);
    const predicted = await model.predict(frame);
    expect(predicted.predictions).toEqual([10 + 2 - 3 + 1, 10 - 2]);
    await expect(model.predict(frameFromRecords([{ a: 1 }]))).rejects.toThrow(
      /lacks column\(s\) the model reads: b, c/,
    );
  });

  it("loads a classifier with one input per feature and reads its probabilities", async () => {
    // P(class 1) = sigmoid(x0 - x1), written as plain ops with a [N, 2] probability output.
    const bytes = foreignModel(
      [
        { op: "Sub", inputs: ["x0", "x1"], output: "z" },
        { op: "Sigmoid", inputs: ["z"], output: "p1" },
        { op: "Sub", inputs: ["one", "p1"], output: "p0" },
        {
          op: "Concat",
          inputs: ["p0", "p1"],
          output: "probabilities",
          attrs: [{ name: "axis", type: A.INT, i: 1 }],
        },
      ],
      [
        ["x0", 1],
        ["x1", 1],
        ["one", 1],
      ],
      ["probabilities", 2],
    );
    const model = await OnnxModel.load(bytes, { task: { kind: "binary", classes: ["no", "yes"] } });
    const predicted = await model.predict(
      frameFromRecords([
        { x0: 3, x1: 0, one: 1 },
        { x0: 0, x1: 3, one: 1 },
      ]),
    );
    expect(predicted.predictions).toEqual(["yes", "no"]);
    expect(predicted.raw[0]).toBeCloseTo(1 / (1 + Math.exp(-3)), 6);
  });

  it("refuses bytes that are not an ONNX model", async () => {
    await expect(OnnxModel.load(new TextEncoder().encode("not a model"))).rejects.toThrow(
      /Not a loadable ONNX model/,
    );
  });
});
