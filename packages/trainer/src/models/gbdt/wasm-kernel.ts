import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BinnedData } from "./binning.js";
import { accumulate, type HistogramKernel } from "./histogram.js";
import type { Mover } from "./parallel-partition.js";
import type { Partitioner } from "./partition.js";

/** Exports of wasm/histogram.wasm (see wasm/histogram.ts): addresses are byte offsets into the shared memory. */
interface KernelExports {
  accumulateAll(
    hist: number,
    bins: number,
    nf: number,
    gh: number,
    rows: number,
    start: number,
    end: number,
    buf: number,
    chunk: number,
  ): void;
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
    buf: number,
    chunk: number,
  ): void;
  accumulateColumns(
    hist: number,
    table: number,
    features: number,
    nUsed: number,
    gh: number,
    rows: number,
    start: number,
    end: number,
    buf: number,
    chunk: number,
  ): void;
  move(dst: number, src: number, bytes: number): void;
  partition(
    rows: number,
    start: number,
    end: number,
    column: number,
    thr: number,
    missing: number,
    missLeft: number,
    scratch: number,
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

/** Rows per chunk of the column-wise kernel: their gradient pairs (16 KB) and row numbers stay in L1. */
const COLUMN_CHUNK = 1024;

/** Bins per feature in the kernel's scratch histogram: a fixed stride, so bin addresses need no lookup. */
export const SCRATCH_BINS = 256;

/**
 * Where the kernel finds each feature: its byte column's address and its first bin in the scratch histogram
 * (i32 pairs), the list of all features, all inside the fit's arena; and whether to read the bins by column
 * (else row by row).
 */
export interface FeatureTable {
  table: Int32Array;
  all: Int32Array;
  byColumns: boolean;
}

/** Builds the feature table of `data` (whose columns must live in `arena`). */
export function featureTable(arena: KernelArena, data: BinnedData, byColumns: boolean): FeatureTable {
  const table = arena.alloc(Int32Array, 2 * data.nFeatures);
  const all = arena.alloc(Int32Array, Math.max(1, data.nFeatures));
  for (let f = 0; f < data.nFeatures; f++) {
    table[2 * f] = data.columns[f].byteOffset;
    table[2 * f + 1] = f * SCRATCH_BINS;
    all[f] = f;
  }
  return { table, all, byColumns };
}

/** Rows per gather chunk for `nf` features: the chunk's bins and gradients stay within ~32 KB (L1). */
export function gatherChunk(nf: number): number {
  return Math.max(16, Math.min(256, Math.floor(32_768 / (16 + gatherStride(nf)))));
}

/** Bytes of one row's bins in the gather buffer: 1 per feature, rounded up to whole v128s. */
function gatherStride(nf: number): number {
  return (nf + 15) & ~15;
}

/** Bytes of one thread's gather buffer (see wasm/histogram.ts). */
export function gatherBytes(nf: number): number {
  return Math.max(gatherChunk(nf) * (16 + gatherStride(nf)), COLUMN_CHUNK * 16);
}

/**
 * A histogram kernel running the wasm module on `memory`. `bins`, `gh`, `rows` and `features` (the data's
 * feature table) must live in that memory; `hist` may be anywhere: the kernel sums into its own scratch histogram in the memory (`scratch`,
 * `nf × SCRATCH_BINS × 2` doubles) and adds that into `hist`, feature f's bins at `offsets[f]`. One kernel per thread, each with its own scratch and
 * gather buffer (`gatherBytes(nf)`).
 */
export function wasmKernel(
  module: WasmModule,
  memory: WasmMemory,
  scratch: Float64Array,
  featureScratch: Int32Array,
  gatherBuffer: Uint8Array,
  features: FeatureTable,
): HistogramKernel {
  const exports = new wasm.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const buffer = memory.buffer;
  const table = features.table.byteOffset;
  return (hist, bins, nf, gh, range, used, offsets) => {
    if (bins.buffer !== buffer || gh.buffer !== buffer || range.rows.buffer !== buffer)
      throw new Error("wasm kernel: bins, gradients and rows must live in the kernel's memory.");
    const cells = (range.end - range.start) * (used ? used.length : nf);
    // A small node costs less than clearing and adding back the scratch histogram: sum it in JavaScript, which
    // adds in the same order and so gives the same sums.
    if (cells < hist.length) return accumulate(hist, bins, nf, gh, range, used, offsets);
    scratch.fill(0);
    if (features.byColumns) {
      const list = used ?? features.all;
      if (used) featureScratch.set(used);
      exports.accumulateColumns(
        scratch.byteOffset,
        table,
        used ? featureScratch.byteOffset : features.all.byteOffset,
        list.length,
        gh.byteOffset,
        range.rows.byteOffset,
        range.start,
        range.end,
        gatherBuffer.byteOffset,
        COLUMN_CHUNK,
      );
    } else if (used === null) {
      exports.accumulateAll(
        scratch.byteOffset,
        bins.byteOffset,
        nf,
        gh.byteOffset,
        range.rows.byteOffset,
        range.start,
        range.end,
        gatherBuffer.byteOffset,
        gatherChunk(nf),
      );
    } else {
      featureScratch.set(used);
      exports.accumulateSome(
        scratch.byteOffset,
        bins.byteOffset,
        nf,
        gh.byteOffset,
        range.rows.byteOffset,
        range.start,
        range.end,
        featureScratch.byteOffset,
        used.length,
        gatherBuffer.byteOffset,
        gatherChunk(nf),
      );
    }
    for (let f = 0; f < nf; f++) {
      const to = 2 * offsets[f];
      const from = 2 * SCRATCH_BINS * f;
      const width = 2 * ((f + 1 < nf ? offsets[f + 1] : hist.length / 2) - offsets[f]);
      for (let i = 0; i < width; i++) hist[to + i] += scratch[from + i];
    }
  };
}

/**
 * The wasm partitioner (see `Partitioner`): feature f's byte column lies at address `columnAt(f)` and its
 * missing bin is `nBins[f]`; the columns, the rows and `scratch` must live in `memory`. Branch-free, so a split
 * that sends rows left and right at random costs no mispredictions.
 */
export function wasmPartitioner(
  module: WasmModule,
  memory: WasmMemory,
  columnAt: (feature: number) => number,
  nBins: Int32Array,
  scratch: Int32Array,
): Partitioner {
  const exports = new wasm.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  return (rows, start, end, feature, thr, missLeft) =>
    exports.partition(
      rows.byteOffset,
      start,
      end,
      columnAt(feature),
      thr,
      nBins[feature],
      missLeft ? 1 : 0,
      scratch.byteOffset,
    );
}

/** A mover (see parallel-partition.ts) by the module's `memory.copy`: arrays must live in `memory`. */
export function wasmMover(module: WasmModule, memory: WasmMemory): Mover {
  const exports = new wasm.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  return (into, at, from, start, end) =>
    exports.move(into.byteOffset + 4 * at, from.byteOffset + 4 * start, 4 * (end - start));
}
