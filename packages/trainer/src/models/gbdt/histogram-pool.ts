import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { workerScript } from "../../util/worker-url.js";
import type { BinnedData } from "./binning.js";
import type { HistogramBuilder } from "./grow.js";
import { accumulate } from "./histogram.js";

/** Control slots shared with each worker, as Int32 indices into the control array. */
export const CTRL = { seq: 0, done: 1, stop: 2, nUsed: 3, perWorker: 4 } as const;

/** What a histogram worker receives at start; all arrays live in shared memory. */
export interface WorkerSetup {
  index: number;
  control: SharedArrayBuffer;
  bins: SharedArrayBuffer;
  gh: SharedArrayBuffer;
  rows: SharedArrayBuffer;
  features: SharedArrayBuffer;
  partial: SharedArrayBuffer;
  nFeatures: number;
}

/** Below this many rows a node's histogram is built on the calling thread: the hand-off would cost more. */
const MIN_PARALLEL_ROWS = 16_384;

/**
 * Builds histograms on the calling thread and `workers` helper threads at once, each summing a slice of the
 * node's rows into its own partial histogram in shared memory. The caller blocks (Atomics.wait) while the
 * helpers finish, so tree growing stays synchronous; hand it a worker thread, not a server's event loop.
 */
export class HistogramPool {
  private readonly control: Int32Array;
  private readonly partials: Float64Array[];
  private readonly threads: Worker[] = [];
  private readonly features: Int32Array;

  constructor(
    private readonly data: BinnedData,
    private readonly gh: Float64Array,
    private readonly rows: Int32Array,
    workers: number,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * (CTRL.perWorker + 2 * workers)));
    this.features = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, data.nFeatures)));
    this.partials = [];
    for (let w = 0; w < workers; w++) {
      const partial = new SharedArrayBuffer(8 * data.totalBins * 2);
      this.partials.push(new Float64Array(partial));
      const setup: WorkerSetup = {
        index: w,
        control: this.control.buffer as SharedArrayBuffer,
        bins: data.bins.buffer as SharedArrayBuffer,
        gh: gh.buffer as SharedArrayBuffer,
        rows: rows.buffer as SharedArrayBuffer,
        features: this.features.buffer as SharedArrayBuffer,
        partial,
        nFeatures: data.nFeatures,
      };
      const thread = new Worker(workerScript(import.meta.url, "histogram-worker.js"), { workerData: setup });
      thread.unref();
      this.threads.push(thread);
    }
  }

  /** Helper threads to use on this machine for one fit: one fewer than the cores, at least zero. */
  static defaultWorkers(): number {
    return Math.max(0, availableParallelism() - 1);
  }

  /** A histogram builder that splits large nodes across the pool. */
  builder(): HistogramBuilder {
    const { data, gh, rows } = this;
    const workers = this.threads.length;
    return (rowsIn, start, end, features) => {
      if (rowsIn !== rows) throw new Error("HistogramPool works on its own shared row array.");
      const hist = new Float64Array(data.totalBins * 2);
      const count = end - start;
      if (workers === 0 || count < MIN_PARALLEL_ROWS) {
        accumulate(hist, data.bins, data.nFeatures, gh, { rows, start, end }, features);
        return hist;
      }
      const c = this.control;
      if (features) this.features.set(features);
      Atomics.store(c, CTRL.nUsed, features ? features.length : -1);
      const share = Math.ceil(count / (workers + 1));
      for (let w = 0; w < workers; w++) {
        const from = start + share * (w + 1);
        Atomics.store(c, CTRL.perWorker + 2 * w, Math.min(from, end));
        Atomics.store(c, CTRL.perWorker + 2 * w + 1, Math.min(from + share, end));
      }
      Atomics.store(c, CTRL.done, 0);
      Atomics.add(c, CTRL.seq, 1);
      Atomics.notify(c, CTRL.seq);
      accumulate(
        hist,
        data.bins,
        data.nFeatures,
        gh,
        { rows, start, end: Math.min(start + share, end) },
        features,
      );
      for (;;) {
        const done = Atomics.load(c, CTRL.done);
        if (done >= workers) break;
        Atomics.wait(c, CTRL.done, done);
      }
      for (const partial of this.partials) for (let i = 0; i < hist.length; i++) hist[i] += partial[i];
      return hist;
    };
  }

  /** Stops the helper threads. */
  async close(): Promise<void> {
    Atomics.store(this.control, CTRL.stop, 1);
    Atomics.add(this.control, CTRL.seq, 1);
    Atomics.notify(this.control, CTRL.seq);
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}

/** Allocates a typed array in shared memory, so worker threads can read it without copying. */
export function shared<T extends Float64Array | Int32Array | Uint16Array>(
  Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Kind(new SharedArrayBuffer(Kind.BYTES_PER_ELEMENT * length));
}
