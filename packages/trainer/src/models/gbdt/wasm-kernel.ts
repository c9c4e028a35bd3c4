import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BinnedData } from "./binning.js";
import { accumulate, type HistogramKernel } from "./histogram.js";
import type { Partitioner } from "./partition.js";

/** Exports of wasm/histogram.wasm (see wasm/histogram.ts): addresses are byte offsets into the shared memory. */
interface KernelExports {
  accumulateAll(hist: number, bins: number, nf: number, gh: number, rows: number, s: number, e: number): void;
  accumulateSome(
    hist: number,
    bins: number,
    nf: number,
    gh: number,
    rows: number,
    start: number,
    end: number,
    features: number,
    nUsed: number,
  ): void;
  partition(
    rows: number,
    start: number,
    end: number,
    column: number,
    thr: number,
    missing: number,
    missLeft: number,
    scratch: number,
    gh: number,
    out: number,
  ): number;
}

/** The slice of the WebAssembly API used here (Node has it; the project's type libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
/** A compiled module (opaque; worker threads receive it by structured clone). */
export type WasmModule = object;
/** A shared linear memory: its buffer is a SharedArrayBuffer. */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: WasmModule | null | undefined;

/**
 * The compiled histogram kernel, or null where it cannot run (file missing, or a runtime without wasm SIMD
 * and shared memory): callers then use the JavaScript kernel.
 */
export function histogramModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  try {
    // From src/models/gbdt or dist/models/gbdt alike, the .wasm sits in the package's wasm/ folder.
    const path = fileURLToPath(new URL("../../../wasm/histogram.wasm", import.meta.url));
    compiled = existsSync(path) ? new wasm.Module(readFileSync(path)) : null;
    if (compiled) new KernelArena(compiled, 1024);
  } catch {
    compiled = null;
  }
  return compiled;
}

const PAGE = 65_536;

/**
 * A shared wasm memory sized once for one fit, handing out aligned typed arrays from it (a bump allocator:
 * nothing is freed before the arena goes). Worker threads instantiate the same module on the same memory.
 */
export class KernelArena {
  readonly memory: WasmMemory;
  private next = 16;

  constructor(
    readonly module: WasmModule,
    bytes: number,
  ) {
    const pages = Math.ceil((bytes + 16) / PAGE) + 1;
    this.memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
  }

  /** A zeroed typed array of `length` elements inside the arena. */
  alloc<T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(
    Kind: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
    length: number,
  ): T {
    const at = this.next;
    const end = at + Kind.BYTES_PER_ELEMENT * length;
    if (end > this.memory.buffer.byteLength) throw new Error("KernelArena: out of reserved memory.");
    this.next = (end + 15) & ~15;
    return new Kind(this.memory.buffer, at, length);
  }

  /** Bytes to reserve for one array of `length` elements (with alignment). */
  static size(bytesPerElement: number, length: number): number {
    return (bytesPerElement * length + 15) & ~15;
  }
}

/**
 * A histogram kernel running the wasm module on `memory`. `bins`, `gh`, `rows` and `features` must live in that
 * memory; `hist` may be anywhere: the kernel sums into its own scratch histogram in the memory (`scratch`,
 * `totalBins × 2` doubles) and adds that into `hist`. One kernel per thread, each with its own scratch.
 */
export function wasmKernel(
  module: WasmModule,
  memory: WasmMemory,
  scratch: Float64Array,
  featureScratch: Int32Array,
): HistogramKernel {
  const exports = new wasm.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const buffer = memory.buffer;
  return (hist, bins, nf, gh, range, features) => {
    if (bins.buffer !== buffer || gh.buffer !== buffer || range.rows.buffer !== buffer)
      throw new Error("wasm kernel: bins, gradients and rows must live in the kernel's memory.");
    const cells = (range.end - range.start) * (features ? features.length : nf);
    // A small node costs less than clearing and adding back the scratch histogram: sum it in JavaScript, which
    // adds in the same order and so gives the same sums.
    if (cells < hist.length) return accumulate(hist, bins, nf, gh, range, features);
    scratch.fill(0);
    if (features === null) {
      exports.accumulateAll(
        scratch.byteOffset,
        bins.byteOffset,
        nf,
        gh.byteOffset,
        range.rows.byteOffset,
        range.start,
        range.end,
      );
    } else {
      featureScratch.set(features);
      exports.accumulateSome(
        scratch.byteOffset,
        bins.byteOffset,
        nf,
        gh.byteOffset,
        range.rows.byteOffset,
        range.start,
        range.end,
        featureScratch.byteOffset,
        features.length,
      );
    }
    for (let i = 0; i < hist.length; i++) hist[i] += scratch[i];
  };
}

/**
 * The wasm partitioner (see `Partitioner`): `data.columns`, `gh`, the rows and `scratch` must live in `arena`.
 * Branch-free, so a split that sends rows left and right at random costs no mispredictions.
 */
export function wasmPartitioner(
  arena: KernelArena,
  data: BinnedData,
  gh: Float64Array,
  scratch: Int32Array,
): Partitioner {
  const exports = new wasm.Instance(arena.module, { env: { memory: arena.memory } })
    .exports as unknown as KernelExports;
  const out = arena.alloc(Float64Array, 2);
  return (rows, start, end, feature, thr, missLeft) => {
    const mid = exports.partition(
      rows.byteOffset,
      start,
      end,
      data.columns[feature].byteOffset,
      thr,
      data.nBins[feature],
      missLeft ? 1 : 0,
      scratch.byteOffset,
      gh.byteOffset,
      out.byteOffset,
    );
    return [mid, out[0], out[1]];
  };
}
