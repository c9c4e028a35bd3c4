import type { GraphBuilder } from "./graph.js";

/** A tree as `treeToJSON` stores it. */
export interface TreeJson {
  size: number;
  width: number;
  feature: number[];
  threshold: (number | null)[];
  missing_left: number[];
  left: number[];
  right: number[];
  value: number[];
}

/**
 * Trees as one `ai.onnx.ml.TreeEnsembleRegressor` summing `targets` outputs per row: thresholds as doubles (so
 * the `x <= t` splits agree exactly with the TypeScript models), missing values following each node's learned
 * direction. `leafValue(tree, leaf, target)` gives what a leaf adds to a target; `scale` multiplies every leaf.
 * The op returns float32; the result is cast back to double.
 */
export function treeEnsemble(
  g: GraphBuilder,
  x: string,
  trees: TreeJson[],
  targets: number,
  leafValue: (tree: TreeJson, leaf: number, target: number) => number,
): string {
  const nodes = {
    treeids: [] as number[],
    nodeids: [] as number[],
    featureids: [] as number[],
    modes: [] as string[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
    missingTrue: [] as number[],
  };
  const leaves = {
    treeids: [] as number[],
    nodeids: [] as number[],
    ids: [] as number[],
    weights: [] as number[],
  };
  trees.forEach((tree, t) => {
    for (let i = 0; i < tree.size; i++) {
      const leaf = tree.left[i] === -1;
      nodes.treeids.push(t);
      nodes.nodeids.push(i);
      nodes.featureids.push(leaf ? 0 : tree.feature[i]);
      nodes.modes.push(leaf ? "LEAF" : "BRANCH_LEQ");
      nodes.values.push(leaf ? 0 : (tree.threshold[i] ?? Number.POSITIVE_INFINITY));
      nodes.trueIds.push(leaf ? 0 : tree.left[i]);
      nodes.falseIds.push(leaf ? 0 : tree.right[i]);
      nodes.missingTrue.push(leaf ? 0 : tree.missing_left[i]);
      if (!leaf) continue;
      for (let c = 0; c < targets; c++) {
        const v = leafValue(tree, i, c);
        if (v === 0) continue;
        leaves.treeids.push(t);
        leaves.nodeids.push(i);
        leaves.ids.push(c);
        leaves.weights.push(v);
      }
    }
  });
  const out = g.node(
    "TreeEnsembleRegressor",
    [x],
    {
      n_targets: targets,
      aggregate_function: "SUM",
      post_transform: "NONE",
      nodes_treeids: { ints: nodes.treeids },
      nodes_nodeids: { ints: nodes.nodeids },
      nodes_featureids: { ints: nodes.featureids },
      nodes_modes: nodes.modes,
      nodes_values_as_tensor: {
        tensor: { type: "double", values: nodes.values, dims: [nodes.values.length] },
      },
      nodes_truenodeids: { ints: nodes.trueIds },
      nodes_falsenodeids: { ints: nodes.falseIds },
      nodes_missing_value_tracks_true: { ints: nodes.missingTrue },
      target_treeids: { ints: leaves.treeids },
      target_nodeids: { ints: leaves.nodeids },
      target_ids: { ints: leaves.ids },
      target_weights_as_tensor: {
        tensor: { type: "double", values: leaves.weights, dims: [leaves.weights.length] },
      },
    },
    { domain: "ai.onnx.ml" },
  );
  return g.node("Cast", [out], { to: 11 });
}
