// Permutation and gain importance of a stored model on labelled rows of a dataset version, off the event loop.
import { parentPort, workerData } from "node:worker_threads";
import {
  encodeLabels,
  loadModel,
  type PermutationImportance,
  permutationImportance,
  TrainerInputError,
  treeGainImportance,
} from "@parzen/trainer";
import { readSample } from "../sample.js";

/** What the explain-model definition sends the thread. */
export interface ExplainInput {
  modelPath: string;
  dataPath: string;
  scratch: string;
  maxRows: number;
  repeats: number;
}

/** What the thread answers. */
export type ExplainReply =
  | {
      type: "done";
      permutation: PermutationImportance;
      gain: { column: string; importance: number }[] | null;
    }
  | { type: "failed"; code: string; message: string };

const input = workerData as ExplainInput;

async function main(): Promise<ExplainReply> {
  const model = await loadModel(input.modelPath);
  const frame = await readSample(input.dataPath, input.maxRows, input.scratch);
  const label = model.task.labelColumn;
  if (!label || !frame.has(label)) {
    return { type: "failed", code: "unfit_data", message: `The rows lack the label column "${label}".` };
  }
  const { y, rows } = encodeLabels(model.task, frame.column(label));
  const labelled = frame.take(rows);
  const permutation = permutationImportance(model, labelled, y, {
    repeats: input.repeats,
    maxRows: input.maxRows,
  });
  const gain = treeGainImportance(model, labelled.drop(label));
  return { type: "done", permutation, gain: gain?.columns ?? null };
}

main().then(
  (reply) => parentPort?.postMessage(reply),
  (error: unknown) =>
    parentPort?.postMessage({
      type: "failed",
      code: error instanceof TrainerInputError ? "unfit_data" : "runtime_error",
      message: error instanceof Error ? error.message : String(error),
    }),
);
