import { type Frame, isMissing } from "./data/frame.js";
import { TrainerInputError } from "./errors.js";

export type TaskKind = "regression" | "binary" | "multiclass";
export const TASK_KINDS: readonly TaskKind[] = ["regression", "binary", "multiclass"];

/** What to predict: the label column, and the kind of task (inferred when left out). */
export interface TaskSpec {
  labelColumn: string;
  taskKind?: TaskKind;
}

/** A task resolved against data: the encoded label and, for classification, its classes. */
export interface ResolvedTask {
  kind: TaskKind;
  labelColumn: string;
  /** Class names in index order (classification only). */
  classes: string[];
  /** Whether `kind` was inferred, and why. */
  inferred: boolean;
  reason: string;
}

/** The most distinct integer values a numeric label may have and still be read as classes. */
const MAX_INFERRED_CLASSES = 10;

/**
 * Resolves the task against the frame and encodes the label: regression values, or class indices 0..K-1.
 * Rows with a missing label are reported in `missingRows` so the caller can drop them.
 */
export function resolveTask(
  frame: Frame,
  spec: TaskSpec,
): { task: ResolvedTask; y: Float64Array; missingRows: number[] } {
  if (!spec || typeof spec.labelColumn !== "string" || spec.labelColumn === "") {
    throw new TrainerInputError("task.label_column is required.", { path: "task.label_column" });
  }
  if (!frame.has(spec.labelColumn)) {
    throw new TrainerInputError(
      `Label column "${spec.labelColumn}" is not in the data. Columns: ${frame.names.join(", ")}.`,
      { path: "task.label_column", column: spec.labelColumn },
    );
  }
  if (spec.taskKind !== undefined && !TASK_KINDS.includes(spec.taskKind)) {
    throw new TrainerInputError(`task.task_kind "${spec.taskKind}" is not one of ${TASK_KINDS.join(", ")}.`, {
      path: "task.task_kind",
    });
  }
  const column = frame.column(spec.labelColumn);
  const missingRows: number[] = [];
  for (let r = 0; r < frame.nRows; r++) if (isMissing(column, r)) missingRows.push(r);
  const present = frame.nRows - missingRows.length;
  if (present === 0) {
    throw new TrainerInputError(`Label column "${column.name}" has no values.`, { column: column.name });
  }

  const y = new Float64Array(frame.nRows);
  if (column.kind === "categorical") {
    if (spec.taskKind === "regression") {
      const bad = firstNonNumeric(column.codes, column.categories);
      if (bad !== undefined) {
        throw new TrainerInputError(
          `Regression needs a numeric label, but column "${column.name}" holds "${column.categories[column.codes[bad]]}" at row ${bad + 1}.`,
          { column: column.name, row: bad + 1 },
        );
      }
      for (let r = 0; r < y.length; r++)
        y[r] = column.codes[r] < 0 ? Number.NaN : Number(column.categories[column.codes[r]]);
      return { task: explicit(spec, column.name, []), y, missingRows };
    }
    // Classes in sorted order so that the encoding does not depend on row order.
    const used = [...new Set(Array.from(column.codes).filter((c) => c >= 0))]
      .map((c) => column.categories[c])
      .sort();
    const index = new Map(used.map((name, i) => [name, i]));
    for (let r = 0; r < y.length; r++) {
      const code = column.codes[r];
      y[r] = code < 0 ? Number.NaN : index.get(column.categories[code])!;
    }
    return { task: classification(spec, column.name, used, "the label holds text"), y, missingRows };
  }

  const values = column.values;
  const distinct = new Set<number>();
  let integral = true;
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) integral = false;
    if (distinct.size <= MAX_INFERRED_CLASSES) distinct.add(v);
  }
  const looksCategorical =
    column.kind === "boolean" ||
    (integral && distinct.size <= MAX_INFERRED_CLASSES && distinct.size < present / 2);
  const kind =
    spec.taskKind ?? (looksCategorical ? (distinct.size <= 2 ? "binary" : "multiclass") : "regression");
  if (kind === "regression") {
    y.set(values);
    const reason = spec.taskKind ? "given" : "the label is numeric with many distinct values";
    return {
      task: { kind, labelColumn: column.name, classes: [], inferred: !spec.taskKind, reason },
      y,
      missingRows,
    };
  }
  const sorted = [...new Set(Array.from(values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const index = new Map(sorted.map((v, i) => [v, i]));
  for (let r = 0; r < y.length; r++) y[r] = Number.isNaN(values[r]) ? Number.NaN : index.get(values[r])!;
  const names = sorted.map((v) => (column.kind === "boolean" ? String(v === 1) : String(v)));
  return {
    task: classification(spec, column.name, names, `the label has ${sorted.length} distinct integer values`),
    y,
    missingRows,
  };
}

function explicit(spec: TaskSpec, label: string, classes: string[]): ResolvedTask {
  return { kind: spec.taskKind!, labelColumn: label, classes, inferred: false, reason: "given" };
}

function classification(spec: TaskSpec, label: string, classes: string[], why: string): ResolvedTask {
  if (classes.length < 2) {
    throw new TrainerInputError(
      `Label column "${label}" has a single class (${JSON.stringify(classes[0])}); classification needs at least two.`,
      { column: label },
    );
  }
  const inferredKind: TaskKind = classes.length === 2 ? "binary" : "multiclass";
  const kind = spec.taskKind ?? inferredKind;
  if (kind === "binary" && classes.length > 2) {
    throw new TrainerInputError(
      `task_kind "binary" needs two classes, but "${label}" has ${classes.length}: ${classes.slice(0, 10).join(", ")}.`,
      { column: label },
    );
  }
  return {
    kind,
    labelColumn: label,
    classes,
    inferred: !spec.taskKind,
    reason: spec.taskKind ? "given" : `${why}: ${classes.length} classes`,
  };
}

function firstNonNumeric(codes: Int32Array, categories: string[]): number | undefined {
  const bad = categories.map((c) => c.trim() === "" || !Number.isFinite(Number(c)));
  for (let r = 0; r < codes.length; r++) if (codes[r] >= 0 && bad[codes[r]]) return r;
  return undefined;
}
