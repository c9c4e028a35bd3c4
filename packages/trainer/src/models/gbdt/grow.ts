import { allocTree, splitNode, type Tree } from "../tree/tree.js";
import type { BinnedData } from "./binning.js";
import { accumulate, COUNT_UNIT, type HistogramCache, type HistogramKernel } from "./histogram.js";
import type { LeafSummer } from "./leaf-sums.js";
import type { Partitioner } from "./partition.js";

/** Settings of one boosted tree. */
export interface GrowOptions {
  maxLeaves: number;
  /** 0 or less: unlimited. */
  maxDepth: number;
  minChildWeight: number;
  minChildSamples: number;
  lambda: number;
  alpha: number;
  /** Minimum gain to split (XGBoost's gamma). */
  minSplitGain: number;
  learningRate: number;
}

/** Builds the histogram of a row range; the booster may hand this to worker threads. */
export type HistogramBuilder = (
  rows: Int32Array,
  start: number,
  end: number,
  features: Int32Array | null,
) => Float64Array;

/** How a tree grower builds histograms, splits rows and sums leaves: on one thread or several, JS or wasm. */
export interface TreeKernels {
  build: HistogramBuilder;
  partition: Partitioner;
  leafSums: LeafSummer;
  /** Where `build` takes its histograms from; a grown tree's are given back. */
  cache: HistogramCache;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  hist: Float64Array;
  g: number;
  h: number;
  n: number;
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  /** The best split's left-side gradient and hessian sums, read off the histogram. */
  leftG: number;
  leftH: number;
}

function thresholdL1(g: number, alpha: number): number {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0;
}

function score(g: number, h: number, o: GrowOptions): number {
  const t = thresholdL1(g, o.alpha);
  return (t * t) / (h + o.lambda);
}

/** The single-threaded histogram builder, with the JavaScript kernel unless another is given. */
export function localHistograms(
  data: BinnedData,
  gh: Float64Array,
  cache: HistogramCache,
  kernel: HistogramKernel = accumulate,
): HistogramBuilder {
  return (rows, start, end, features) => {
    const hist = cache.take();
    kernel(hist, data.bins, data.nFeatures, gh, { rows, start, end }, features, data.offsets);
    return hist;
  };
}

/** Finds the best split of a leaf from its histogram, trying missing values on either side. */
function findSplit(leaf: Leaf, data: BinnedData, features: Int32Array, o: GrowOptions): void {
  leaf.gain = 0;
  leaf.feature = -1;
  const parent = score(leaf.g, leaf.h, o);
  const hist = leaf.hist;
  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    const base = data.offsets[f] * 2;
    const nb = data.nBins[f];
    const mi = base + nb * 2;
    const gm = hist[mi];
    const nm = Math.round(hist[mi + 1] / COUNT_UNIT);
    const hm = hist[mi + 1] - nm * COUNT_UNIT;
    let gl = 0;
    let packedL = 0;
    for (let b = 0; b < nb - 1; b++) {
      const idx = base + b * 2;
      // An empty bin moves no rows, so the split after it scores the same as the one before.
      if (hist[idx + 1] === 0) continue;
      gl += hist[idx];
      packedL += hist[idx + 1];
      const nl = Math.round(packedL / COUNT_UNIT);
      const hl = packedL - nl * COUNT_UNIT;
      // Missing values go right.
      let gr = leaf.g - gl;
      let hr = leaf.h - hl;
      let nr = leaf.n - nl;
      if (
        nl >= o.minChildSamples &&
        nr >= o.minChildSamples &&
        hl >= o.minChildWeight &&
        hr >= o.minChildWeight
      ) {
        const gain = score(gl, hl, o) + score(gr, hr, o) - parent;
        if (gain > leaf.gain) {
          leaf.gain = gain;
          leaf.feature = f;
          leaf.bin = b;
          leaf.missingLeft = false;
          leaf.leftG = gl;
          leaf.leftH = hl;
        }
      }
      if (nm === 0) continue;
      // Missing values go left.
      const gl2 = gl + gm;
      const hl2 = hl + hm;
      const nl2 = nl + nm;
      gr = leaf.g - gl2;
      hr = leaf.h - hl2;
      nr = leaf.n - nl2;
      if (
        nl2 >= o.minChildSamples &&
        nr >= o.minChildSamples &&
        hl2 >= o.minChildWeight &&
        hr >= o.minChildWeight
      ) {
        const gain = score(gl2, hl2, o) + score(gr, hr, o) - parent;
        if (gain > leaf.gain) {
          leaf.gain = gain;
          leaf.feature = f;
          leaf.bin = b;
          leaf.missingLeft = true;
          leaf.leftG = gl2;
          leaf.leftH = hl2;
        }
      }
    }
  }
  // XGBoost's gain is half this difference; gamma is compared on that scale.
  if (leaf.gain * 0.5 <= o.minSplitGain) leaf.feature = -1;
}

/** parent -= child over the features in use: the larger child's histogram without a pass over its rows. */
function subtract(parent: Float64Array, child: Float64Array, data: BinnedData, features: Int32Array): void {
  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    const from = data.offsets[f] * 2;
    const to = from + (data.nBins[f] + 1) * 2;
    for (let i = from; i < to; i++) parent[i] -= child[i];
  }
}

function sums(rows: Int32Array, start: number, end: number, gh: Float64Array): [number, number] {
  let g = 0;
  let h = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i];
    g += gh[2 * r];
    h += gh[2 * r + 1] - COUNT_UNIT;
  }
  return [g, h];
}

/**
 * Grows one regression tree on packed gradients, leaf-wise: always splitting the leaf with the largest gain,
 * up to `maxLeaves`. Each child's histogram is built for the smaller side and derived for the larger one by
 * subtraction. Leaf values are already scaled by the learning rate; `nodeOf[row]` gets each used row's leaf
 * (`inSample` marks the rows used, or is null when all are).
 */
export function growTree(
  data: BinnedData,
  rows: Int32Array,
  nUsedRows: number,
  gh: Float64Array,
  features: Int32Array,
  o: GrowOptions,
  kernels: TreeKernels,
  nodeOf: Uint16Array,
  inSample: Uint8Array | null,
): Tree {
  const { build, partition } = kernels;
  const tree = allocTree(2 * o.maxLeaves + 1);
  const allFeatures = features.length === data.nFeatures ? null : features;
  const [g, h] = sums(rows, 0, nUsedRows, gh);
  const root: Leaf = {
    node: 0,
    start: 0,
    end: nUsedRows,
    depth: 0,
    hist: build(rows, 0, nUsedRows, allFeatures),
    g,
    h,
    n: nUsedRows,
    gain: 0,
    feature: -1,
    bin: 0,
    missingLeft: false,
    leftG: 0,
    leftH: 0,
  };
  findSplit(root, data, features, o);
  const open: Leaf[] = [root];
  let leaves = 1;
  while (leaves < o.maxLeaves) {
    let bestIdx = -1;
    for (let i = 0; i < open.length; i++) {
      if (open[i].feature >= 0 && (bestIdx < 0 || open[i].gain > open[bestIdx].gain)) bestIdx = i;
    }
    if (bestIdx < 0) break;
    const leaf = open[bestIdx];
    open.splice(bestIdx, 1);
    const mid = partition(rows, leaf.start, leaf.end, leaf.feature, leaf.bin, leaf.missingLeft);
    const lg = leaf.leftG;
    const lh = leaf.leftH;
    const threshold = data.edges[leaf.feature][leaf.bin];
    const [ln, rn] = splitNode(tree, leaf.node, leaf.feature, leaf.bin, threshold, leaf.missingLeft);
    const child = (node: number, start: number, end: number, cg: number, chh: number): Leaf => ({
      node,
      start,
      end,
      depth: leaf.depth + 1,
      hist: leaf.hist,
      g: cg,
      h: chh,
      n: end - start,
      gain: 0,
      feature: -1,
      bin: 0,
      missingLeft: false,
      leftG: 0,
      leftH: 0,
    });
    const left = child(ln, leaf.start, mid, lg, lh);
    const right = child(rn, mid, leaf.end, leaf.g - lg, leaf.h - lh);
    const small = left.n <= right.n ? left : right;
    const large = small === left ? right : left;
    small.hist = build(rows, small.start, small.end, allFeatures);
    subtract(leaf.hist, small.hist, data, features);
    large.hist = leaf.hist;
    leaves++;
    for (const c of [left, right]) {
      const canSplit = (o.maxDepth <= 0 || c.depth < o.maxDepth) && c.n >= 2 * o.minChildSamples;
      if (canSplit) findSplit(c, data, features, o);
      open.push(c);
    }
  }
  // A two-byte scatter into a small array: far cheaper than adding leaf values into the scores at each row.
  for (const leaf of open) for (let i = leaf.start; i < leaf.end; i++) nodeOf[rows[i]] = leaf.node;
  for (const leaf of open) kernels.cache.give(leaf.hist);
  // Leaf values from exact sums, not the histograms' (see leaf-sums.ts).
  const exact = kernels.leafSums(nodeOf, inSample, tree.value.length);
  for (const leaf of open) {
    const g = exact[2 * leaf.node];
    const h = exact[2 * leaf.node + 1];
    tree.value[leaf.node] = (-thresholdL1(g, o.alpha) / Math.max(h + o.lambda, 1e-12)) * o.learningRate;
  }
  return tree;
}
