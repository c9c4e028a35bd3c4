import type { Comparison } from "@parzen/trainer";

/** What the assistant has understood so far; the configuration is rebuilt from it after every message. */
export interface Plan {
  dataset_id?: string;
  label?: string;
  /** Row filters, all applied (and). */
  filters: Comparison[];
  /** Columns dropped before training and prediction. */
  drop: string[];
  n_trials?: number;
  ensemble?: boolean;
  model_types?: string[];
  /** Score a whole dataset with the trained model (the training dataset unless another is named). */
  batch_predict?: { dataset_id?: string };
  /** Hold the last month of `column` out of training and evaluate on it (`cutoff`: that month's first day). */
  evaluate_last_month?: { column: string; cutoff: string };
}

/** One change a message asks for (the built-in parser and the language model both speak these). */
export type Change =
  | { op: "set_dataset"; dataset_id: string }
  | { op: "set_label"; column: string }
  | { op: "add_filter"; column: string; cmp: "==" | "!=" | "<" | "<=" | ">" | ">="; value: string | number }
  | { op: "clear_filters" }
  | { op: "drop_column"; column: string }
  | { op: "keep_column"; column: string }
  | { op: "set_trials"; n_trials: number }
  | { op: "set_ensemble"; ensemble: boolean }
  | { op: "set_model_types"; model_types: string[] }
  | { op: "add_batch_predict"; dataset_id?: string }
  | { op: "evaluate_last_month"; column: string; cutoff: string };

/** The empty plan of a new session. */
export const emptyPlan = (): Plan => ({ filters: [], drop: [] });

const LOWER = new Set([">", ">="]);
const UPPER = new Set(["<", "<="]);
const side = (op: string) => (LOWER.has(op) ? "lower" : UPPER.has(op) ? "upper" : op);

/** A plan with one change applied, and a sentence saying what changed. */
export function applyChange(plan: Plan, change: Change): { plan: Plan; said: string } {
  const next: Plan = structuredClone(plan);
  switch (change.op) {
    case "set_dataset":
      next.dataset_id = change.dataset_id;
      // Another dataset's columns: what was said about the old one's columns no longer applies.
      if (plan.dataset_id && plan.dataset_id !== change.dataset_id) {
        next.filters = [];
        next.drop = [];
        next.label = undefined;
        next.evaluate_last_month = undefined;
      }
      return { plan: next, said: `use dataset ${change.dataset_id}` };
    case "set_label":
      next.label = change.column;
      next.drop = next.drop.filter((c) => c !== change.column);
      return { plan: next, said: `predict the column "${change.column}"` };
    case "add_filter": {
      // A new bound on a column replaces the old bound on the same side (a correction, not a second filter).
      next.filters = next.filters.filter(
        (f) => !(f.col === change.column && side(f.op) === side(change.cmp)),
      );
      next.filters.push({ kind: "cmp", col: change.column, op: change.cmp, value: change.value });
      return { plan: next, said: `keep only rows where ${change.column} ${change.cmp} ${change.value}` };
    }
    case "clear_filters":
      next.filters = [];
      return { plan: next, said: "use every row (no filter)" };
    case "drop_column":
      if (!next.drop.includes(change.column)) next.drop.push(change.column);
      return { plan: next, said: `drop the column "${change.column}"` };
    case "keep_column":
      next.drop = next.drop.filter((c) => c !== change.column);
      return { plan: next, said: `keep the column "${change.column}"` };
    case "set_trials":
      next.n_trials = change.n_trials;
      return { plan: next, said: `search ${change.n_trials} trials per model family` };
    case "set_ensemble":
      next.ensemble = change.ensemble;
      return {
        plan: next,
        said: change.ensemble ? "build an ensemble" : "pick a single model (no ensemble)",
      };
    case "set_model_types":
      next.model_types = change.model_types;
      return { plan: next, said: `try the model families ${change.model_types.join(", ")}` };
    case "add_batch_predict":
      next.batch_predict = { dataset_id: change.dataset_id };
      return {
        plan: next,
        said: `add a batch prediction step over ${change.dataset_id ? `dataset ${change.dataset_id}` : "the whole dataset"}`,
      };
    case "evaluate_last_month":
      next.evaluate_last_month = { column: change.column, cutoff: change.cutoff };
      return {
        plan: next,
        said: `train on rows before ${change.cutoff} and evaluate on the last month (${change.column} ≥ ${change.cutoff})`,
      };
  }
}
