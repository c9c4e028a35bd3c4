import { TrainingCancelledError } from "../../errors.js";
import type { Matrix } from "../../preprocess/matrix.js";
import { Rng } from "../../util/random.js";
import type { FitInput, FittedModel, ModelFamily, Params } from "../family.js";
import { parallelTreeScores } from "../tree/parallel-tree-scores.js";
import { leafOf, type Tree, treeFromJSON, treeToJSON } from "../tree/tree.js";
import { type BinnedData, binData } from "./binning.js";
import { copyShared, kernelArena } from "./fit-memory.js";
import {
  type GrowOptions,
  growTree,
  type HistogramBuilder,
  localHistograms,
  type TreeKernels,
} from "./grow.js";
import { HistogramCache, packGradients } from "./histogram.js";
import { arenaKernelSetup, HistogramPool, shared, threadKernel } from "./histogram-pool.js";
import { localLeafSums } from "./leaf-sums.js";
import { type Objective, objectiveFor, type TreeStep } from "./objective.js";
import { parallelPartitioner } from "./parallel-partition.js";
import { jsPartitioner } from "./partition.js";
import { featureTable, wasmMover, wasmPartitioner } from "./wasm-kernel.js";

const DEFAULTS = {
  n_estimators: 100,
  learning_rate: 0.1,
  max_leaves: 31,
  max_depth: 0,
  min_child_weight: 1e-3,
  min_child_samples: 20,
  reg_lambda: 0,
  reg_alpha: 0,
  gamma: 0,
  subsample: 1,
  colsample_bytree: 1,
  max_bin: 255,
  early_stopping_rounds: 0,
  /** Threads for histogram building; 0 picks one per core for large data. */
  n_threads: 0,
  /** Histogram kernel: `wasm` (SIMD WebAssembly), `js`, or `auto` (wasm where it runs). Same trees either way. */
  kernel: "auto",
  /**
   * How the wasm kernel reads the bins: `rows` (each row's bins side by side) or `columns` (one feature's byte
   * column at a time). Same trees either way; `bench:speed` measures both.
   */
  hist_layout: "rows",
} satisfies Params;

/** Below this many cells (rows × features) extra threads cost more than they save. */
const PARALLEL_MIN_CELLS = 2_000_000;

interface BoosterState {
  params: Params;
  objective: string;
  width: number;
  base: number[];
  trees: Record<string, unknown>[];
  best_iteration: number;
}

/** A fitted gradient-boosted ensemble: `width` trees per round added to a base score. */
export class Booster implements FittedModel {
  readonly family = "gbdt";
  constructor(
    readonly params: Params,
    private readonly objective: Objective,
    private readonly base: Float64Array,
    readonly trees: Tree[],
    /** Rounds kept (early stopping may cut the tail). */
    readonly rounds: number,
  ) {}

  /** Raw (margin) scores, row-major `n × width`. */
  predictRaw(x: Matrix, rounds = this.rounds): Float64Array {
    const w = this.objective.width;
    const raw = new Float64Array(x.nRows * w);
    for (let i = 0; i < x.nRows; i++) for (let c = 0; c < w; c++) raw[i * w + c] = this.base[c];
    parallelTreeScores(this.trees.slice(0, rounds * w), x, raw, w);
    return raw;
  }

  predict(x: Matrix): Float64Array {
    return this.objective.transform(this.predictRaw(x));
  }

  toJSON(): BoosterState {
    return {
      params: this.params,
      objective: this.objective.name,
      width: this.objective.width,
      base: Array.from(this.base),
      trees: this.trees.slice(0, this.rounds * this.objective.width).map(treeToJSON),
      best_iteration: this.rounds,
    };
  }
}

function leafOfBinned(tree: Tree, data: BinnedData, row: number): number {
  let node = 0;
  while (tree.left[node] !== -1) {
    const f = tree.feature[node];
    const b = data.columns[f][row];
    const goLeft = b === data.nBins[f] ? tree.missingLeft[node] === 1 : b <= tree.binThreshold[node];
    node = goLeft ? tree.left[node] : tree.right[node];
  }
  return node;
}

function validLoss(objective: Objective, y: Float64Array, raw: Float64Array): number {
  const p = objective.transform(raw);
  let loss = 0;
  const w = objective.width;
  for (let i = 0; i < y.length; i++) {
    if (objective.name === "squared_error") loss += (p[i] - y[i]) ** 2;
    else if (w === 1) loss -= Math.log(Math.max(1e-15, y[i] === 1 ? p[i] : 1 - p[i]));
    else loss -= Math.log(Math.max(1e-15, p[i * w + y[i]]));
  }
  return loss / y.length;
}

/** Fits a histogram gradient-boosted tree ensemble (second-order, leaf-wise, XGBoost-style). */
export function fitBooster(input: FitInput): Booster {
  const p = { ...DEFAULTS, ...input.params } as typeof DEFAULTS;
  const { x, y } = input;
  const objective = objectiveFor(input.kind, input.nClasses, input.soft);
  const w = objective.width;
  const n = x.nRows;
  const nf = x.nCols;
  const threads =
    p.n_threads > 0
      ? Math.round(p.n_threads)
      : n * nf >= PARALLEL_MIN_CELLS
        ? HistogramPool.defaultWorkers() + 1
        : 1;
  const arena = kernelArena(String(p.kernel), String(p.hist_layout), n, nf, threads);
  const data = binData(
    x,
    p.max_bin,
    arena && {
      bins: (length) => arena.alloc(Uint8Array, length),
      column: (length) => arena.alloc(Uint8Array, length),
    },
  );
  const options: GrowOptions = {
    // Leaves' node numbers must fit the Uint16 row-to-node map.
    maxLeaves: Math.min(32_000, Math.max(2, Math.round(p.max_leaves))),
    maxDepth: Math.round(p.max_depth),
    minChildWeight: p.min_child_weight,
    minChildSamples: Math.max(1, Math.round(p.min_child_samples)),
    lambda: p.reg_lambda,
    alpha: p.reg_alpha,
    minSplitGain: p.gamma,
    learningRate: p.learning_rate,
  };
  const base = objective.baseScore(y);
  const pooled = threads > 1;
  const raw = pooled ? shared(Float64Array, n * w) : new Float64Array(n * w);
  for (let i = 0; i < n; i++) raw.set(base, i * w);
  // Multi-output losses compute every class's gradients before the round's trees; single-output ones need none.
  const gradRows = objective.updateAndPack ? 0 : n;
  const grad = Array.from({ length: w }, () => new Float64Array(gradRows));
  const hess = Array.from({ length: w }, () => new Float64Array(gradRows));
  const gh = arena ? arena.alloc(Float64Array, 2 * n) : shared(Float64Array, 2 * n);
  const rows = arena ? arena.alloc(Int32Array, n) : shared(Int32Array, n);
  const nodeOf = pooled ? shared(Uint16Array, n) : new Uint16Array(n);
  const inSample = pooled ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);
  const table = arena && featureTable(arena, data, p.hist_layout === "columns");
  const pool = pooled
    ? new HistogramPool(
        data,
        gh,
        rows,
        threads - 1,
        { nodeOf, inSample, maxNodes: 2 * options.maxLeaves + 1 },
        arena,
        table,
        objective.updateAndPack && {
          kind: input.kind,
          nClasses: input.nClasses,
          y: copyShared(y),
          soft: input.soft && copyShared(input.soft),
          raw,
          values: shared(Float64Array, 2 * options.maxLeaves + 1),
        },
      )
    : undefined;
  const cache = new HistogramCache(data.totalBins * 2);
  const build: HistogramBuilder = pool
    ? pool.builder(cache)
    : localHistograms(data, gh, cache, threadKernel(arena && table && arenaKernelSetup(arena, nf, table)));

  const scratch = arena ? arena.alloc(Int32Array, n) : new Int32Array(n);
  const local = arena
    ? wasmPartitioner(arena.module, arena.memory, (f) => data.columns[f].byteOffset, data.nBins, scratch)
    : jsPartitioner(data, scratch);
  const kernels: TreeKernels = {
    build,
    // Helpers partition only with the wasm kernel: the JavaScript path's byte columns are not shared.
    partition:
      pool && arena
        ? parallelPartitioner(
            local,
            scratch,
            pool.partitionPieces(local),
            wasmMover(arena.module, arena.memory),
          )
        : local,
    leafSums: pool ? pool.leafSums(gh) : localLeafSums(gh),
    cache,
  };
  const rng = new Rng(input.seed);
  const allFeatures = Int32Array.from({ length: nf }, (_, i) => i);

  const valid = input.valid && p.early_stopping_rounds > 0 ? input.valid : undefined;
  const validRaw = valid ? new Float64Array(valid.x.nRows * w) : undefined;
  if (valid && validRaw) for (let i = 0; i < valid.x.nRows; i++) validRaw.set(base, i * w);
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestRound = 0;

  const trees: Tree[] = [];
  const totalRounds = Math.max(1, Math.round(p.n_estimators));
  let last: TreeStep | undefined;
  try {
    for (let t = 0; t < totalRounds; t++) {
      if (input.signal?.aborted) throw new TrainingCancelledError();
      // Single-output losses apply the last tree and pack the next gradients in one pass.
      if (pool && objective.updateAndPack) pool.updateAndPack(objective, last);
      else if (objective.updateAndPack) objective.updateAndPack(y, raw, gh, last, 0, n);
      else objective.gradients(y, raw, grad, hess);
      let used = n;
      if (p.subsample < 1) {
        used = 0;
        inSample.fill(0);
        for (let i = 0; i < n; i++) {
          if (rng.next() < p.subsample) {
            rows[used++] = i;
            inSample[i] = 1;
          }
        }
        if (used === 0) used = 1;
      } else for (let i = 0; i < n; i++) rows[i] = i;
      let features = allFeatures;
      if (p.colsample_bytree < 1) {
        const k = Math.max(1, Math.round(p.colsample_bytree * nf));
        features = rng.shuffle(allFeatures.slice()).subarray(0, k).sort();
      }
      for (let c = 0; c < w; c++) {
        if (!objective.updateAndPack) packGradients(grad[c], hess[c], gh);
        const tree = growTree(
          data,
          rows,
          used,
          gh,
          features,
          options,
          kernels,
          nodeOf,
          used < n ? inSample : null,
        );
        trees.push(tree);
        if (used < n) for (let i = 0; i < n; i++) if (!inSample[i]) nodeOf[i] = leafOfBinned(tree, data, i);
        if (objective.updateAndPack) last = { values: tree.value, nodeOf };
        else for (let i = 0; i < n; i++) raw[i * w + c] += tree.value[nodeOf[i]];
        if (valid && validRaw) {
          for (let i = 0; i < valid.x.nRows; i++)
            validRaw[i * w + c] += tree.value[leafOf(tree, valid.x.columns, i)];
        }
      }
      if (valid && validRaw) {
        const loss = validLoss(objective, valid.y, validRaw);
        if (loss < bestLoss - 1e-12) {
          bestLoss = loss;
          bestRound = t + 1;
        } else if (t + 1 - bestRound >= p.early_stopping_rounds) break;
      } else bestRound = t + 1;
    }
  } finally {
    void pool?.close();
  }
  // The stored objective only transforms scores; it need not hold on to the soft targets.
  return new Booster(p, objectiveFor(input.kind, input.nClasses), base, trees, bestRound);
}

export const gbdt: ModelFamily = {
  name: "gbdt",
  description:
    "Parzen's own histogram gradient boosting (second-order, leaf-wise, XGBoost-style). `xgboost` is an alias: it is not the XGBoost library.",
  preprocess: { impute: false, scale: false, oneHotMaxLevels: 10 },
  defaults: DEFAULTS,
  searchSpace: {
    n_estimators: { type: "int", low: 50, high: 500, log: true },
    learning_rate: { type: "float", low: 0.01, high: 0.3, log: true },
    max_leaves: { type: "int", low: 4, high: 128, log: true },
    max_depth: { type: "int", low: 0, high: 10 },
    min_child_samples: { type: "int", low: 1, high: 50, log: true },
    min_child_weight: { type: "float", low: 1e-3, high: 20, log: true },
    reg_lambda: { type: "float", low: 1e-3, high: 10, log: true },
    reg_alpha: { type: "float", low: 1e-3, high: 10, log: true },
    subsample: { type: "float", low: 0.5, high: 1 },
    colsample_bytree: { type: "float", low: 0.5, high: 1 },
  },
  fit: fitBooster,
  fromJSON(state: unknown) {
    const s = state as BoosterState;
    const kind =
      s.objective === "squared_error" ? "regression" : s.objective === "logistic" ? "binary" : "multiclass";
    const objective = objectiveFor(kind, s.width);
    return new Booster(
      s.params,
      objective,
      Float64Array.from(s.base),
      s.trees.map(treeFromJSON),
      s.best_iteration,
    );
  },
};
