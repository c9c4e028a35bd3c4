import { TrainingCancelledError } from "../../errors.js";
import type { Matrix } from "../../preprocess/matrix.js";
import type { TaskKind } from "../../task.js";
import { Rng } from "../../util/random.js";
import type { FitInput, FittedModel, ModelFamily, Params } from "../family.js";
import { binData } from "../gbdt/binning.js";
import { leafOf, type Tree, treeFromJSON, treeToJSON, trimTree } from "../tree/tree.js";
import { growForestTree } from "./grow.js";

const DEFAULTS = {
  // More trees than scikit-learn's 100: smoother class probabilities, a visibly better log loss.
  n_estimators: 300,
  max_features: "auto",
  min_samples_leaf: 1,
  max_depth: 0,
  max_bin: 255,
} satisfies Params;

interface ForestState {
  params: Params;
  kind: TaskKind;
  width: number;
  trees: Record<string, unknown>[];
}

/** An averaged ensemble of trees whose leaves hold output means (class shares or values). */
export class Forest implements FittedModel {
  constructor(
    readonly family: string,
    readonly params: Params,
    private readonly kind: TaskKind,
    private readonly width: number,
    readonly trees: Tree[],
  ) {}

  predict(x: Matrix): Float64Array {
    const w = this.width;
    const sum = new Float64Array(x.nRows * w);
    for (const tree of this.trees) {
      for (let i = 0; i < x.nRows; i++) {
        const leaf = leafOf(tree, x.columns, i);
        for (let c = 0; c < w; c++) sum[i * w + c] += tree.value[leaf * w + c];
      }
    }
    const scale = 1 / this.trees.length;
    if (this.kind === "binary") {
      const p = new Float64Array(x.nRows);
      for (let i = 0; i < x.nRows; i++) p[i] = sum[i * 2 + 1] * scale;
      return p;
    }
    for (let i = 0; i < sum.length; i++) sum[i] *= scale;
    return sum;
  }

  toJSON(): ForestState {
    return { params: this.params, kind: this.kind, width: this.width, trees: this.trees.map(treeToJSON) };
  }
}

function maxFeatures(setting: Params[string], nf: number, kind: TaskKind): number {
  if (typeof setting === "number")
    return setting <= 1 ? Math.max(1, Math.round(setting * nf)) : Math.min(nf, setting);
  if (setting === "sqrt" || (setting === "auto" && kind !== "regression"))
    return Math.max(1, Math.round(Math.sqrt(nf)));
  if (setting === "log2") return Math.max(1, Math.round(Math.log2(nf)));
  return nf;
}

function makeFamily(name: string, description: string, bootstrap: boolean): ModelFamily {
  const fit = (input: FitInput): Forest => {
    const p = { ...DEFAULTS, ...input.params };
    const { x, y } = input;
    const n = x.nRows;
    const data = binData(x, Number(p.max_bin));
    const width = input.kind === "regression" ? 1 : input.nClasses;
    const targets =
      input.kind === "regression"
        ? [y]
        : Array.from({ length: width }, (_, c) => Float64Array.from(y, (v) => (v === c ? 1 : 0)));
    const options = {
      maxFeatures: maxFeatures(p.max_features, x.nCols, input.kind),
      minSamplesLeaf: Math.max(1, Number(p.min_samples_leaf)),
      maxDepth: Number(p.max_depth),
      randomSplits: !bootstrap,
    };
    const rng = new Rng(input.seed);
    const trees: Tree[] = [];
    const weights = new Float64Array(n);
    for (let t = 0; t < Number(p.n_estimators); t++) {
      if (input.signal?.aborted) throw new TrainingCancelledError();
      const treeRng = rng.fork(t);
      weights.fill(bootstrap ? 0 : 1);
      if (bootstrap) for (let i = 0; i < n; i++) weights[treeRng.int(n)]++;
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (weights[i] > 0) rows.push(i);
      trees.push(trimTree(growForestTree(data, targets, weights, Int32Array.from(rows), options, treeRng)));
    }
    return new Forest(name, p, input.kind, width, trees);
  };
  return {
    name,
    description,
    preprocess: { impute: true, scale: false, oneHotMaxLevels: 10 },
    defaults: DEFAULTS,
    searchSpace: {
      n_estimators: { type: "int", low: 50, high: 500, log: true },
      max_features: { type: "categorical", choices: ["sqrt", "log2", 0.5, 1] },
      min_samples_leaf: { type: "int", low: 1, high: 20, log: true },
      max_depth: { type: "int", low: 0, high: 30 },
    },
    fit,
    fromJSON(state: unknown) {
      const s = state as ForestState;
      return new Forest(name, s.params, s.kind, s.width, s.trees.map(treeFromJSON));
    },
  };
}

export const randomForest = makeFamily(
  "random_forest",
  "Random forest: bootstrap samples, best split over a random subset of features at each node.",
  true,
);

export const extraTrees = makeFamily(
  "extra_trees",
  "Extremely randomised trees: all rows, one random threshold per tried feature.",
  false,
);
