// A helper thread of HistogramPool: waits for a job, sums its slice of rows into its partial histogram.
import { workerData } from "node:worker_threads";
import { CTRL, threadKernel, type WorkerSetup } from "./histogram-pool.js";

const setup = workerData as WorkerSetup;
const { control, partial } = setup;
let { bins, gh, rows, features } = setup;
if (setup.wasm) {
  // The clones view the memory through another SharedArrayBuffer object; the kernel wants its memory's own.
  const buffer = setup.wasm.memory.buffer;
  bins = new Uint16Array(buffer, bins.byteOffset, bins.length);
  gh = new Float64Array(buffer, gh.byteOffset, gh.length);
  rows = new Int32Array(buffer, rows.byteOffset, rows.length);
  features = new Int32Array(buffer, features.byteOffset, features.length);
  const { scratch, features: own } = setup.wasm;
  setup.wasm.scratch = new Float64Array(buffer, scratch.byteOffset, scratch.length);
  setup.wasm.features = new Int32Array(buffer, own.byteOffset, own.length);
}
const kernel = threadKernel(setup.wasm);

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
  kernel(
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
