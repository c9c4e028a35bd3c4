// A trial worker of TrialPool: rebuilds the data once, then cross-validates each configuration it is sent.
import { parentPort, workerData } from "node:worker_threads";
import { Frame } from "../data/frame.js";
import { getMetric } from "../metrics/metrics.js";
import { getFamily } from "../models/registry.js";
import { evaluateTrial, type TrialData } from "../train/evaluate.js";
import { medianPruneRule } from "./pruning.js";
import type { TrialJob, TrialWorkerSetup } from "./trial-pool.js";

const setup = workerData as TrialWorkerSetup;
const data: TrialData = {
  features: new Frame(setup.columns),
  y: setup.y,
  splits: setup.splits,
  task: setup.task,
  nClasses: setup.nClasses,
  metrics: setup.metrics.map((m) => getMetric(m, setup.task.kind)),
};

parentPort?.on("message", async ({ id, job }: { id: number; job: TrialJob }) => {
  try {
    const family = getFamily(job.family);
    await family.prepare?.();
    const prune = medianPruneRule(job.pruneThresholds, data.metrics[0].higherIsBetter);
    const outcome = evaluateTrial(data, family, job.params, job.seed, { prune });
    parentPort?.postMessage({ id, outcome }, [outcome.oof.buffer as ArrayBuffer]);
  } catch (error) {
    const e = error as Error & { context?: unknown };
    parentPort?.postMessage({ id, error: { name: e.name, message: e.message, context: e.context } });
  }
});
