import { seededRandom } from "./processes.js";

// Data and configurations shared by the pipeline tests.

/** One customer: the columns of the churn data set. */
export interface Customer {
  customer_id: number;
  signup: string;
  tenure: number;
  spend: number;
  plan: string;
  churned: string;
}

/** A churn data set with a learnable signal (short tenure and low spend churn; DuckDB would read yes/no as booleans), signups over 2023–2024. */
export function customers(rows: number, seed = 11): Customer[] {
  const rand = seededRandom(seed);
  const start = Date.UTC(2023, 0, 1);
  return Array.from({ length: rows }, (_, i) => {
    const tenure = Math.floor(rand() * 48);
    const spend = Math.round(rand() * 10000) / 100;
    const risk = 1.5 - tenure / 24 - spend / 60 + (rand() - 0.5);
    return {
      customer_id: 1000 + i,
      signup: new Date(start + Math.floor(rand() * 730) * 86_400_000).toISOString().slice(0, 10),
      tenure,
      spend,
      plan: rand() < 0.5 ? "basic" : "pro",
      churned: risk > 0 ? "churn" : "stay",
    };
  });
}

/** Records as CSV with a header (values need no quoting here). */
export function toCsv(records: Record<string, unknown>[]): string {
  const names = Object.keys(records[0]);
  return `${[names.join(","), ...records.map((r) => names.map((n) => String(r[n])).join(","))].join("\n")}\n`;
}

/** A connection between two ports. */
export const link = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { block: from, port: fromPort },
  to: { block: to, port: toPort },
});

/** The train block's trainer request (small and seeded, so a direct trainer run gives the same model). */
export const TRAIN = {
  task: { label_column: "churned" },
  model_types: ["gbdt"],
  n_trials: 2,
  n_splits: 2,
  random_state: 7,
};

/** The filter of the end-to-end pipeline: signups from 2024 on (the trainer's filter object). */
export const RECENT = { kind: "cmp", col: "signup", op: ">=", value: "2024-01-01" };

/** The transform of the end-to-end pipeline. */
export const SHAPE = {
  derive: [{ name: "spend_per_month", expression: "spend / (tenure + 1)" }],
  drop: ["customer_id", "plan"],
};

/** dataset → filter → transform → train → predict → evaluate → output. */
export function churnPipeline(datasetId: string) {
  return {
    id: "churn",
    name: "Churn",
    version: "1.0.0",
    blocks: {
      customers: { id: "customers", type: "dataset", config: { dataset_id: datasetId } },
      recent: { id: "recent", type: "filter", config: { filter: RECENT } },
      shape: { id: "shape", type: "transform", config: SHAPE },
      train: { id: "train", type: "train", config: TRAIN },
      score: { id: "score", type: "predict" },
      judge: { id: "judge", type: "evaluate", config: { metrics: ["auc", "accuracy"] } },
      out: { id: "out", type: "output", config: { max_rows: 5000 } },
    },
    connections: [
      link("customers", "table", "recent", "table"),
      link("recent", "table", "shape", "table"),
      link("shape", "table", "train", "table"),
      link("shape", "table", "score", "table"),
      link("train", "model", "score", "model"),
      link("score", "table", "judge", "table"),
      link("train", "model", "judge", "model"),
      link("judge", "metrics", "out", "metrics"),
      link("score", "table", "out", "predictions"),
      link("train", "model", "out", "model"),
    ],
  };
}
