import type { Frame } from "../data/frame.js";
import { TrainerInputError } from "../errors.js";
import { type Filter, filterRows } from "../filter/filter.js";
import { defaultMetric, getMetric } from "../metrics/metrics.js";
import { TrainedModel } from "../model.js";
import type { Params } from "../models/family.js";
import { getFamily } from "../models/registry.js";
import { Pipeline } from "../preprocess/pipeline.js";
import { holdoutSplit, kFoldIds, type Split, splitsFromFoldIds } from "../split/splits.js";
import { type ResolvedTask, resolveTask, type TaskSpec } from "../task.js";
import { concatFrames, mungeRows } from "./synthetic.js";
import type { Teacher } from "./teacher.js";

export interface DistillOptions {
  data: Frame;
  /** The label column: for the student's own score on real labels (the teacher needs none). */
  task: TaskSpec;
  teacher: Teacher;
  filter?: Filter | null;
  /** The student's family. Default `gbdt`: fast, and fits every task. */
  student?: string;
  params?: Params;
  /** Synthetic (MUNGE) rows added to the real ones for each fit. Default: as many as there are real rows. */
  synthetic?: number;
  /** Folds for the student's scores; `null` holds out 20%. Default 5. */
  nSplits?: number | null;
  randomState?: number;
  onProgress?: (message: string) => void;
}

export interface DistillResult {
  task: ResolvedTask;
  student: string;
  /** The student fitted on every real row plus synthetic rows, on the teacher's predictions. */
  model: TrainedModel;
  metric: string;
  /**
   * Out-of-fold score of the distilled student against the real labels. Optimistic when the teacher was trained on
   * these rows: what it learned about a held row reaches the student through its answers on the row's neighbours.
   */
  cvScore: number;
  foldScores: number[];
  /** The teacher's score against the real labels on the same rows (for comparison). */
  teacherScore: number;
  /** Agreement with the teacher on held-out rows: share of equal classes, or R² of the student on the teacher's values. */
  fidelity: number;
  syntheticRows: number;
  teacherRows: number;
  seconds: number;
}

/** The `rows` of a row-major matrix `width` values wide. */
function selectRows(source: Float64Array, rows: ArrayLike<number>, width: number): Float64Array {
  const out = new Float64Array(rows.length * width);
  for (let i = 0; i < rows.length; i++)
    out.set(source.subarray(rows[i] * width, rows[i] * width + width), i * width);
  return out;
}

/** Soft targets to hard labels (what families without soft-target support fit). */
function argmax(targets: Float64Array, task: ResolvedTask, n: number): Float64Array {
  if (task.kind === "regression") return targets;
  if (task.kind === "binary") return targets.map((p) => (p >= 0.5 ? 1 : 0));
  const k = task.classes.length;
  return Float64Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (targets[i * k + c] > targets[i * k + best]) best = c;
    return best;
  });
}

function fitStudent(
  frame: Frame,
  task: ResolvedTask,
  targets: Float64Array,
  family: string,
  params: Params,
  seed: number,
) {
  const f = getFamily(family);
  const pipeline = Pipeline.fit(frame, f.preprocess);
  const model = f.fit({
    x: pipeline.transform(frame),
    y: argmax(targets, task, frame.nRows),
    soft: task.kind === "regression" ? undefined : targets,
    kind: task.kind,
    nClasses: task.classes.length,
    params: { ...f.defaults, ...params },
    seed,
  });
  return new TrainedModel(task, pipeline, model, { distilled: true });
}

/** Share of rows where student and teacher pick the same class, or the student's R² on the teacher's values. */
function agreement(task: ResolvedTask, student: Float64Array, teacher: Float64Array, n: number): number {
  if (task.kind === "regression") {
    const mean = teacher.reduce((a, b) => a + b, 0) / n;
    let ss = 0;
    let tot = 0;
    for (let i = 0; i < n; i++) {
      ss += (student[i] - teacher[i]) ** 2;
      tot += (teacher[i] - mean) ** 2;
    }
    return tot > 0 ? 1 - ss / tot : 1;
  }
  const a = argmax(student, task, n);
  const b = argmax(teacher, task, n);
  let same = 0;
  for (let i = 0; i < n; i++) same += a[i] === b[i] ? 1 : 0;
  return same / n;
}

/**
 * Teacher distillation: a student learns the teacher's predictions (class probabilities as soft targets, or values)
 * on the real rows plus MUNGE-style synthetic rows, so a small fast model can stand in for a big one. Scored by
 * cross-validation — each fold's student learns only from the other folds' rows and their synthetic neighbours —
 * against the real labels (`cvScore`, beside the teacher's own score) and against the teacher (`fidelity`).
 */
export async function distill(options: DistillOptions): Promise<DistillResult> {
  const started = Date.now();
  const seed = options.randomState ?? 42;
  const student = getFamily(options.student ?? "gbdt").name;
  await getFamily(student).prepare?.();
  let data = options.data;
  if (options.filter) data = data.take(filterRows(data, options.filter));
  const resolved = resolveTask(data, options.task);
  const unlabelled = new Set(resolved.missingRows);
  const keep = Int32Array.from({ length: data.nRows }, (_, i) => i).filter((i) => !unlabelled.has(i));
  data = data.take(keep);
  const y = Float64Array.from(keep, (i) => resolved.y[i]);
  const { task } = resolved;
  if (data.nRows < 10)
    throw new TrainerInputError(`Distillation needs at least 10 labelled rows, got ${data.nRows}.`);
  const features = data.drop(task.labelColumn);
  const metric = getMetric(defaultMetric(task.kind), task.kind);
  const width = task.kind === "multiclass" ? task.classes.length : 1;
  const syntheticRows = options.synthetic ?? data.nRows;
  const progress = options.onProgress ?? (() => {});

  progress(`Asking ${options.teacher.description} about ${data.nRows} real rows`);
  const teacherReal = await options.teacher.predictRaw(features, task);
  let teacherRows = data.nRows;
  const splits: Split[] =
    options.nSplits === null
      ? [holdoutSplit(data.nRows, 0.2, seed, task.kind === "regression" ? undefined : y)]
      : splitsFromFoldIds(
          kFoldIds(data.nRows, options.nSplits ?? 5, seed, task.kind === "regression" ? undefined : y),
        );

  /** The student for some real rows: their teacher targets plus synthetic rows made from them. */
  const studentFor = async (rows: Int32Array, salt: number) => {
    const real = features.take(rows);
    const targets = selectRows(teacherReal, rows, width);
    if (syntheticRows === 0)
      return fitStudent(real, task, targets, student, options.params ?? {}, seed + salt);
    const synthetic = mungeRows(real, { rows: syntheticRows, seed: seed + salt });
    const teacherSynthetic = await options.teacher.predictRaw(synthetic, task);
    teacherRows += syntheticRows;
    const all = new Float64Array(targets.length + teacherSynthetic.length);
    all.set(targets);
    all.set(teacherSynthetic, targets.length);
    return fitStudent(concatFrames(real, synthetic), task, all, student, options.params ?? {}, seed + salt);
  };

  const foldScores: number[] = [];
  const oofStudent = new Float64Array(data.nRows * width);
  const scored = new Set<number>();
  for (const [k, split] of splits.entries()) {
    progress(
      `Fold ${k + 1}/${splits.length}: distilling ${student} from ${split.train.length} real + ${syntheticRows} synthetic rows`,
    );
    const model = await studentFor(split.train, 7919 * (k + 1));
    const pred = model.predictRaw(features.take(split.valid));
    split.valid.forEach((row, i) => {
      oofStudent.set(pred.subarray(i * width, i * width + width), row * width);
      scored.add(row);
    });
    foldScores.push(
      metric.compute(
        Float64Array.from(split.valid, (r) => y[r]),
        pred,
        task.classes.length,
      ),
    );
  }
  const rows = Int32Array.from([...scored].sort((a, b) => a - b));
  const yScored = Float64Array.from(rows, (r) => y[r]);
  const studentScored = selectRows(oofStudent, rows, width);
  const teacherScored = selectRows(teacherReal, rows, width);
  progress(`Fitting the final ${student} on all ${data.nRows} real + ${syntheticRows} synthetic rows`);
  const model = await studentFor(
    Int32Array.from({ length: data.nRows }, (_, i) => i),
    0,
  );
  return {
    task,
    student,
    model,
    metric: metric.name,
    cvScore: metric.compute(yScored, studentScored, task.classes.length),
    foldScores,
    teacherScore: metric.compute(yScored, teacherScored, task.classes.length),
    fidelity: agreement(task, studentScored, teacherScored, rows.length),
    syntheticRows,
    teacherRows,
    seconds: (Date.now() - started) / 1000,
  };
}
