import { describe, expect, it } from "vitest";
import { gbdt } from "../src/index.js";
import type { Booster } from "../src/models/gbdt/booster.js";
import { addTreeScores, childrenAdjacent } from "../src/models/tree/add-tree-scores.js";
import { parallelTreeScores } from "../src/models/tree/parallel-tree-scores.js";
import { leafOf } from "../src/models/tree/tree.js";
import { synthetic } from "./synthetic.js";

describe("block-wise tree scoring", () => {
  // Three classes (three trees a round), missing values in every feature, and a row count that is not a
  // multiple of the block, so the last block is partial. Rows missing feature 0 are class 2 more often.
  const data = synthetic(9_001, 6, (x) => (x[0] > 0.3 ? 1 : 0) + (x[1] + x[2] > 1 ? 1 : 0));
  data.x.columns.forEach((col, j) => {
    for (let i = j; i < col.length; i += 5 + j) {
      col[i] = Number.NaN;
      if (j === 0 && i % 2 === 0) data.y[i] = 2;
    }
  });
  const model = gbdt.fit({
    ...data,
    kind: "multiclass",
    nClasses: 3,
    params: { n_estimators: 8, max_leaves: 12, n_threads: 1 },
    seed: 3,
  }) as Booster;

  it("adds exactly what walking each tree over the columns adds", () => {
    expect(model.trees.every(childrenAdjacent)).toBe(true);
    const fast = new Float64Array(data.x.nRows * 3);
    addTreeScores(model.trees, data.x, fast, 3);
    const slow = new Float64Array(data.x.nRows * 3);
    model.trees.forEach((tree, t) => {
      for (let i = 0; i < data.x.nRows; i++)
        slow[i * 3 + (t % 3)] += tree.value[leafOf(tree, data.x.columns, i)];
    });
    expect(fast).toEqual(slow);
    // Missing values really took both directions somewhere, so the missing-value step was exercised.
    const missingLeft = model.trees.flatMap((t) => Array.from(t.missingLeft.subarray(0, t.size)));
    expect(new Set(missingLeft).size).toBe(2);
  });

  it("falls back to the column walk for trees whose children are not adjacent", () => {
    const tree = structuredClone(model.trees[0]);
    const root = { left: tree.left[0], right: tree.right[0] };
    // Swap the root's children (and the test): same predictions, children no longer in order.
    tree.left[0] = root.right;
    tree.right[0] = root.left;
    tree.threshold[0] = Number.NaN;
    expect(childrenAdjacent(tree)).toBe(false);
    const raw = new Float64Array(data.x.nRows);
    addTreeScores([tree], data.x, raw, 1);
    const expected = Float64Array.from(
      { length: data.x.nRows },
      (_, i) => tree.value[leafOf(tree, data.x.columns, i)],
    );
    expect(raw).toEqual(expected);
  });

  it("gives the same scores when helper threads take a share of the rows", () => {
    const serial = new Float64Array(data.x.nRows * 3).fill(0.25);
    addTreeScores(model.trees, data.x, serial, 3);
    for (const threads of [2, 3]) {
      const parallel = new Float64Array(data.x.nRows * 3).fill(0.25);
      parallelTreeScores(model.trees, data.x, parallel, 3, { threads, minVisits: 1 });
      expect(parallel).toEqual(serial);
    }
  });
});
