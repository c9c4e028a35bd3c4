import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { TaskKind } from "../../task.js";
import { awaitStarted } from "../../util/await-started.js";
import { workerScript } from "../../util/worker-url.js";
import type { BinnedData } from "./binning.js";
import type { HistogramBuilder } from "./grow.js";
import { accumulate, type HistogramCache, type HistogramKernel } from "./histogram.js";
import { addLeafSums, type LeafSummer } from "./leaf-sums.js";
import type { Objective, TreeStep } from "./objective.js";
import type { Piece } from "./parallel-partition.js";
import type { Partitioner } from "./partition.js";
import type { KernelArena, WasmMemory, WasmModule } from "./wasm-kernel.js";
import { type FeatureTable, gatherBytes, SCRATCH_BINS, wasmKernel } from "./wasm-kernel.js";

/** Control slots shared with each worker, as Int32 indices into the control array. */
export const CTRL = {
  seq: 0,
  done: 1,
  stop: 2,
  nUsed: 3,
  job: 4,
  flag: 5,
  arg: 6,
  /** Helpers that have started and wait for jobs. */
  ready: 7,
  /** Set by a helper whose job threw. */
  failed: 8,
  perWorker: 9,
} as const;
/** Slots per helper after CTRL.perWorker: its slice's start and end, and a result. */
export const SLOTS = 3;

/** What a posted job asks of the helpers: a slice of a histogram, score update, leaf sums or split. */
export const JOB = { histogram: 0, update: 1, leafSums: 2, partition: 3 } as const;

/** The per-round row arrays the helpers share: each row's leaf, and which rows the round samples. */
export interface RoundArrays {
  nodeOf: Uint16Array;
  inSample: Uint8Array;
  /** Tree nodes at most (sizes the leaf-sum partials). */
  maxNodes: number;
}

/**
 * What helpers need to share a round's "apply the last tree, pack the next gradients" pass (single-output
 * losses): the objective to rebuild, and the fit's arrays, all in shared memory.
 */
export interface UpdateSetup {
  kind: TaskKind;
  nClasses: number;
  y: Float64Array;
  soft?: Float64Array;
  raw: Float64Array;
  /** The last tree's leaf values by node, copied here each round. */
  values: Float64Array;
}

/** What a worker needs to run the wasm kernel: the module, the fit's memory, and its own scratch in it. */
export interface WasmSetup {
  module: WasmModule;
  memory: WasmMemory;
  scratch: Float64Array;
  features: Int32Array;
  gather: Uint8Array;
  table: FeatureTable;
  /** Right-side rows while this thread partitions its piece of a split (set for helpers only). */
  partition?: Int32Array;
}

/**
 * What a histogram worker receives at start. The arrays are views of shared memory (structured cloning keeps
 * them shared, offsets included), so nothing is copied.
 */
export interface WorkerSetup {
  index: number;
  control: Int32Array;
  bins: Uint8Array;
  gh: Float64Array;
  rows: Int32Array;
  features: Int32Array;
  partial: Float64Array;
  nFeatures: number;
  /** Each feature's first histogram bin. */
  offsets: Int32Array;
  /** Each feature's missing bin (for partitioning). */
  nBins: Int32Array;
  round: RoundArrays;
  /** This helper's leaf sums (2 per node). */
  sums: Float64Array;
  wasm?: WasmSetup;
  update?: UpdateSetup;
}

/**
 * How long a waiting thread polls before it sleeps. Jobs follow each other within a millisecond or two while a
 * tree grows; a thread that slept is woken by the kernel onto the waker's core and shares it until the
 * scheduler moves it (measured: 2-thread passes anywhere from 1.2x to 1.9x faster than one, run to run).
 * Polling keeps each thread on its own core, as OpenMP runtimes do between parallel regions.
 */
const SPIN_MS = 2;

/** Waits until `array[index]` is no longer `value`: polls for SPIN_MS, then sleeps on it. */
export function waitWhile(array: Int32Array, index: number, value: number): void {
  const until = performance.now() + SPIN_MS;
  let polls = 0;
  while (Atomics.load(array, index) === value) {
    // Reading the clock costs more than a poll; look at it every 256 polls.
    if ((++polls & 255) === 0 && performance.now() > until) {
      Atomics.wait(array, index, value);
      return;
    }
  }
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

/** A wasm kernel for one more thread: its own scratch histogram, feature list and gather buffer in the arena. */
export function arenaKernelSetup(arena: KernelArena, nFeatures: number, table: FeatureTable): WasmSetup {
  return {
    module: arena.module,
    memory: arena.memory,
    scratch: arena.alloc(Float64Array, Math.max(1, nFeatures) * SCRATCH_BINS * 2),
    features: arena.alloc(Int32Array, Math.max(1, nFeatures)),
    gather: arena.alloc(Uint8Array, gatherBytes(nFeatures)),
    table,
  };
}

/** The kernel a thread runs: the wasm one when given its setup, else the JavaScript one. */
export function threadKernel(setup: WasmSetup | undefined): HistogramKernel {
  return setup
    ? wasmKernel(setup.module, setup.memory, setup.scratch, setup.features, setup.gather, setup.table)
    : accumulate;
}

/**
 * Builds histograms on the calling thread and `workers` helper threads at once, each summing a slice of the
 * node's rows into its own partial histogram in shared memory. The caller blocks (see waitWhile) while the
 * helpers finish, so tree growing stays synchronous; hand it a worker thread, not a server's event loop.
 */
export class HistogramPool {
  private readonly control: Int32Array;
  private readonly partials: Float64Array[];
  private readonly sums: Float64Array[] = [];
  private readonly threads: Worker[] = [];
  private readonly features: Int32Array;
  private readonly kernel: HistogramKernel;
  private readonly startedAt = performance.now();
  /** Whether every helper has reported that it runs (checked before the first join waits on them). */
  private started = false;
  private error: Error | undefined;

  /** With an `arena`, every thread runs the wasm kernel and `data.bins`, `gh` and `rows` must live in it. */
  constructor(
    private readonly data: BinnedData,
    private readonly gh: Float64Array,
    private readonly rows: Int32Array,
    workers: number,
    private readonly round: RoundArrays,
    arena?: KernelArena,
    table?: FeatureTable,
    private readonly update?: UpdateSetup,
  ) {
    this.control = shared(Int32Array, CTRL.perWorker + SLOTS * workers);
    this.features = arena
      ? arena.alloc(Int32Array, Math.max(1, data.nFeatures))
      : shared(Int32Array, Math.max(1, data.nFeatures));
    this.kernel = threadKernel(arena && table && arenaKernelSetup(arena, data.nFeatures, table));
    this.partials = [];
    for (let w = 0; w < workers; w++) {
      const partial = shared(Float64Array, data.totalBins * 2);
      this.partials.push(partial);
      const sums = shared(Float64Array, 2 * round.maxNodes);
      this.sums.push(sums);
      const setup: WorkerSetup = {
        index: w,
        control: this.control,
        bins: data.bins,
        gh,
        rows,
        features: this.features,
        partial,
        nFeatures: data.nFeatures,
        offsets: data.offsets,
        nBins: data.nBins,
        round,
        sums,
        wasm: arena &&
          table && {
            ...arenaKernelSetup(arena, data.nFeatures, table),
            partition: arena.alloc(Int32Array, Math.ceil(data.nRows / (workers + 1)) + 1),
          },
        update,
      };
      const thread = new Worker(workerScript(import.meta.url, "histogram-worker.js"), { workerData: setup });
      thread.on("error", (error) => {
        this.error ??= error;
      });
      thread.unref();
      this.threads.push(thread);
    }
  }

  /** Helper threads to use on this machine for one fit: one fewer than the cores, at least zero. */
  static defaultWorkers(): number {
    return Math.max(0, availableParallelism() - 1);
  }

  /** A histogram builder that splits large nodes across the pool, taking its histograms from `cache`. */
  builder(cache: HistogramCache): HistogramBuilder {
    const { data, gh, rows, kernel } = this;
    const workers = this.threads.length;
    return (rowsIn, start, end, features) => {
      if (rowsIn !== rows) throw new Error("HistogramPool works on its own shared row array.");
      const hist = cache.take();
      const count = end - start;
      if (workers === 0 || count < MIN_PARALLEL_ROWS) {
        kernel(hist, data.bins, data.nFeatures, gh, { rows, start, end }, features, data.offsets);
        return hist;
      }
      const c = this.control;
      if (features) this.features.set(features);
      Atomics.store(c, CTRL.nUsed, features ? features.length : -1);
      const share = this.post(JOB.histogram, start, end);
      kernel(
        hist,
        data.bins,
        data.nFeatures,
        gh,
        { rows, start, end: Math.min(start + share, end) },
        features,
        data.offsets,
      );
      this.join();
      for (const partial of this.partials) for (let i = 0; i < hist.length; i++) hist[i] += partial[i];
      return hist;
    };
  }

  /**
   * Applies the last tree (when `last`) to the scores and packs the next gradients, the rows split between
   * the caller and the helpers: the pool must have been made with an `UpdateSetup`, and `objective` be the
   * same loss. Each row's result is the same however the rows are split.
   */
  updateAndPack(objective: Objective, last: TreeStep | undefined): void {
    const u = this.update;
    if (!u || !objective.updateAndPack) throw new Error("This pool was not set up for score updates.");
    if (last) u.values.set(last.values);
    Atomics.store(this.control, CTRL.flag, last ? 1 : 0);
    const n = u.y.length;
    const step = last && { values: u.values, nodeOf: this.round.nodeOf };
    const share = this.post(JOB.update, 0, n);
    objective.updateAndPack(u.y, u.raw, this.gh, step, 0, Math.min(share, n));
    this.join();
  }

  /** Leaf sums (see LeafSummer) over the pool's round arrays, split by rows; partials added in a fixed order. */
  leafSums(gh: Float64Array): LeafSummer {
    return (nodeOf, inSample, nodes) => {
      if (nodeOf !== this.round.nodeOf || (inSample !== null && inSample !== this.round.inSample))
        throw new Error("HistogramPool sums leaves over its own round arrays.");
      Atomics.store(this.control, CTRL.flag, inSample ? 1 : 0);
      Atomics.store(this.control, CTRL.nUsed, nodes);
      const out = new Float64Array(2 * nodes);
      const share = this.post(JOB.leafSums, 0, nodeOf.length);
      addLeafSums(out, nodeOf, inSample, gh, 0, Math.min(share, nodeOf.length));
      this.join();
      for (const partial of this.sums) for (let i = 0; i < out.length; i++) out[i] += partial[i];
      return out;
    };
  }

  /**
   * Partitions a split's rows in pieces, the caller's with `local`, each helper's with its own wasm partitioner
   * (the pool must run the wasm kernel); see parallel-partition.ts for joining them.
   */
  partitionPieces(local: Partitioner): (...split: Parameters<Partitioner>) => Piece[] {
    return (rows, start, end, feature, bin, missingLeft) => {
      const c = this.control;
      Atomics.store(c, CTRL.nUsed, feature);
      Atomics.store(c, CTRL.arg, bin);
      Atomics.store(c, CTRL.flag, missingLeft ? 1 : 0);
      const share = this.post(JOB.partition, start, end);
      const own = Math.min(start + share, end);
      const pieces: Piece[] = [{ start, mid: local(rows, start, own, feature, bin, missingLeft), end: own }];
      this.join();
      for (let w = 0; w < this.threads.length; w++) {
        const at = CTRL.perWorker + SLOTS * w;
        pieces.push({ start: c[at], mid: c[at + 2], end: c[at + 1] });
      }
      return pieces;
    };
  }

  /** Hands the helpers their slices of `start..end` (the caller keeps the first); returns the slice length. */
  private post(job: number, start: number, end: number): number {
    const c = this.control;
    const workers = this.threads.length;
    const share = Math.ceil((end - start) / (workers + 1));
    Atomics.store(c, CTRL.job, job);
    for (let w = 0; w < workers; w++) {
      const from = start + share * (w + 1);
      Atomics.store(c, CTRL.perWorker + SLOTS * w, Math.min(from, end));
      Atomics.store(c, CTRL.perWorker + SLOTS * w + 1, Math.min(from + share, end));
    }
    Atomics.store(c, CTRL.done, 0);
    Atomics.add(c, CTRL.seq, 1);
    Atomics.notify(c, CTRL.seq);
    return share;
  }

  /** Blocks until every helper has finished the posted job; throws if one failed or never started. */
  private join(): void {
    const c = this.control;
    if (!this.started) {
      awaitStarted(c, CTRL.ready, this.threads.length, this.startedAt, "gbdt histogram pool");
      this.started = true;
    }
    for (;;) {
      const done = Atomics.load(c, CTRL.done);
      if (done >= this.threads.length) break;
      waitWhile(c, CTRL.done, done);
    }
    if (Atomics.load(c, CTRL.failed) === 1) {
      throw new Error(`gbdt: a histogram thread failed${this.error ? `: ${this.error.message}` : ""}.`);
    }
  }

  /** Stops the helper threads. */
  async close(): Promise<void> {
    Atomics.store(this.control, CTRL.stop, 1);
    Atomics.add(this.control, CTRL.seq, 1);
    Atomics.notify(this.control, CTRL.seq);
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
