import { expect, it } from "vitest";
import { suggestFeatures } from "../src/agentic/phases/feature-engineering.js";
import { trainingPlans } from "../src/agentic/phases/model-training.js";
import type { RunRecord } from "../src/agentic/types.js";
import type { ColumnProfile, DatasetProfile } from "../src/datasets/profile-types.js";

// The feature suggestions and training plans as pure functions of the profile (no server).
const column = (name: string, over: Partial<ColumnProfile>): ColumnProfile => ({
  name,
  type: "float",
  missing_count: 0,
  missing_rate: 0,
  distinct_count: 500,
  distinct_rate: 0.5,
  constant: false,
  id_like: false,
  numeric: null,
  top_values: null,
  datetime_range: null,
  ...over,
});
const numeric = (skewness: number, min = 0) => ({
  min,
  max: 1e6,
  mean: 10,
  std: 5,
  q1: 1,
  median: 5,
  q3: 9,
  skewness,
  zero_count: 0,
  negative_count: 0,
  outlier_count: 0,
  outlier_rate: 0,
});
const profile: DatasetProfile = {
  row_count: 1000,
  column_count: 7,
  profiled_rows: 1000,
  sampled: false,
  duplicate_row_count: 0,
  duplicate_row_rate: 0,
  label: null,
  findings: [],
  columns: [
    column("customer_id", { type: "int", id_like: true, distinct_count: 1000, numeric: numeric(0) }),
    column("income", { numeric: numeric(4.2) }),
    column("balance", { numeric: numeric(3, -50) }),
    column("age", { numeric: numeric(0.1), missing_count: 12, missing_rate: 0.012 }),
    column("region", { type: "category", distinct_count: 8 }),
    column("refund_amount", { numeric: numeric(0.3) }),
    column("churned", { type: "bool", distinct_count: 2 }),
  ],
};
const run = {
  config: { auto_apply_safe_features: true },
  state: {
    label_column: "churned",
    results: {
      label_selection: {
        leakage_suspects: [{ column: "refund_amount", score: 0.99, reason: "alone predicts the label" }],
      },
    },
  },
} as unknown as RunRecord;

it("suggests concrete steps from the profile, each marked safe or not", () => {
  const suggestions = suggestFeatures(profile, run).map((s) => [s.kind, s.value.columns, s.safe]);
  expect(suggestions).toEqual([
    ["drop_leakage", ["refund_amount"], false],
    ["drop_id", ["customer_id"], true],
    // balance is skewed too, but has negative values: a log would not suit it.
    ["log_transform", ["income"], true],
    ["impute", ["age"], true],
    ["frequency_encoding", ["region"], false],
  ]);
});

it("does not suggest again what an earlier round settled", () => {
  const settled = {
    ...run,
    state: { ...run.state, features_settled: ['Drop ID-like "customer_id"'] },
  } as RunRecord;
  expect(suggestFeatures(profile, settled).map((s) => s.kind)).not.toContain("drop_id");
});

it("estimates more time for bigger data and thorougher plans", () => {
  const small = trainingPlans(1_000, 10);
  const big = trainingPlans(100_000, 10);
  expect(small.map((p) => p.name)).toEqual(["fast", "balanced", "best"]);
  expect(small[0].estimated_seconds).toBeLessThan(small[2].estimated_seconds);
  expect(big[1].estimated_seconds).toBeGreaterThan(small[1].estimated_seconds);
  expect(trainingPlans(500_000, 10)[2].model_types).toEqual(["gbdt", "linear"]);
});
