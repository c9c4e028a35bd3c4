#!/usr/bin/env node
import { configFromEnv } from "./config.js";
import { startWorker } from "./worker.js";

const worker = await startWorker({
  ...configFromEnv(),
  onTrial: (jobId, trial) => console.log(`trial ${trial.family} seed ${trial.seed} of job ${jobId}`),
});
console.log(`Parzen worker ${worker.workerId} waiting for jobs`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void worker.close().then(() => process.exit(0)));
}
