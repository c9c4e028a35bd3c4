import { asNumbers, asStrings } from "../data/convert.js";
import type { Column } from "../data/frame.js";
import { TrainerInputError } from "../errors.js";
import type { PredictionSet } from "../model.js";
import type { ResolvedTask } from "../task.js";

/**
 * Encodes a label column the way a trained model's task does (class indices in `task.classes` order, or values),
 * keeping only labelled rows. A class the model never saw is an error naming the row and the value.
 */
export function encodeLabels(task: ResolvedTask, column: Column): { y: Float64Array; rows: Int32Array } {
  const n = column.kind === "categorical" ? column.codes.length : column.values.length;
  const y = new Float64Array(n);
  const rows = new Int32Array(n);
  let kept = 0;
  if (task.kind === "regression") {
    const values = asNumbers(column);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(values[i])) continue;
      y[kept] = values[i];
      rows[kept++] = i;
    }
    return { y: y.slice(0, kept), rows: rows.slice(0, kept) };
  }
  const index = new Map(task.classes.map((c, i) => [c, i]));
  const names = asStrings(column);
  for (let i = 0; i < n; i++) {
    const name = names[i];
    if (name === null) continue;
    const k = index.get(name) ?? index.get(normaliseNumber(name));
    if (k === undefined) {
      throw new TrainerInputError(
        `Row ${i + 1}: label "${name}" in column "${column.name}" is not a class of the model (${task.classes.join(", ")}).`,
        { column: column.name, row: i + 1 },
      );
    }
    y[kept] = k;
    rows[kept++] = i;
  }
  return { y: y.slice(0, kept), rows: rows.slice(0, kept) };
}

/** "1.0" and "1" name the same numeric class. */
function normaliseNumber(name: string): string {
  const n = Number(name);
  return name.trim() !== "" && Number.isFinite(n) ? String(n) : name;
}

/**
 * What metrics score, from predictions in user terms: values (regression), P(class 1) (binary) or row-major class
 * probabilities (multiclass), for the given rows only (all rows when omitted).
 */
export function predictionScores(set: PredictionSet, rows?: ArrayLike<number>): Float64Array {
  const n = set.predictions.length;
  const pick = rows ?? Int32Array.from({ length: n }, (_, i) => i);
  if (set.task === "regression") return Float64Array.from(pick, (r) => Number(set.predictions[r]));
  const k = set.classes.length;
  const p = set.probabilities as Float64Array;
  if (set.task === "binary") return Float64Array.from(pick, (r) => p[r * 2 + 1]);
  const out = new Float64Array(pick.length * k);
  for (let i = 0; i < pick.length; i++) out.set(p.subarray(pick[i] * k, pick[i] * k + k), i * k);
  return out;
}

/** The `nClasses` argument metrics take for a task: 1 for regression, else the number of classes. */
export function metricClasses(task: Pick<ResolvedTask, "kind" | "classes">): number {
  return task.kind === "regression" ? 1 : task.classes.length;
}
