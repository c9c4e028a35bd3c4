// Where one gbdt fit's large arrays live: shared memory for helper threads, and the wasm kernel's arena.
import { shared } from "./histogram-pool.js";
import { gatherBytes, histogramModule, KernelArena } from "./wasm-kernel.js";

/** A copy of `values` in shared memory, for helper threads to read. */
export function copyShared(values: Float64Array): Float64Array {
  const out = shared(Float64Array, values.length);
  out.set(values);
  return out;
}

/** wasm32 addresses 4 GiB; leave room below it. */
const ARENA_LIMIT = 3.5 * 2 ** 30;

/**
 * The wasm memory for one fit (bins, gradients, rows, and each thread's scratch), or undefined to use the
 * JavaScript kernel: asked for, or wasm unavailable, or the data too large for a 32-bit memory.
 */
export function kernelArena(
  kernel: string,
  layout: string,
  n: number,
  nf: number,
  threads: number,
): KernelArena | undefined {
  if (!["auto", "wasm", "js"].includes(kernel))
    throw new Error(`kernel must be one of auto, wasm, js; got "${kernel}".`);
  if (!["rows", "columns"].includes(layout))
    throw new Error(`hist_layout must be one of rows, columns; got "${layout}".`);
  if (kernel === "js") return undefined;
  const module = histogramModule();
  const maxBins = nf * 257;
  const bytes =
    KernelArena.size(1, n * nf) +
    KernelArena.size(8, 2 * n) +
    2 * KernelArena.size(4, n) +
    nf * KernelArena.size(1, n) +
    KernelArena.size(8, 2) +
    (threads + 1) *
      (KernelArena.size(8, 2 * maxBins) +
        KernelArena.size(4, nf + 1) +
        KernelArena.size(1, gatherBytes(nf))) +
    2 * KernelArena.size(4, 2 * nf) +
    // Each helper's right-side rows while it partitions its piece of a split.
    threads * KernelArena.size(4, Math.ceil(n / threads) + 1);
  if (kernel === "wasm" && !module) throw new Error("The wasm histogram kernel cannot run here.");
  if (kernel === "wasm" && bytes > ARENA_LIMIT)
    throw new Error("The data is too large for the wasm kernel's 32-bit memory; use kernel js.");
  return module && bytes <= ARENA_LIMIT ? new KernelArena(module, bytes) : undefined;
}
