import { allocTree, splitNode, type Tree } from "../tree/tree.js";
import type { BinnedData } from "./binning.js";

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

/** Histograms hold (gradient, hessian, count) per bin. */
const CH = 3;

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  hist: Float64Array;
  g: number;
  h: number;
  n: number;
  // best split
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
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

/** Sums gradients, hessians and counts of rows `rows[start..end)` into a fresh histogram over `features`. */
function buildHistogram(
  data: BinnedData,
  rows: Int32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
  features: Int32Array,
): Float64Array {
  const hist = new Float64Array(data.totalBins * CH);
  const bins = data.bins;
  const offsets = data.offsets;
  const nf = data.nFeatures;
  const nUsed = features.length;
  if (nUsed === nf) {
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const g = grad[r];
      const h = hess[r];
      const base = r * nf;
      for (let f = 0; f < nf; f++) {
        const idx = (offsets[f] + bins[base + f]) * CH;
        hist[idx] += g;
        hist[idx + 1] += h;
        hist[idx + 2] += 1;
      }
    }
  } else {
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const g = grad[r];
      const h = hess[r];
      const base = r * nf;
      for (let k = 0; k < nUsed; k++) {
        const f = features[k];
        const idx = (offsets[f] + bins[base + f]) * CH;
        hist[idx] += g;
        hist[idx + 1] += h;
        hist[idx + 2] += 1;
      }
    }
  }
  return hist;
}

/** parent -= child over the features in use: the larger child's histogram without a pass over its rows. */
function subtract(parent: Float64Array, child: Float64Array, data: BinnedData, features: Int32Array): void {
  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    const from = data.offsets[f] * CH;
    const to = from + (data.nBins[f] + 1) * CH;
    for (let i = from; i < to; i++) parent[i] -= child[i];
  }
}

/** Finds the best split of a leaf from its histogram, trying missing values on either side. */
function findSplit(leaf: Leaf, data: BinnedData, features: Int32Array, o: GrowOptions): void {
  leaf.gain = 0;
  leaf.feature = -1;
  const parent = score(leaf.g, leaf.h, o);
  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    const base = data.offsets[f] * CH;
    const hist = leaf.hist;
    const nb = data.nBins[f];
    const mi = base + nb * CH;
    const gm = hist[mi];
    const hm = hist[mi + 1];
    const nm = hist[mi + 2];
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < nb - 1; b++) {
      const idx = base + b * CH;
      // An empty bin moves no rows, so the split after it scores the same as the one before.
      if (hist[idx + 2] === 0) continue;
      gl += hist[idx];
      hl += hist[idx + 1];
      nl += hist[idx + 2];
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
        }
      }
    }
  }
  // XGBoost's gain is half this difference; gamma is compared on that scale.
  if (leaf.gain * 0.5 <= o.minSplitGain) leaf.feature = -1;
}

/** Moves rows going left to the front of `rows[start..end)`; returns the first right index. */
function partition(data: BinnedData, rows: Int32Array, scratch: Int32Array, leaf: Leaf): number {
  const { bins, nFeatures } = data;
  const f = leaf.feature;
  const missing = data.nBins[f];
  const thr = leaf.bin;
  const missLeft = leaf.missingLeft;
  let l = leaf.start;
  let r = 0;
  for (let i = leaf.start; i < leaf.end; i++) {
    const row = rows[i];
    const b = bins[row * nFeatures + f];
    const goLeft = b === missing ? missLeft : b <= thr;
    if (goLeft) rows[l++] = row;
    else scratch[r++] = row;
  }
  rows.set(scratch.subarray(0, r), l);
  return l;
}

/**
 * Grows one regression tree on gradients and hessians, leaf-wise: always splitting the leaf with the largest
 * gain, up to `maxLeaves`. Each child's histogram is built for the smaller side and derived for the larger one
 * by subtraction. Leaf values (already scaled by the learning rate) are added to `rawOut` for the rows used.
 */
export function growTree(
  data: BinnedData,
  rows: Int32Array,
  nUsedRows: number,
  grad: Float64Array,
  hess: Float64Array,
  features: Int32Array,
  o: GrowOptions,
  scratch: Int32Array,
  rawOut: Float64Array,
  rawStride: number,
  rawOffset: number,
): Tree {
  const tree = allocTree(2 * o.maxLeaves + 1);
  let g = 0;
  let h = 0;
  for (let i = 0; i < nUsedRows; i++) {
    g += grad[rows[i]];
    h += hess[rows[i]];
  }
  const root: Leaf = {
    node: 0,
    start: 0,
    end: nUsedRows,
    depth: 0,
    hist: buildHistogram(data, rows, 0, nUsedRows, grad, hess, features),
    g,
    h,
    n: nUsedRows,
    gain: 0,
    feature: -1,
    bin: 0,
    missingLeft: false,
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
    const mid = partition(data, rows, scratch, leaf);
    const threshold = data.edges[leaf.feature][leaf.bin];
    const [ln, rn] = splitNode(tree, leaf.node, leaf.feature, leaf.bin, threshold, leaf.missingLeft);
    const left: Leaf = {
      ...leaf,
      node: ln,
      start: leaf.start,
      end: mid,
      depth: leaf.depth + 1,
      g: 0,
      h: 0,
      n: mid - leaf.start,
    };
    const right: Leaf = {
      ...leaf,
      node: rn,
      start: mid,
      end: leaf.end,
      depth: leaf.depth + 1,
      g: 0,
      h: 0,
      n: leaf.end - mid,
    };
    for (const child of [left, right]) {
      for (let i = child.start; i < child.end; i++) {
        child.g += grad[rows[i]];
        child.h += hess[rows[i]];
      }
    }
    const small = left.n <= right.n ? left : right;
    const large = small === left ? right : left;
    small.hist = buildHistogram(data, rows, small.start, small.end, grad, hess, features);
    const parentHist = leaf.hist;
    subtract(parentHist, small.hist, data, features);
    large.hist = parentHist;
    leaves++;
    for (const child of [left, right]) {
      const canSplit = (o.maxDepth <= 0 || child.depth < o.maxDepth) && child.n >= 2 * o.minChildSamples;
      if (canSplit) findSplit(child, data, features, o);
      else child.feature = -1;
      open.push(child);
    }
  }
  for (const leaf of open) {
    const value = (-thresholdL1(leaf.g, o.alpha) / Math.max(leaf.h + o.lambda, 1e-12)) * o.learningRate;
    tree.value[leaf.node] = value;
    for (let i = leaf.start; i < leaf.end; i++) rawOut[rows[i] * rawStride + rawOffset] += value;
  }
  return tree;
}
