import type { Matrix } from "../preprocess/matrix.js";
import type { PreprocessOptions } from "../preprocess/pipeline.js";
import type { TaskKind } from "../task.js";

/** Makes a parameter active only when another parameter takes one of the listed values. */
export interface ParamCondition {
  param: string;
  in: readonly (string | number | boolean | null)[];
}

/** One hyper-parameter's range, for search. */
export type ParamSpace = (
  | { type: "float"; low: number; high: number; log?: boolean }
  | { type: "int"; low: number; high: number; log?: boolean; step?: number }
  | { type: "categorical"; choices: readonly (string | number | boolean | null)[] }
) & { condition?: ParamCondition };

export type SearchSpace = Record<string, ParamSpace>;
export type Params = Record<string, string | number | boolean | null>;

/** What a model is fitted on. `y` holds regression values or class indices. */
export interface FitInput {
  x: Matrix;
  y: Float64Array;
  kind: TaskKind;
  nClasses: number;
  params: Params;
  seed: number;
  /**
   * Soft targets for classification (distillation): a teacher's probabilities, row-major `n × 1` (P(class 1)) for
   * binary or `n × K` for multiclass. Families that can use them (gbdt, mlp, tabm) fit these instead of `y`.
   */
  soft?: Float64Array;
  /** Rows for early stopping; never the rows being scored. */
  valid?: { x: Matrix; y: Float64Array };
  signal?: AbortSignal;
}

/** A fitted model. Predictions: values (regression), P(class 1) (binary) or row-major n × K probabilities. */
export interface FittedModel {
  readonly family: string;
  readonly params: Params;
  predict(x: Matrix): Float64Array;
  /** Plain JSON that `ModelFamily.fromJSON` turns back into an identical model. */
  toJSON(): unknown;
}

/** A model family: how to preprocess for it, its defaults and search space, and how to fit and restore it. */
export interface ModelFamily {
  name: string;
  description: string;
  preprocess: PreprocessOptions;
  defaults: Params;
  searchSpace: SearchSpace;
  /** Loads what fitting and predicting need (the neural backend); awaited before either, once per thread. */
  prepare?(): Promise<void>;
  fit(input: FitInput): FittedModel;
  fromJSON(state: unknown): FittedModel;
}

/** Merges caller params over defaults, rejecting names the family does not know. */
export function resolveParams(family: ModelFamily, given: Params = {}): Params {
  const unknown = Object.keys(given).filter((k) => !(k in family.defaults));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown parameter(s) for ${family.name}: ${unknown.join(", ")}. Known: ${Object.keys(family.defaults).join(", ")}.`,
    );
  }
  return { ...family.defaults, ...given };
}
