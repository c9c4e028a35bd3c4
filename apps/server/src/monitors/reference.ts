import { asEpochMs, asNumbers, asStrings, type Column, type Frame } from "@parzen/trainer";
import {
  binCounts,
  chiSquaredTest,
  ksTwoSample,
  psi,
  quantile,
  quantileEdges,
  sortedFinite,
} from "./drift.js";

/** How a feature's drift is measured: its statistic and the threshold that makes it drifted. */
export interface DriftRule {
  column: string;
  kind: "numeric" | "categorical";
  statistic: "psi" | "ks" | "chi_squared";
  /** `psi`: drifted above it; `ks` and `chi_squared`: drifted when the p-value is below it. */
  threshold: number;
}

/** A numeric feature's reference: quantile bin edges with their counts (+ missing), and sorted values for KS. */
export interface NumericReference {
  column: string;
  kind: "numeric";
  rows: number;
  missing: number;
  edges: number[];
  counts: number[];
  /** Up to `KS_VALUES` evenly spaced order statistics of the reference values. */
  values: number[];
}

/** A categorical feature's reference: its most frequent categories, then "other", then missing. */
export interface CategoricalReference {
  column: string;
  kind: "categorical";
  rows: number;
  missing: number;
  categories: string[];
  counts: number[];
}

export type FeatureReference = NumericReference | CategoricalReference;

/** The drift of one feature in a batch (the spec's `FeatureDrift`). */
export interface FeatureDrift {
  column: string;
  kind: "numeric" | "categorical";
  statistic: DriftRule["statistic"];
  value: number | null;
  p_value: number | null;
  threshold: number;
  drifted: boolean;
  batch_rows: number;
  missing_rate: number;
  reference_missing_rate: number;
}

/** Reference values kept per numeric feature for KS: enough for the test, small enough to store. */
const KS_VALUES = 2000;
/** Categories kept per categorical feature; the rest share one "other" bin. */
const MAX_CATEGORIES = 50;

/** A column's values as numbers; datetimes (and date text) as epoch milliseconds. */
function numbersOf(column: Column): Float64Array {
  if (column.kind !== "categorical") return column.values;
  const numbers = asNumbers(column);
  if (numbers.some((v) => !Number.isNaN(v))) return numbers;
  return asEpochMs(column);
}

/** The kind a column is watched as: text and booleans by category, everything else by value. */
export function watchedKind(column: Column): "numeric" | "categorical" {
  return column.kind === "categorical" || column.kind === "boolean" ? "categorical" : "numeric";
}

/** Builds a feature's reference from the reference rows (`bins` quantile bins for numbers). */
export function buildReference(
  column: Column,
  kind: "numeric" | "categorical",
  bins: number,
): FeatureReference {
  const rows = column.kind === "categorical" ? column.codes.length : column.values.length;
  if (kind === "numeric") {
    const values = numbersOf(column);
    const sorted = sortedFinite(values);
    const edges = quantileEdges(sorted, bins);
    const keep = Math.min(KS_VALUES, sorted.length);
    return {
      column: column.name,
      kind,
      rows,
      missing: rows - sorted.length,
      edges: Array.from(edges),
      counts: Array.from(binCounts(values, edges)),
      values: Array.from({ length: keep }, (_, i) => quantile(sorted, keep === 1 ? 0 : i / (keep - 1))),
    };
  }
  const strings = asStrings(column);
  const frequency = new Map<string, number>();
  let missing = 0;
  for (const s of strings) {
    if (s === null) missing++;
    else frequency.set(s, (frequency.get(s) ?? 0) + 1);
  }
  const categories = [...frequency.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_CATEGORIES)
    .map(([c]) => c);
  return {
    column: column.name,
    kind,
    rows,
    missing,
    categories,
    counts: categoryCounts(strings, categories),
  };
}

/** Counts per category, then "other", then missing. */
function categoryCounts(strings: (string | null)[], categories: string[]): number[] {
  const index = new Map(categories.map((c, i) => [c, i]));
  const counts = new Array(categories.length + 2).fill(0);
  for (const s of strings) counts[s === null ? categories.length + 1 : (index.get(s) ?? categories.length)]++;
  return counts;
}

/** Measures one feature of a batch against its reference with the rule's statistic. */
export function featureDrift(reference: FeatureReference, column: Column, rule: DriftRule): FeatureDrift {
  const rows = column.kind === "categorical" ? column.codes.length : column.values.length;
  let current: number[] | Float64Array;
  let present: number;
  let value: number;
  let pValue: number | null = null;
  if (reference.kind === "numeric") {
    const values = numbersOf(column);
    current = binCounts(values, Float64Array.from(reference.edges));
    present = rows - current[current.length - 1];
    if (rule.statistic === "ks") {
      const ks = ksTwoSample(Float64Array.from(reference.values), sortedFinite(values));
      value = ks.statistic;
      pValue = ks.pValue;
    } else value = psi(reference.counts, current);
  } else {
    current = categoryCounts(asStrings(column), reference.categories);
    present = rows - current[current.length - 1];
    if (rule.statistic === "chi_squared") {
      const test = chiSquaredTest(reference.counts, current);
      value = test.statistic;
      pValue = test.pValue;
    } else value = psi(reference.counts, current);
  }
  const measurable = rows > 0 && !Number.isNaN(value);
  const drifted =
    measurable && (rule.statistic === "psi" ? value > rule.threshold : (pValue as number) < rule.threshold);
  return {
    column: reference.column,
    kind: reference.kind,
    statistic: rule.statistic,
    value: measurable ? value : null,
    p_value: measurable && pValue !== null && !Number.isNaN(pValue) ? pValue : null,
    threshold: rule.threshold,
    drifted,
    batch_rows: present,
    missing_rate: rows > 0 ? (rows - present) / rows : 0,
    reference_missing_rate: reference.rows > 0 ? reference.missing / reference.rows : 0,
  };
}

/** Default thresholds: PSI above 0.2, or a KS / chi-squared p-value below 0.01. */
export const DEFAULT_THRESHOLDS = { psi: 0.2, ks: 0.01, chi_squared: 0.01 } as const;

/**
 * Drift of every shared column between two frames (two dataset versions, say): PSI for all columns unless
 * `numeric` / `categorical` name another statistic. What agents' `drift-check` runs.
 * @example compareFrames(v1, v2, { numeric: "ks" }).filter((d) => d.drifted)
 */
export function compareFrames(
  reference: Frame,
  current: Frame,
  options: {
    columns?: string[];
    numeric?: "psi" | "ks";
    categorical?: "psi" | "chi_squared";
    thresholds?: Partial<Record<DriftRule["statistic"], number>>;
    bins?: number;
  } = {},
): FeatureDrift[] {
  const names = options.columns ?? reference.names.filter((n) => current.has(n));
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  return names.map((name) => {
    const column = reference.column(name);
    const kind = watchedKind(column);
    const statistic = kind === "numeric" ? (options.numeric ?? "psi") : (options.categorical ?? "psi");
    const ref = buildReference(column, kind, options.bins ?? 10);
    return featureDrift(ref, current.column(name), {
      column: name,
      kind,
      statistic,
      threshold: thresholds[statistic],
    });
  });
}
