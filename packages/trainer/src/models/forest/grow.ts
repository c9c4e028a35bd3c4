import type { Rng } from "../../util/random.js";
import type { BinnedData } from "../gbdt/binning.js";
import { allocTree, splitNode, type Tree } from "../tree/tree.js";

/** Settings of one forest tree. */
export interface ForestTreeOptions {
  /** Features tried at each split. */
  maxFeatures: number;
  minSamplesLeaf: number;
  /** 0 or less: unlimited. */
  maxDepth: number;
  /** Extra-trees: one random threshold per tried feature instead of the best one. */
  randomSplits: boolean;
}

/**
 * Grows one unpruned tree on binned rows with integer row weights (bootstrap counts), minimising the squared
 * error of `targets` (one column per output: the label for regression, one-hot classes for classification,
 * which makes the criterion the Gini impurity). Leaves hold the weighted mean of each output.
 */
export function growForestTree(
  data: BinnedData,
  targets: Float64Array[],
  weights: Float64Array,
  rowsIn: Int32Array,
  o: ForestTreeOptions,
  rng: Rng,
): Tree {
  const k = targets.length;
  const channels = k + 1;
  const nf = data.nFeatures;
  const rows = rowsIn.slice();
  const scratch = new Int32Array(rows.length);
  const capacity = 2 * rows.length + 1;
  const tree = allocTree(capacity, k);
  const hist = new Float64Array(data.totalBins * channels);
  const sums = new Float64Array(channels);
  const left = new Float64Array(channels);
  const featurePool = Int32Array.from({ length: nf }, (_, i) => i);
  const stack: { node: number; start: number; end: number; depth: number }[] = [
    { node: 0, start: 0, end: rows.length, depth: 0 },
  ];

  while (stack.length > 0) {
    const { node, start, end, depth } = stack.pop()!;
    sums.fill(0);
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const w = weights[r];
      for (let c = 0; c < k; c++) sums[c] += w * targets[c][r];
      sums[k] += w;
    }
    const total = sums[k];
    for (let c = 0; c < k; c++) tree.value[node * k + c] = total > 0 ? sums[c] / total : 0;
    let pure = true;
    for (let c = 0; c < k && pure; c++) {
      const t0 = targets[c][rows[start]];
      for (let i = start + 1; i < end; i++) {
        if (targets[c][rows[i]] !== t0) {
          pure = false;
          break;
        }
      }
    }
    if (pure || total < 2 * o.minSamplesLeaf || (o.maxDepth > 0 && depth >= o.maxDepth)) continue;

    // Sample the features to try at this node (partial Fisher–Yates).
    const m = Math.min(nf, o.maxFeatures);
    for (let j = 0; j < m; j++) {
      const s = j + rng.int(nf - j);
      const t = featurePool[j];
      featurePool[j] = featurePool[s];
      featurePool[s] = t;
    }
    let parentScore = 0;
    for (let c = 0; c < k; c++) parentScore += (sums[c] * sums[c]) / total;
    let bestGain = 1e-12;
    let bestFeature = -1;
    let bestBin = 0;
    for (let j = 0; j < m; j++) {
      const f = featurePool[j];
      const base = data.offsets[f] * channels;
      const last = data.nBins[f] - 1;
      hist.fill(0, base, base + (last + 2) * channels);
      // One feature over many rows: its own byte column is the dense read.
      const column = data.columns[f];
      for (let i = start; i < end; i++) {
        const r = rows[i];
        const w = weights[r];
        const idx = base + column[r] * channels;
        for (let c = 0; c < k; c++) hist[idx + c] += w * targets[c][r];
        hist[idx + k] += w;
      }
      let lo = 0;
      let hi = last;
      if (o.randomSplits) {
        let minBin = last + 1;
        let maxBin = -1;
        for (let b = 0; b <= last; b++) {
          if (hist[base + b * channels + k] > 0) {
            if (b < minBin) minBin = b;
            maxBin = b;
          }
        }
        if (maxBin <= minBin) continue;
        lo = minBin + rng.int(maxBin - minBin);
        hi = lo + 1;
      }
      left.fill(0);
      for (let b = 0; b < hi; b++) {
        const idx = base + b * channels;
        for (let c = 0; c < channels; c++) left[c] += hist[idx + c];
        if (b < lo) continue;
        const wl = left[k];
        const wr = total - wl;
        if (wl < o.minSamplesLeaf || wr < o.minSamplesLeaf) continue;
        let gain = -parentScore;
        for (let c = 0; c < k; c++) {
          const sr = sums[c] - left[c];
          gain += (left[c] * left[c]) / wl + (sr * sr) / wr;
        }
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = f;
          bestBin = b;
        }
      }
    }
    if (bestFeature < 0) continue;

    let l = start;
    let rcount = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      if (data.columns[bestFeature][r] <= bestBin) rows[l++] = r;
      else scratch[rcount++] = r;
    }
    rows.set(scratch.subarray(0, rcount), l);
    const [ln, rn] = splitNode(tree, node, bestFeature, bestBin, data.edges[bestFeature][bestBin], false);
    stack.push({ node: rn, start: l, end, depth: depth + 1 }, { node: ln, start, end: l, depth: depth + 1 });
  }
  return tree;
}
