import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Matrix } from "../../preprocess/matrix.js";
import { awaitStarted } from "../../util/await-started.js";
import { workerScript } from "../../util/worker-url.js";
import { addTreeScores } from "./add-tree-scores.js";
import type { Tree } from "./tree.js";

/** What a scoring helper receives: its rows' columns and scores in shared memory, and a control array. */
export interface ScoreJob {
  trees: readonly Tree[];
  columns: Float64Array[];
  nRows: number;
  raw: Float64Array;
  width: number;
  /** [0]: 1 when done, 2 when failed; [1]: 1 once started (see awaitStarted). */
  control: Int32Array;
}

/** Below this many row × tree visits, starting a thread (~30 ms) costs more than it saves. */
const MIN_VISITS = 20_000_000;

const sharedCopy = (from: Float64Array) => {
  const copy = new Float64Array(new SharedArrayBuffer(from.byteLength));
  copy.set(from);
  return copy;
};

/**
 * `addTreeScores` split across the machine's cores for large inputs: helper threads score the later row blocks
 * (copied to shared memory) while the caller scores the first; each row's sum is formed in the same order, so
 * the result is identical. Blocks until all are done. `threads` and `minVisits` override the core count and
 * the size threshold (tests use them on small data).
 */
export function parallelTreeScores(
  trees: readonly Tree[],
  x: Matrix,
  raw: Float64Array,
  width: number,
  { threads = availableParallelism(), minVisits = MIN_VISITS } = {},
): void {
  const parts = Math.min(threads, Math.max(1, Math.floor((x.nRows * trees.length) / minVisits)));
  if (parts <= 1 || x.nRows < parts) {
    addTreeScores(trees, x, raw, width);
    return;
  }
  const share = Math.ceil(x.nRows / parts);
  const since = performance.now();
  const jobs: { worker: Worker; job: ScoreJob; from: number }[] = [];
  for (let p = 1; p < parts; p++) {
    const from = p * share;
    const to = Math.min(x.nRows, from + share);
    const job: ScoreJob = {
      trees,
      columns: x.columns.map((col) => sharedCopy(col.subarray(from, to))),
      nRows: to - from,
      raw: sharedCopy(raw.subarray(from * width, to * width)),
      width,
      control: new Int32Array(new SharedArrayBuffer(8)),
    };
    const worker = new Worker(workerScript(import.meta.url, "tree-scores-worker.js"), { workerData: job });
    worker.on("error", () => {}); // the caller throws its own error when the control array says so
    worker.unref();
    jobs.push({ worker, job, from });
  }
  try {
    const own = { ...x, nRows: share, columns: x.columns.map((col) => col.subarray(0, share)) };
    addTreeScores(trees, own, raw.subarray(0, share * width), width);
    for (const { job, from } of jobs) {
      awaitStarted(job.control, 1, 1, since, "Tree scoring");
      while (Atomics.load(job.control, 0) === 0) Atomics.wait(job.control, 0, 0);
      if (job.control[0] === 2) throw new Error("Tree scoring: a helper thread failed.");
      raw.set(job.raw, from * width);
    }
  } finally {
    for (const { worker } of jobs) void worker.terminate();
  }
}
