import { TrainerInputError } from "../errors.js";
import type { ModelFamily } from "./family.js";
import { extraTrees, randomForest } from "./forest/forest.js";
import { gbdt } from "./gbdt/booster.js";
import { linear } from "./linear/linear.js";
import { mlp, tabm } from "./neural/families.js";

const FAMILIES: ModelFamily[] = [gbdt, randomForest, extraTrees, linear, mlp, tabm];

/** Other names a request may use for a family. `xgboost` is Parzen's own booster, not the XGBoost library. */
const ALIASES: Record<string, string> = {
  xgboost: "gbdt",
  lightgbm: "gbdt",
  hist_gradient_boosting: "gbdt",
  rf: "random_forest",
  et: "extra_trees",
  ridge: "linear",
  logistic: "linear",
  neural_network: "mlp",
};

/** Families known to the wider ML world that this build cannot offer, and why. */
const UNAVAILABLE: Record<string, string> = {
  tabicl: "it needs pretrained weights that Parzen cannot ship",
  xrfm: "Recursive Feature Machines are not implemented in this build",
};

/** Loads what the named families need before fitting or predicting with them (e.g. the neural backend). */
export async function prepareFamilies(names: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(names)].map((name) => getFamily(name).prepare?.()));
}

/** The family names a request may use. */
export function availableFamilies(): string[] {
  return FAMILIES.map((f) => f.name);
}

/** Resolves a family name or alias; unknown names get an error listing the available families. */
export function getFamily(name: string): ModelFamily {
  const key = String(name).trim().toLowerCase();
  const alias = Object.hasOwn(ALIASES, key) ? ALIASES[key] : key;
  const family = FAMILIES.find((f) => f.name === alias);
  if (family) return family;
  const why = Object.hasOwn(UNAVAILABLE, key)
    ? ` is not available: ${UNAVAILABLE[key]}.`
    : " is not a known model family.";
  throw new TrainerInputError(
    `Model type "${name}"${why} Available: ${availableFamilies().join(", ")} (aliases: ${Object.keys(ALIASES).join(", ")}).`,
    { path: "model_types" },
  );
}
