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
import { Command } from "commander";
import { type CommandFactory, UsageError } from "../command.js";
import { integer } from "../options.js";

async function teacherFrom(source: string, headers: Record<string, string>): Promise<Teacher> {
  if (/^https?:\/\//.test(source)) return httpTeacher({ url: source, headers });
  if (source.endsWith(".onnx")) return onnxTeacher(await OnnxModel.load(source), source);
  return predictorTeacher(await loadModel(source), source);
}

/** `parzen distill`: trains a small student on a teacher's predictions over real and synthetic rows. */
export const distillCommand: CommandFactory = ({ io, exit }) =>
  new Command("distill")
    .summary("Distil a teacher (model dir, .onnx file or prediction URL) into a fast student model.")
    .requiredOption(
      "--teacher <dir|file.onnx|url>",
      "the teacher: a saved model, an ONNX file or a prediction URL",
    )
    .requiredOption("--data <file>", "the real rows (.csv, .csv.gz, .parquet, .json, .jsonl)")
    .requiredOption("--label <column>", "the column the teacher predicts")
    .option("--student <family>", "the student's model family (default: gbdt)")
    .option(
      "--synthetic <n>",
      "synthetic rows to label with the teacher (default: as many as real rows)",
      integer(0),
    )
    .option("--folds <k>", "folds for the student's score, or `holdout` (default: 5)")
    .option(
      "--header <name: value>",
      "a header for the teacher URL (repeatable)",
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option("--out <dir>", "save the student to DIR")
    .option("--json", "print one JSON object", false)
    .action(async (flags: DistillFlags) => {
      const headers: Record<string, string> = {};
      for (const h of flags.header) {
        const at = h.indexOf(":");
        if (at < 1) throw new UsageError(`--header must look like "Name: value", got "${h}".`);
        headers[h.slice(0, at).trim()] = h.slice(at + 1).trim();
      }
      const folds =
        flags.folds === undefined ? undefined : flags.folds === "holdout" ? null : Number(flags.folds);
      if (typeof folds === "number" && !(Number.isInteger(folds) && folds >= 2))
        throw new UsageError("--folds must be an integer ≥ 2 (or `holdout`).");
      const result = await distill({
        data: await readFrame(flags.data),
        task: { labelColumn: flags.label },
        teacher: await teacherFrom(flags.teacher, headers),
        student: flags.student,
        synthetic: flags.synthetic,
        nSplits: folds,
        onProgress: flags.json ? undefined : (m) => io.err(m),
      });
      if (flags.out) await saveModel(result.model, flags.out);
      const summary = {
        student: result.student,
        task: result.task.kind,
        metric: result.metric,
        student_cv_score: result.cvScore,
        teacher_score: result.teacherScore,
        fidelity: result.fidelity,
        synthetic_rows: result.syntheticRows,
        teacher_rows: result.teacherRows,
        model_dir: flags.out ?? null,
        seconds: result.seconds,
      };
      if (flags.json) io.out(JSON.stringify(summary));
      else {
        const regression = result.task.kind === "regression";
        io.out(
          `Student ${result.student}: ${result.metric} ${result.cvScore.toFixed(5)} out-of-fold on the real labels (the teacher: ${result.teacherScore.toFixed(5)} on the same rows, which it may have been trained on).`,
        );
        io.out(
          regression
            ? `Fidelity: R² against the teacher ${result.fidelity.toFixed(4)}.`
            : `Fidelity: agrees with the teacher on ${(result.fidelity * 100).toFixed(1)}% of held-out rows.`,
        );
        if (flags.out) io.out(`Student saved to ${flags.out}`);
      }
      exit(0);
    });

interface DistillFlags {
  teacher: string;
  data: string;
  label: string;
  student?: string;
  synthetic?: number;
  folds?: string;
  header: string[];
  out?: string;
  json?: boolean;
}
