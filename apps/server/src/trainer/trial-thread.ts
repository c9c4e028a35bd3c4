// Trials of one fanned-out `trainer.run` job, on a thread of their own: the job's trial data is rebuilt once from
// the dataset version, exactly as the coordinating worker built it, then each trial sent here is evaluated on it.
import { parentPort, workerData } from "node:worker_threads";
import {
  evaluateTrial,
  getFamily,
  medianPruneRule,
  readFrame,
  type TrialJob,
  trialData,
} from "@parzen/trainer";
import { runInBackground } from "../jobs/thread-priority.js";
import { trainOptions } from "./options.js";
import type { TrainerJobRequest } from "./request.js";
import { encodeOutcome } from "./trial-codec.js";

// Trials yield the CPU to the event loop's thread (requests first).
runInBackground();
const { request, dataPath } = workerData as { request: TrainerJobRequest; dataPath: string };
const data = readFrame(dataPath).then((frame) => trialData(trainOptions(request, frame)));
// A failed load is reported with the first trial that needs it.
data.catch(() => undefined);

parentPort?.on("message", async ({ id, trial }: { id: number; trial: TrialJob }) => {
  try {
    const prepared = await data;
    const family = getFamily(trial.family);
    await family.prepare?.();
    const prune = medianPruneRule(trial.pruneThresholds, prepared.metrics[0].higherIsBetter);
    const outcome = evaluateTrial(prepared, family, trial.params, trial.seed, { prune });
    parentPort?.postMessage({ id, outcome: encodeOutcome(outcome) });
  } catch (error) {
    parentPort?.postMessage({ id, error: (error as Error).message });
  }
});
