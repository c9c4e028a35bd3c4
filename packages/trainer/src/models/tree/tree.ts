/**
 * A binary decision tree in flat arrays. Node i is a leaf when `left[i] === -1`; otherwise rows with
 * `x[feature[i]] <= threshold[i]` go left, and missing values go left when `missingLeft[i]` is 1.
 * A leaf holds `width` values starting at `value[i * width]` (one per output).
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  /** The same split as a bin index, for binned rows. */
  binThreshold: Int32Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  width: number;
  size: number;
}

/** Makes an empty tree with room for `capacity` nodes. */
export function allocTree(capacity: number, width = 1): Tree {
  return {
    feature: new Int32Array(capacity).fill(-1),
    threshold: new Float64Array(capacity),
    binThreshold: new Int32Array(capacity),
    missingLeft: new Uint8Array(capacity),
    left: new Int32Array(capacity).fill(-1),
    right: new Int32Array(capacity).fill(-1),
    value: new Float64Array(capacity * width),
    width,
    size: 1,
  };
}

/** Adds two children to a leaf, making it a split node; returns the children's ids. */
export function splitNode(
  tree: Tree,
  node: number,
  feature: number,
  binThreshold: number,
  threshold: number,
  missingLeft: boolean,
): [number, number] {
  const l = tree.size;
  const r = tree.size + 1;
  tree.size += 2;
  tree.feature[node] = feature;
  tree.binThreshold[node] = binThreshold;
  tree.threshold[node] = threshold;
  tree.missingLeft[node] = missingLeft ? 1 : 0;
  tree.left[node] = l;
  tree.right[node] = r;
  return [l, r];
}

/** The leaf a row of raw feature columns falls in. */
export function leafOf(tree: Tree, columns: Float64Array[], row: number): number {
  let node = 0;
  while (tree.left[node] !== -1) {
    const v = columns[tree.feature[node]][row];
    const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v <= tree.threshold[node];
    node = goLeft ? tree.left[node] : tree.right[node];
  }
  return node;
}

/** Trims the arrays to the nodes in use, for storage. */
export function treeToJSON(tree: Tree): Record<string, unknown> {
  const n = tree.size;
  return {
    size: n,
    width: tree.width,
    feature: Array.from(tree.feature.subarray(0, n)),
    threshold: Array.from(tree.threshold.subarray(0, n), (t) => (Number.isFinite(t) ? t : null)),
    bin_threshold: Array.from(tree.binThreshold.subarray(0, n)),
    missing_left: Array.from(tree.missingLeft.subarray(0, n)),
    left: Array.from(tree.left.subarray(0, n)),
    right: Array.from(tree.right.subarray(0, n)),
    value: Array.from(tree.value.subarray(0, n * tree.width)),
  };
}

/** Restores a tree stored by `treeToJSON`. */
export function treeFromJSON(state: Record<string, unknown>): Tree {
  const s = state as {
    size: number;
    width: number;
    feature: number[];
    threshold: (number | null)[];
    bin_threshold: number[];
    missing_left: number[];
    left: number[];
    right: number[];
    value: number[];
  };
  return {
    size: s.size,
    width: s.width,
    feature: Int32Array.from(s.feature),
    threshold: Float64Array.from(s.threshold, (t) => (t === null ? Number.POSITIVE_INFINITY : t)),
    binThreshold: Int32Array.from(s.bin_threshold),
    missingLeft: Uint8Array.from(s.missing_left),
    left: Int32Array.from(s.left),
    right: Int32Array.from(s.right),
    value: Float64Array.from(s.value),
  };
}

/** A copy of the tree with arrays cut to the nodes in use. */
export function trimTree(tree: Tree): Tree {
  const n = tree.size;
  return {
    ...tree,
    feature: tree.feature.slice(0, n),
    threshold: tree.threshold.slice(0, n),
    binThreshold: tree.binThreshold.slice(0, n),
    missingLeft: tree.missingLeft.slice(0, n),
    left: tree.left.slice(0, n),
    right: tree.right.slice(0, n),
    value: tree.value.slice(0, n * tree.width),
  };
}
