import {
  distill,
  httpTeacher,
  loadModel,
  OnnxModel,
  onnxTeacher,
  predictorTeacher,
  readFrame,
  saveModel,
  type Teacher,
} from "@parzen/trainer";
import { type Command, UsageError } from "../command.js";

async function teacherFrom(source: string, headers: Record<string, string>): Promise<Teacher> {
  if (/^https?:\/\//.test(source)) return httpTeacher({ url: source, headers });
  if (source.endsWith(".onnx")) return onnxTeacher(await OnnxModel.load(source), source);
  return predictorTeacher(await loadModel(source), source);
}

/** `parzen distill`: trains a small student on a teacher's predictions over real and synthetic rows. */
export const distillCommand: Command = {
  name: "distill",
  summary: "Distil a teacher (model dir, .onnx file or prediction URL) into a fast student model.",
  options: {
    teacher: { type: "string" },
    data: { type: "string" },
    label: { type: "string" },
    student: { type: "string" },
    synthetic: { type: "string" },
    folds: { type: "string" },
    header: { type: "string", multiple: true },
    out: { type: "string" },
    json: { type: "boolean" },
  },
  async run({ values, io }) {
    if (!values.teacher || !values.data || !values.label) {
      throw new UsageError("--teacher DIR|FILE.onnx|URL, --data FILE and --label COLUMN are required.");
    }
    const headers: Record<string, string> = {};
    for (const h of (values.header as string[] | undefined) ?? []) {
      const at = h.indexOf(":");
      if (at < 1) throw new UsageError(`--header must look like "Name: value", got "${h}".`);
      headers[h.slice(0, at).trim()] = h.slice(at + 1).trim();
    }
    const synthetic = values.synthetic === undefined ? undefined : Number(values.synthetic);
    if (synthetic !== undefined && !(Number.isInteger(synthetic) && synthetic >= 0)) {
      throw new UsageError("--synthetic must be an integer ≥ 0.");
    }
    const folds =
      values.folds === undefined ? undefined : values.folds === "holdout" ? null : Number(values.folds);
    if (typeof folds === "number" && !(Number.isInteger(folds) && folds >= 2))
      throw new UsageError("--folds must be an integer ≥ 2 (or `holdout`).");
    const result = await distill({
      data: await readFrame(String(values.data)),
      task: { labelColumn: String(values.label) },
      teacher: await teacherFrom(String(values.teacher), headers),
      student: values.student as string | undefined,
      synthetic,
      nSplits: folds,
      onProgress: values.json ? undefined : (m) => io.err(m),
    });
    if (values.out) await saveModel(result.model, String(values.out));
    const summary = {
      student: result.student,
      task: result.task.kind,
      metric: result.metric,
      student_cv_score: result.cvScore,
      teacher_score: result.teacherScore,
      fidelity: result.fidelity,
      synthetic_rows: result.syntheticRows,
      teacher_rows: result.teacherRows,
      model_dir: values.out ?? null,
      seconds: result.seconds,
    };
    if (values.json) io.out(JSON.stringify(summary));
    else {
      io.out(
        `Student ${result.student}: ${result.metric} ${result.cvScore.toFixed(5)} out-of-fold on the real labels (the teacher: ${result.teacherScore.toFixed(5)} on the same rows, which it may have been trained on).`,
      );
      io.out(
        `Fidelity: ${result.task.kind === "regression" ? "R² against the teacher" : "agrees with the teacher on"} ${(result.fidelity * (result.task.kind === "regression" ? 1 : 100)).toFixed(result.task.kind === "regression" ? 4 : 1)}${result.task.kind === "regression" ? "" : "% of held-out rows"}.`,
      );
      if (values.out) io.out(`Student saved to ${values.out}`);
    }
    return 0;
  },
};
