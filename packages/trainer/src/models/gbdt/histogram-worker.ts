// A helper thread of HistogramPool: waits for a job, sums its slice of rows into its partial histogram.
import { workerData } from "node:worker_threads";
import { CTRL, JOB, SLOTS, threadKernel, type WorkerSetup, waitWhile } from "./histogram-pool.js";
import { addLeafSums } from "./leaf-sums.js";
import { objectiveFor } from "./objective.js";
import type { Partitioner } from "./partition.js";
import { wasmPartitioner } from "./wasm-kernel.js";

const setup = workerData as WorkerSetup;
const { control, partial } = setup;
let { bins, gh, rows, features } = setup;
let partition: Partitioner | undefined;
if (setup.wasm) {
  // The clones view the memory through another SharedArrayBuffer object; the kernel wants its memory's own.
  const buffer = setup.wasm.memory.buffer;
  bins = new Uint8Array(buffer, bins.byteOffset, bins.length);
  gh = new Float64Array(buffer, gh.byteOffset, gh.length);
  rows = new Int32Array(buffer, rows.byteOffset, rows.length);
  features = new Int32Array(buffer, features.byteOffset, features.length);
  const { scratch, features: own, gather } = setup.wasm;
  setup.wasm.scratch = new Float64Array(buffer, scratch.byteOffset, scratch.length);
  setup.wasm.features = new Int32Array(buffer, own.byteOffset, own.length);
  setup.wasm.gather = new Uint8Array(buffer, gather.byteOffset, gather.length);
  const { table } = setup.wasm;
  table.table = new Int32Array(buffer, table.table.byteOffset, table.table.length);
  table.all = new Int32Array(buffer, table.all.byteOffset, table.all.length);
  const rights = setup.wasm.partition;
  if (rights) {
    const { module, memory } = setup.wasm;
    const own = new Int32Array(buffer, rights.byteOffset, rights.length);
    partition = wasmPartitioner(module, memory, (f) => table.table[2 * f], setup.nBins, own);
  }
}
const kernel = threadKernel(setup.wasm);
const update = setup.update;
const objective = update && objectiveFor(update.kind, update.nClasses, update.soft);
const { nodeOf, inSample } = setup.round;
const step = update && { values: update.values, nodeOf };

/** Runs the posted job on this helper's slice. */
function runJob(): void {
  const slot = CTRL.perWorker + SLOTS * setup.index;
  const start = Atomics.load(control, slot);
  const end = Atomics.load(control, slot + 1);
  const job = Atomics.load(control, CTRL.job);
  if (job === JOB.update && update && objective?.updateAndPack) {
    const last = Atomics.load(control, CTRL.flag) === 1 ? step : undefined;
    objective.updateAndPack(update.y, update.raw, gh, last, start, end);
  } else if (job === JOB.partition && partition) {
    const feature = Atomics.load(control, CTRL.nUsed);
    const bin = Atomics.load(control, CTRL.arg);
    const missingLeft = Atomics.load(control, CTRL.flag) === 1;
    Atomics.store(control, slot + 2, partition(rows, start, end, feature, bin, missingLeft));
  } else if (job === JOB.leafSums) {
    const sums = setup.sums.subarray(0, 2 * Atomics.load(control, CTRL.nUsed));
    sums.fill(0);
    addLeafSums(sums, nodeOf, Atomics.load(control, CTRL.flag) === 1 ? inSample : null, gh, start, end);
  } else {
    const nUsed = Atomics.load(control, CTRL.nUsed);
    partial.fill(0);
    kernel(
      partial,
      bins,
      setup.nFeatures,
      gh,
      { rows, start, end },
      nUsed < 0 ? null : features.subarray(0, nUsed),
      setup.offsets,
    );
  }
}

Atomics.add(control, CTRL.ready, 1);
Atomics.notify(control, CTRL.ready);
// The pool starts at sequence 0; a job posted before this thread got here is picked up at once.
let seen = 0;
for (;;) {
  waitWhile(control, CTRL.seq, seen);
  seen = Atomics.load(control, CTRL.seq);
  if (Atomics.load(control, CTRL.stop) === 1) break;
  let failure: unknown;
  try {
    runJob();
  } catch (error) {
    // Counted as done, so the caller wakes and throws instead of waiting; the error reaches it as an event.
    Atomics.store(control, CTRL.failed, 1);
    failure = error;
  }
  Atomics.add(control, CTRL.done, 1);
  Atomics.notify(control, CTRL.done);
  if (failure) throw failure;
}
