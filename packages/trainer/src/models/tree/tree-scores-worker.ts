// A helper thread of parallelTreeScores: scores its block of rows and says when it is done.
import { workerData } from "node:worker_threads";
import { addTreeScores } from "./add-tree-scores.js";
import type { ScoreJob } from "./parallel-tree-scores.js";

const job = workerData as ScoreJob;
Atomics.add(job.control, 1, 1);
Atomics.notify(job.control, 1);
try {
  const x = { nRows: job.nRows, nCols: job.columns.length, columns: job.columns, names: [] };
  addTreeScores(job.trees, x, job.raw, job.width);
  Atomics.store(job.control, 0, 1);
} catch (error) {
  Atomics.store(job.control, 0, 2);
  throw error;
} finally {
  Atomics.notify(job.control, 0);
}
