import { type Column, Frame } from "../data/frame.js";
import { TrainingCancelledError } from "../errors.js";
import { defaultMetric, getMetric } from "../metrics/metrics.js";
import type { Predictor } from "../model.js";
import { Rng } from "../util/random.js";
import { metricClasses } from "./labels.js";

export interface PermutationOptions {
  /** Metric to score with; default the task's default metric. */
  metric?: string;
  /** Shuffles per column; the importance is their mean. Default 3. */
  repeats?: number;
  seed?: number;
  /** Rows used at most (a seeded sample of the given rows). Default 2000. */
  maxRows?: number;
  /** Columns to permute; default every input column of the frame. */
  columns?: string[];
  signal?: AbortSignal;
}

export interface PermutationImportance {
  metric: string;
  higherIsBetter: boolean;
  /** Score on the rows as given. */
  baseline: number;
  rows: number;
  repeats: number;
  /** Per column, how much worse the score gets when the column is shuffled (positive: the model uses it); best first. */
  columns: { column: string; importance: number; std: number }[];
}

/** `n` row indices out of `total`, sampled without replacement by `seed` (all of them, in order, if n ≥ total). */
export function sampleRows(total: number, n: number, seed: number): Int32Array {
  const all = Int32Array.from({ length: total }, (_, i) => i);
  if (n >= total) return all;
  const rng = new Rng(seed);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(total - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, n).sort();
}

/**
 * Permutation importance of a predictor's input columns on labelled rows (`y` encoded as `encodeLabels` does):
 * each column is shuffled in turn, `repeats` times, and the loss of score is its importance. Pass held-out rows —
 * on training rows it measures what the model memorised as much as what it learned.
 */
export function permutationImportance(
  predictor: Predictor,
  frame: Frame,
  y: Float64Array,
  options: PermutationOptions = {},
): PermutationImportance {
  const task = predictor.task;
  const metric = getMetric(options.metric ?? defaultMetric(task.kind), task.kind);
  const nClasses = metricClasses(task);
  const seed = options.seed ?? 42;
  const rows = sampleRows(frame.nRows, options.maxRows ?? 2000, seed);
  const data = rows.length === frame.nRows ? frame : frame.take(rows);
  const labels = rows.length === frame.nRows ? y : Float64Array.from(rows, (r) => y[r]);
  const score = (f: Frame) => metric.compute(labels, predictor.predictRaw(f), nClasses);
  const baseline = score(data);
  const repeats = options.repeats ?? 3;
  const rng = new Rng(seed + 1);
  const names = options.columns ?? data.names.filter((n) => n !== task.labelColumn);
  const columns = names.map((name) => {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      if (options.signal?.aborted) throw new TrainingCancelledError();
      const order = Int32Array.from({ length: data.nRows }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      const shuffled: Column = new Frame([data.column(name)]).take(order).columns[0];
      const permuted = new Frame(data.columns.map((c) => (c.name === name ? shuffled : c)));
      const s = score(permuted);
      drops.push(metric.higherIsBetter ? baseline - s : s - baseline);
    }
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const variance = drops.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, repeats - 1);
    return { column: name, importance: mean, std: Math.sqrt(variance) };
  });
  columns.sort((a, b) => b.importance - a.importance || a.column.localeCompare(b.column));
  return {
    metric: metric.name,
    higherIsBetter: metric.higherIsBetter,
    baseline,
    rows: data.nRows,
    repeats,
    columns,
  };
}
