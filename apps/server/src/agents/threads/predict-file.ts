// Predicts every row of a file with a stored model and writes the predictions as CSV, off the event loop.
import { parentPort, workerData } from "node:worker_threads";
import {
  cellValue,
  loadModel,
  OnnxModel,
  type OnnxModelOptions,
  type PredictionSet,
  predictionColumns,
  readFrame,
  TrainerInputError,
  writeCsv,
} from "@parzen/trainer";

/** What the batch-predict definition sends the thread. */
export interface PredictFileInput {
  modelPath: string;
  /** Set for a registered ONNX model: how to read it. */
  onnx?: OnnxModelOptions;
  /** The input table, named with its type's extension (`.csv`, `.parquet`, `.json`). */
  inputPath: string;
  /** The table's name as uploaded, for messages. */
  inputName: string;
  outputPath: string;
  /** Columns the model reads; a file without one of them is refused. */
  requiredColumns: string[];
  /** Copy the input's columns in front of the predictions. */
  includeInput: boolean;
}

/** What the thread answers. */
export type PredictFileReply =
  | { type: "done"; rows: number; predicted: number; columns: string[] }
  | { type: "failed"; code: string; message: string };

const input = workerData as PredictFileInput;
const reply = (message: PredictFileReply) => parentPort?.postMessage(message);

async function main(): Promise<void> {
  let model: OnnxModel | Awaited<ReturnType<typeof loadModel>>;
  try {
    model = input.onnx ? await OnnxModel.load(input.modelPath, input.onnx) : await loadModel(input.modelPath);
  } catch (error) {
    // The stored model is the server's side of the bargain: not the caller's input.
    return reply({
      type: "failed",
      code: "runtime_error",
      message: `Cannot load the model: ${(error as Error).message}`,
    });
  }
  let frame: Awaited<ReturnType<typeof readFrame>>;
  try {
    frame = await readFrame(input.inputPath);
  } catch (error) {
    const reason = (error as Error).message;
    return reply({
      type: "failed",
      code: "unreadable_file",
      message: `Cannot read "${input.inputName}" as a table: ${reason}`,
    });
  }
  const missing = input.requiredColumns.filter((c) => !frame.has(c));
  if (missing.length > 0) {
    return reply({
      type: "failed",
      code: "missing_columns",
      message: `The file lacks column(s) the model reads: ${missing.join(", ")} (it has: ${frame.names.join(", ")}).`,
    });
  }
  const set: PredictionSet = await model.predict(frame);
  const predicted = predictionColumns(set);
  const columns: Record<string, ArrayLike<unknown>> = {};
  if (input.includeInput) {
    for (const column of frame.columns) {
      columns[column.name] = Array.from({ length: frame.nRows }, (_, row) => cellValue(column, row));
    }
  }
  for (const [name, values] of Object.entries(predicted)) {
    // A prediction column never hides an input column of the same name.
    let unique = name;
    while (unique in columns) unique = `_${unique}`;
    columns[unique] = values;
  }
  await writeCsv(input.outputPath, columns);
  const filled = set.predictions.filter((p) => p !== null && p !== undefined && !Number.isNaN(p)).length;
  reply({ type: "done", rows: frame.nRows, predicted: filled, columns: Object.keys(columns) });
}

main().catch((error: unknown) =>
  reply({
    type: "failed",
    code: error instanceof TrainerInputError ? "unreadable_file" : "runtime_error",
    message: error instanceof Error ? error.message : String(error),
  }),
);
