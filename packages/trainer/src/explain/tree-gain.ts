import type { Frame } from "../data/frame.js";
import { EnsembleModel } from "../ensemble/ensemble-model.js";
import { type Predictor, TrainedModel } from "../model.js";
import type { Tree } from "../models/tree/tree.js";
import type { Matrix } from "../preprocess/matrix.js";

export interface GainImportance {
  /** Share of the explained output variance per model feature (one-hot columns, date parts), best first; sums to 1. */
  features: { feature: string; importance: number }[];
  /** The same, summed per input column (a feature derived from several columns is split evenly among them). */
  columns: { column: string; importance: number }[];
}

/** The trees a fitted model holds, when it is a tree family (gbdt, random_forest, extra_trees). */
function treesOf(model: TrainedModel): Tree[] | undefined {
  const fitted = model.model as unknown as { trees?: Tree[]; rounds?: number };
  if (!Array.isArray(fitted.trees)) return undefined;
  if (model.model.family !== "gbdt" || fitted.rounds === undefined) return fitted.trees;
  // A booster grows one tree per class and round (one per round otherwise); early stopping keeps `rounds` rounds.
  const perRound = model.task.kind === "multiclass" ? model.task.classes.length : 1;
  return fitted.trees.slice(0, fitted.rounds * perRound);
}

/**
 * Adds each split's gain to `gains[feature]`: how much the split reduces the squared deviation of the tree's output
 * over the rows that reach it. On the rows a tree was grown from this is its training gain; on other rows, the
 * share of the output's variation the split accounts for there.
 */
function addTreeGains(tree: Tree, x: Matrix, gains: Float64Array, weight: number): void {
  const n = tree.size;
  const w = tree.width;
  const count = new Float64Array(n);
  const sum = new Float64Array(n * w);
  const squares = new Float64Array(n);
  const path = new Int32Array(n);
  for (let i = 0; i < x.nRows; i++) {
    let node = 0;
    let depth = 0;
    while (tree.left[node] !== -1) {
      path[depth++] = node;
      const v = x.columns[tree.feature[node]][i];
      const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v <= tree.threshold[node];
      node = goLeft ? tree.left[node] : tree.right[node];
    }
    path[depth++] = node;
    let sq = 0;
    for (let c = 0; c < w; c++) sq += tree.value[node * w + c] ** 2;
    for (let d = 0; d < depth; d++) {
      const p = path[d];
      count[p]++;
      squares[p] += sq;
      for (let c = 0; c < w; c++) sum[p * w + c] += tree.value[node * w + c];
    }
  }
  const sse = (p: number) => {
    if (count[p] === 0) return 0;
    let s = squares[p];
    for (let c = 0; c < w; c++) s -= sum[p * w + c] ** 2 / count[p];
    return s;
  };
  for (let p = 0; p < n; p++) {
    if (tree.left[p] === -1 || count[p] === 0) continue;
    const gain = sse(p) - sse(tree.left[p]) - sse(tree.right[p]);
    if (gain > 0) gains[tree.feature[p]] += weight * gain;
  }
}

/** The fitted models behind a predictor with their weights: itself, or an ensemble's fold models. */
function weightedModels(predictor: Predictor): { model: TrainedModel; weight: number }[] {
  if (predictor instanceof TrainedModel) return [{ model: predictor, weight: 1 }];
  if (predictor instanceof EnsembleModel)
    return predictor.members.flatMap((m) =>
      m.folds.map((f) => ({ model: f, weight: m.weight / m.folds.length })),
    );
  return [];
}

/**
 * Gain importance of the tree models in a predictor (an ensemble's tree members count by their weight) over the
 * rows of `frame`; undefined when it holds no tree model. Cheap: one pass of the rows through every tree.
 */
export function treeGainImportance(predictor: Predictor, frame: Frame): GainImportance | undefined {
  const byFeature = new Map<string, number>();
  const byColumn = new Map<string, number>();
  let found = false;
  for (const { model, weight } of weightedModels(predictor)) {
    const trees = treesOf(model);
    if (!trees) continue;
    found = true;
    const x = model.pipeline.transform(frame);
    const gains = new Float64Array(x.nCols);
    for (const tree of trees) addTreeGains(tree, x, gains, weight);
    for (const { feature, sources } of model.pipeline.lineage()) {
      const g = gains[x.names.indexOf(feature)] ?? 0;
      byFeature.set(feature, (byFeature.get(feature) ?? 0) + g);
      for (const s of sources) byColumn.set(s, (byColumn.get(s) ?? 0) + g / sources.length);
    }
  }
  if (!found) return undefined;
  const normalised = <K extends string>(map: Map<string, number>, key: K) => {
    const total = [...map.values()].reduce((a, b) => a + b, 0) || 1;
    return [...map.entries()]
      .map(
        ([name, g]) =>
          ({ [key]: name, importance: g / total }) as { [P in K]: string } & { importance: number },
      )
      .sort((a, b) => b.importance - a.importance);
  };
  return { features: normalised(byFeature, "feature"), columns: normalised(byColumn, "column") };
}
