import { EnsembleModel } from "../ensemble/ensemble-model.js";
import type { Predictor, TrainedModel } from "../model.js";
import { familyGraph } from "./families.js";
import { GraphBuilder } from "./graph.js";
import { declareInputs, type InputTensors, pipelineGraph } from "./pipeline.js";

/** The name of the exported model's output: `predictRaw` as `[N, 1]` (values, P(class 1)) or `[N, K]` probabilities. */
export const ONNX_OUTPUT = "output";

function singleGraph(g: GraphBuilder, model: TrainedModel, inputs: InputTensors): string {
  return familyGraph(g, pipelineGraph(g, model.pipeline.toJSON(), inputs), model.model);
}

/**
 * Exports a trained model — its preprocessing pipeline included — or a Caruana ensemble (the weighted sum of its
 * members, each the mean of its fold models) as a standard ONNX model: opset 17 plus `ai.onnx.ml` 3. The inputs
 * are the raw columns by name (`[N, 1]`, strings for categorical columns with "" as missing, doubles otherwise:
 * datetimes as epoch milliseconds), the output is `output`, matching `predictRaw`.
 */
export function exportOnnx(model: Predictor): Uint8Array {
  const g = new GraphBuilder();
  const inputs: InputTensors = new Map();
  const singles =
    model instanceof EnsembleModel
      ? model.members.flatMap((m) => m.folds.map((fold) => ({ fold, weight: m.weight / m.folds.length })))
      : [{ fold: model as TrainedModel, weight: 1 }];
  for (const { fold } of singles) declareInputs(g, fold.pipeline.toJSON(), inputs);
  let output: string | undefined;
  for (const { fold, weight } of singles) {
    const y = singleGraph(g, fold, inputs);
    const weighted = weight === 1 ? y : g.node("Mul", [y, g.scalar(weight)]);
    output = output ? g.node("Add", [output, weighted]) : weighted;
  }
  const { task } = model;
  const width = task.kind === "multiclass" ? task.classes.length : 1;
  g.output(output!, ONNX_OUTPUT, "double", width);
  return g.toBytes("parzen", {
    task: task.kind,
    label_column: task.labelColumn,
    classes: JSON.stringify(task.classes),
    inputs: JSON.stringify([...inputs].map(([name, i]) => ({ name, kind: i.kind }))),
  });
}
