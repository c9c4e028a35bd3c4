import type { Comparison, Filter } from "@parzen/trainer";
import type { Configuration } from "../pipelines/graph.js";
import type { Plan } from "./plan.js";

const link = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { block: from, port: fromPort },
  to: { block: to, port: toPort },
});

/** One comparison, or their conjunction. */
export function allOf(filters: Comparison[]): Filter | undefined {
  if (filters.length === 0) return undefined;
  return filters.length === 1 ? filters[0] : { kind: "and", filters };
}

/** The rows training sees: the plan's filters, and everything before the held-out month. */
export function trainingFilters(plan: Plan): Comparison[] {
  const held = plan.evaluate_last_month;
  return held
    ? [...plan.filters, { kind: "cmp", col: held.column, op: "<", value: held.cutoff }]
    : plan.filters;
}

/**
 * The configuration a plan describes, or undefined before a dataset is known. Without a label it previews the
 * prepared rows; with one it trains, and optionally evaluates on the last month and scores a dataset in batch.
 */
export function buildConfiguration(plan: Plan, name: string): Configuration | undefined {
  if (!plan.dataset_id) return undefined;
  const blocks: Configuration["blocks"] = {};
  const connections: NonNullable<Configuration["connections"]> = [];
  /** Adds filter and transform blocks after `source`; returns the last block's key. */
  const prepare = (source: string, filters: Comparison[], suffix: string): string => {
    let last = source;
    const filter = allOf(filters);
    if (filter) {
      blocks[`rows${suffix}`] = { id: `rows${suffix}`, type: "filter", config: { filter } };
      connections.push(link(last, "table", `rows${suffix}`, "table"));
      last = `rows${suffix}`;
    }
    if (plan.drop.length > 0) {
      blocks[`shape${suffix}`] = {
        id: `shape${suffix}`,
        type: "transform",
        config: { drop: [...plan.drop] },
      };
      connections.push(link(last, "table", `shape${suffix}`, "table"));
      last = `shape${suffix}`;
    }
    return last;
  };
  blocks.data = { id: "data", type: "dataset", config: { dataset_id: plan.dataset_id } };
  blocks.out = { id: "out", type: "output" };
  const prepared = prepare("data", trainingFilters(plan), "");
  if (!plan.label) {
    blocks.out.config = { max_rows: 100 };
    connections.push(link(prepared, "table", "out", "preview"));
    return { id: "assistant", name, version: "1.0.0", blocks, connections };
  }
  blocks.train = {
    id: "train",
    type: "train",
    config: {
      task: { label_column: plan.label },
      n_trials: plan.n_trials ?? 4,
      n_splits: 3,
      ensemble: plan.ensemble ?? false,
      random_state: 42,
      ...(plan.model_types && { model_types: plan.model_types }),
    },
  };
  connections.push(link(prepared, "table", "train", "table"), link("train", "model", "out", "model"));
  const held = plan.evaluate_last_month;
  if (held) {
    const recent = prepare(
      "data",
      [...plan.filters, { kind: "cmp", col: held.column, op: ">=", value: held.cutoff }],
      "_recent",
    );
    blocks.score_recent = { id: "score_recent", type: "predict" };
    blocks.evaluate = { id: "evaluate", type: "evaluate" };
    connections.push(
      link(recent, "table", "score_recent", "table"),
      link("train", "model", "score_recent", "model"),
      link("score_recent", "table", "evaluate", "table"),
      link("train", "model", "evaluate", "model"),
      link("evaluate", "metrics", "out", "metrics"),
    );
  }
  if (plan.batch_predict) {
    const other = plan.batch_predict.dataset_id && plan.batch_predict.dataset_id !== plan.dataset_id;
    if (other)
      blocks.batch_data = {
        id: "batch_data",
        type: "dataset",
        config: { dataset_id: plan.batch_predict.dataset_id },
      };
    const source = other ? "batch_data" : "data";
    let last = source;
    if (plan.drop.length > 0) {
      blocks.shape_batch = { id: "shape_batch", type: "transform", config: { drop: [...plan.drop] } };
      connections.push(link(source, "table", "shape_batch", "table"));
      last = "shape_batch";
    }
    blocks.batch = { id: "batch", type: "predict" };
    connections.push(
      link(last, "table", "batch", "table"),
      link("train", "model", "batch", "model"),
      link("batch", "table", "out", "predictions"),
    );
  }
  return { id: "assistant", name, version: "1.0.0", blocks, connections };
}
