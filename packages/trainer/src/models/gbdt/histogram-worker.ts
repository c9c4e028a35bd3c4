// A helper thread of HistogramPool: waits for a job, sums its slice of rows into its partial histogram.
import { workerData } from "node:worker_threads";
import { accumulate } from "./histogram.js";
import { CTRL, type WorkerSetup } from "./histogram-pool.js";

const setup = workerData as WorkerSetup;
const control = new Int32Array(setup.control);
const bins = new Uint16Array(setup.bins);
const gh = new Float64Array(setup.gh);
const rows = new Int32Array(setup.rows);
const features = new Int32Array(setup.features);
const partial = new Float64Array(setup.partial);

// The pool starts at sequence 0; a job posted before this thread got here is picked up at once.
let seen = 0;
for (;;) {
  Atomics.wait(control, CTRL.seq, seen);
  seen = Atomics.load(control, CTRL.seq);
  if (Atomics.load(control, CTRL.stop) === 1) break;
  const start = Atomics.load(control, CTRL.perWorker + 2 * setup.index);
  const end = Atomics.load(control, CTRL.perWorker + 2 * setup.index + 1);
  const nUsed = Atomics.load(control, CTRL.nUsed);
  partial.fill(0);
  accumulate(
    partial,
    bins,
    setup.nFeatures,
    gh,
    { rows, start, end },
    nUsed < 0 ? null : features.subarray(0, nUsed),
  );
  Atomics.add(control, CTRL.done, 1);
  Atomics.notify(control, CTRL.done);
}
