#!/usr/bin/env node
import { configFromEnv } from "./config.js";
import { startWorker } from "./worker.js";

const worker = await startWorker({
  ...configFromEnv(),
  onTrial: (jobId, trial) => console.log(`trial ${trial.family} seed ${trial.seed} of job ${jobId}`),
});
console.log(`Parzen worker ${worker.workerId} waiting for jobs`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    // Running jobs go back to the queue at once; nothing keeps the process past a few seconds.
    setTimeout(() => process.exit(1), 15_000).unref();
    worker.shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
