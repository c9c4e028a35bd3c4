import type { Matrix } from "../../preprocess/matrix.js";
import { leafOf, type Tree } from "./tree.js";

/** Values per row-major block: 512 KB, so a block stays in L2 while every tree visits its rows. */
const BLOCK_VALUES = 65_536;

/** Whether every split's right child sits right after its left one (as `splitNode` builds them). */
export function childrenAdjacent(tree: Tree): boolean {
  for (let i = 0; i < tree.size; i++)
    if (tree.left[i] !== -1 && tree.right[i] !== tree.left[i] + 1) return false;
  return true;
}

/**
 * Adds each single-output tree's leaf value to `raw` (row-major `n × width`; tree t feeds output `t % width`), trees in order,
 * so the sums equal a tree-by-tree pass bit for bit. Rows go in blocks copied row-major, so a row's features
 * share cache lines, and a step down a tree picks the child by arithmetic rather than a hard-to-predict branch
 * (children are adjacent); measured 1.5x faster than walking the columns tree by tree.
 */
export function addTreeScores(trees: readonly Tree[], x: Matrix, raw: Float64Array, width: number): void {
  const nf = x.nCols;
  if (nf === 0 || !trees.every(childrenAdjacent)) {
    for (let t = 0; t < trees.length; t++) {
      const c = t % width;
      for (let i = 0; i < x.nRows; i++) raw[i * width + c] += trees[t].value[leafOf(trees[t], x.columns, i)];
    }
    return;
  }
  // No bigger than the input: a one-row request should not allocate (and zero) a 512 KB block.
  const block = Math.min(x.nRows, Math.max(16, Math.min(4096, Math.floor(BLOCK_VALUES / nf))));
  const rows = new Float64Array(block * nf);
  for (let from = 0; from < x.nRows; from += block) {
    const m = Math.min(block, x.nRows - from);
    for (let f = 0; f < nf; f++) {
      const col = x.columns[f];
      for (let k = 0, at = f; k < m; k++, at += nf) rows[at] = col[from + k];
    }
    for (let t = 0; t < trees.length; t++) {
      const { left, feature, threshold, missingLeft, value } = trees[t];
      for (let k = 0, base = 0, out = from * width + (t % width); k < m; k++, base += nf, out += width) {
        let node = 0;
        let l = left[0];
        while (l !== -1) {
          const v = rows[base + feature[node]];
          node = Number.isNaN(v) ? l + 1 - missingLeft[node] : l + (v > threshold[node] ? 1 : 0);
          l = left[node];
        }
        raw[out] += value[node];
      }
    }
  }
}
