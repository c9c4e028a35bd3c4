/** The shapes of a dataset profile (`profile.ts` computes them; the spec's `DatasetProfile`). */
import type { ColumnType } from "./columns.js";

/** Location, spread and shape of a numeric column (over its non-missing values). */
export interface NumericSummary {
  min: number;
  max: number;
  mean: number;
  std: number | null;
  q1: number;
  median: number;
  q3: number;
  skewness: number | null;
  zero_count: number;
  negative_count: number;
  /** Values beyond Q1 − 1.5·IQR or Q3 + 1.5·IQR. */
  outlier_count: number;
  outlier_rate: number;
}

/** What the profile says of one column. */
export interface ColumnProfile {
  name: string;
  type: ColumnType;
  missing_count: number;
  missing_rate: number;
  distinct_count: number;
  /** Distinct values per non-missing value: 1 for a column whose every value is different. */
  distinct_rate: number;
  constant: boolean;
  /** Every value different and text or a near-sequence of integers (or named like an id): an identifier. */
  id_like: boolean;
  numeric: NumericSummary | null;
  top_values: { value: string; count: number }[] | null;
  datetime_range: { min: string; max: string } | null;
}

/** Something in the data a person (or the agentic run) should know before training on it. */
export interface ProfileFinding {
  kind:
    | "constant"
    | "id_like"
    | "high_missing"
    | "duplicates"
    | "skewed"
    | "outliers"
    | "leakage"
    | "class_imbalance"
    | "rare_classes";
  column: string | null;
  severity: "info" | "warning";
  message: string;
}

/** A dataset version's profile; `label` and its findings are present when a label column was named. */
export interface DatasetProfile {
  row_count: number;
  column_count: number;
  /** Rows the figures were computed on (all of them unless `sampled`). */
  profiled_rows: number;
  sampled: boolean;
  duplicate_row_count: number;
  duplicate_row_rate: number;
  columns: ColumnProfile[];
  label: LabelProfile | null;
  findings: ProfileFinding[];
}

/** What the data says about a candidate label column. */
export interface LabelProfile {
  column: string;
  /** The task the trainer would infer; null when the column holds a single value (nothing to predict). */
  task_kind: "regression" | "binary" | "multiclass" | null;
  reason: string;
  missing_count: number;
  /** Classes by frequency (classification only). */
  classes: { value: string; count: number; rate: number }[] | null;
  /** Most frequent class count over least frequent (classification only). */
  imbalance_ratio: number | null;
  /** Columns that predict the label suspiciously well on their own, strongest first. */
  leakage_suspects: { column: string; score: number; reason: string }[];
}

/** A rate as a percentage with one decimal. */
export const pct = (rate: number) => `${(100 * rate).toFixed(1)}%`;
