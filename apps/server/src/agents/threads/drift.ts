// Drift of every shared column between two dataset versions, off the event loop.
import { parentPort, workerData } from "node:worker_threads";
import { compareFrames, type FeatureDrift } from "../../monitors/reference.js";
import { readSample } from "../sample.js";

/** What the drift-check definition sends the thread. */
export interface DriftInput {
  referencePath: string;
  currentPath: string;
  /** Scratch `.parquet` paths for the two samples. */
  scratch: [string, string];
  maxRows: number;
  columns: string[] | null;
  numeric: "psi" | "ks";
  categorical: "psi" | "chi_squared";
  thresholds: { psi: number; ks: number; chi_squared: number };
}

/** What the thread answers. */
export type DriftReply =
  | { type: "done"; referenceRows: number; currentRows: number; columns: FeatureDrift[] }
  | { type: "failed"; message: string };

const input = workerData as DriftInput;

async function main(): Promise<DriftReply> {
  const reference = await readSample(input.referencePath, input.maxRows, input.scratch[0]);
  const current = await readSample(input.currentPath, input.maxRows, input.scratch[1]);
  const columns = compareFrames(reference, current, {
    columns: input.columns ?? undefined,
    numeric: input.numeric,
    categorical: input.categorical,
    thresholds: input.thresholds,
  });
  return { type: "done", referenceRows: reference.nRows, currentRows: current.nRows, columns };
}

main().then(
  (reply) => parentPort?.postMessage(reply),
  (error: unknown) =>
    parentPort?.postMessage({
      type: "failed",
      message: error instanceof Error ? error.message : String(error),
    }),
);
