import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { workerScript } from "../../util/worker-url.js";
import type { BinnedData } from "./binning.js";
import type { HistogramBuilder } from "./grow.js";
import { accumulate, type HistogramKernel } from "./histogram.js";
import type { KernelArena, WasmMemory, WasmModule } from "./wasm-kernel.js";
import { wasmKernel } from "./wasm-kernel.js";

/** Control slots shared with each worker, as Int32 indices into the control array. */
export const CTRL = { seq: 0, done: 1, stop: 2, nUsed: 3, perWorker: 4 } as const;

/** What a worker needs to run the wasm kernel: the module, the fit's memory, and its own scratch in it. */
export interface WasmSetup {
  module: WasmModule;
  memory: WasmMemory;
  scratch: Float64Array;
  features: Int32Array;
}

/**
 * What a histogram worker receives at start. The arrays are views of shared memory (structured cloning keeps
 * them shared, offsets included), so nothing is copied.
 */
export interface WorkerSetup {
  index: number;
  control: Int32Array;
  bins: Uint16Array;
  gh: Float64Array;
  rows: Int32Array;
  features: Int32Array;
  partial: Float64Array;
  nFeatures: number;
  wasm?: WasmSetup;
}

/** Below this many rows a node's histogram is built on the calling thread: the hand-off would cost more. */
const MIN_PARALLEL_ROWS = 16_384;

/** Allocates a typed array in shared memory, so worker threads can read it without copying. */
export function shared<T extends Float64Array | Int32Array | Uint16Array>(
  Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Kind(new SharedArrayBuffer(Kind.BYTES_PER_ELEMENT * length));
}

/** A wasm kernel for one more thread: its own scratch histogram and feature list in the arena. */
export function arenaKernelSetup(arena: KernelArena, totalBins: number, nFeatures: number): WasmSetup {
  return {
    module: arena.module,
    memory: arena.memory,
    scratch: arena.alloc(Float64Array, totalBins * 2),
    features: arena.alloc(Int32Array, Math.max(1, nFeatures)),
  };
}

/** The kernel a thread runs: the wasm one when given its setup, else the JavaScript one. */
export function threadKernel(setup: WasmSetup | undefined): HistogramKernel {
  return setup ? wasmKernel(setup.module, setup.memory, setup.scratch, setup.features) : accumulate;
}

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
  private readonly kernel: HistogramKernel;

  /** With an `arena`, every thread runs the wasm kernel and `data.bins`, `gh` and `rows` must live in it. */
  constructor(
    private readonly data: BinnedData,
    private readonly gh: Float64Array,
    private readonly rows: Int32Array,
    workers: number,
    arena?: KernelArena,
  ) {
    this.control = shared(Int32Array, CTRL.perWorker + 2 * workers);
    this.features = arena
      ? arena.alloc(Int32Array, Math.max(1, data.nFeatures))
      : shared(Int32Array, Math.max(1, data.nFeatures));
    this.kernel = threadKernel(arena && arenaKernelSetup(arena, data.totalBins, data.nFeatures));
    this.partials = [];
    for (let w = 0; w < workers; w++) {
      const partial = shared(Float64Array, data.totalBins * 2);
      this.partials.push(partial);
      const setup: WorkerSetup = {
        index: w,
        control: this.control,
        bins: data.bins,
        gh,
        rows,
        features: this.features,
        partial,
        nFeatures: data.nFeatures,
        wasm: arena && arenaKernelSetup(arena, data.totalBins, data.nFeatures),
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
    const { data, gh, rows, kernel } = this;
    const workers = this.threads.length;
    return (rowsIn, start, end, features) => {
      if (rowsIn !== rows) throw new Error("HistogramPool works on its own shared row array.");
      const hist = new Float64Array(data.totalBins * 2);
      const count = end - start;
      if (workers === 0 || count < MIN_PARALLEL_ROWS) {
        kernel(hist, data.bins, data.nFeatures, gh, { rows, start, end }, features);
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
      kernel(
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
