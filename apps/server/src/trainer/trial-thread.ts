// One trial of a fanned-out `trainer.run` job, on its own thread: rebuilds the job's trial data from the dataset
// version exactly as the coordinating worker did, evaluates the trial, and posts the encoded outcome.
import { parentPort, workerData } from "node:worker_threads";
import {
  evaluateTrial,
  getFamily,
  medianPruneRule,
  readFrame,
  type TrialJob,
  trialData,
} from "@parzen/trainer";
import { trainOptions } from "./options.js";
import type { TrainerJobRequest } from "./request.js";
import { encodeOutcome } from "./trial-codec.js";

const { request, dataPath, trial } = workerData as {
  request: TrainerJobRequest;
  dataPath: string;
  trial: TrialJob;
};

try {
  const data = trialData(trainOptions(request, await readFrame(dataPath)));
  const family = getFamily(trial.family);
  await family.prepare?.();
  const prune = medianPruneRule(trial.pruneThresholds, data.metrics[0].higherIsBetter);
  parentPort?.postMessage({
    outcome: encodeOutcome(evaluateTrial(data, family, trial.params, trial.seed, { prune })),
  });
} catch (error) {
  parentPort?.postMessage({ error: (error as Error).message });
}
