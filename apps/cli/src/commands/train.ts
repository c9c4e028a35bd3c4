import { readFile } from "node:fs/promises";
import { type Filter, readFrame, saveModel, TASK_KINDS, type TaskKind, train } from "@parzen/trainer";
import { type Command, UsageError } from "../command.js";
import { printLeaderboard } from "../leaderboard.js";
import { progressBar } from "../progress-bar.js";

function list(value: unknown): string[] | undefined {
  return typeof value === "string"
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

async function readFolds(path: string): Promise<Float64Array> {
  const frame = await readFrame(path);
  if (!frame.has("fold")) throw new UsageError(`--folds-file ${path} has no "fold" column.`);
  const column = frame.column("fold");
  if (column.kind === "categorical")
    throw new UsageError(`--folds-file ${path}: the "fold" column must hold integers.`);
  return column.values;
}

/** `parzen train`: cross-validates model families on a file and prints the leaderboard. */
export const trainCommand: Command = {
  name: "train",
  summary: "Cross-validate models on a CSV/Parquet/JSON file and print the leaderboard.",
  options: {
    data: { type: "string" },
    label: { type: "string" },
    task: { type: "string" },
    models: { type: "string" },
    metric: { type: "string" },
    metrics: { type: "string" },
    folds: { type: "string" },
    "folds-file": { type: "string" },
    filter: { type: "string" },
    seed: { type: "string" },
    out: { type: "string" },
    json: { type: "boolean" },
  },
  async run({ values, io, signal }) {
    const dataPath = values.data as string | undefined;
    const label = values.label as string | undefined;
    if (!dataPath || !label) throw new UsageError("--data FILE and --label COLUMN are required.");
    const task = values.task as TaskKind | undefined;
    if (task && !TASK_KINDS.includes(task))
      throw new UsageError(`--task must be one of ${TASK_KINDS.join(", ")}.`);
    if (values.folds && values["folds-file"])
      throw new UsageError("Use --folds K or --folds-file FILE, not both.");
    const seed = values.seed === undefined ? 42 : Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError("--seed must be an integer.");
    let nSplits: number | null | undefined;
    if (values.folds !== undefined) {
      nSplits = values.folds === "holdout" ? null : Number(values.folds);
      if (nSplits !== null && (!Number.isInteger(nSplits) || nSplits < 2)) {
        throw new UsageError("--folds must be an integer ≥ 2 (or `holdout`).");
      }
    }
    let filter: Filter | undefined;
    if (values.filter) {
      const text = String(values.filter);
      try {
        filter = JSON.parse(text.startsWith("@") ? await readFile(text.slice(1), "utf8") : text) as Filter;
      } catch {
        throw new UsageError("--filter must be JSON (or @file.json).");
      }
    }
    const data = await readFrame(dataPath);
    const folds = values["folds-file"] ? await readFolds(String(values["folds-file"])) : undefined;
    const result = await train({
      data,
      task: { labelColumn: label, taskKind: task },
      filter,
      modelTypes: list(values.models),
      metrics: list(values.metrics) ?? list(values.metric),
      nSplits,
      folds,
      randomState: seed,
      signal,
      onProgress: values.json ? undefined : progressBar((t) => process.stderr.write(t), io.interactive),
    });
    const saved = values.out ? await saveModel(result.model, String(values.out)) : undefined;
    const best = result.leaderboard[0];
    if (values.json) {
      io.out(
        JSON.stringify({
          task: result.task.kind,
          label: result.task.labelColumn,
          classes: result.task.classes,
          task_inferred: result.task.inferred,
          metric: result.metric,
          cv_score: best.cvScore,
          best_model: best.modelType,
          leaderboard: result.leaderboard.map((e) => ({
            model_type: e.modelType,
            params: e.params,
            cv_score: e.cvScore,
            scores: e.scores,
            fold_scores: e.foldScores,
            fit_seconds: e.fitSeconds,
          })),
          rows: result.nRows,
          model_dir: values.out ?? null,
          seconds: result.seconds,
        }),
      );
      return 0;
    }
    printLeaderboard(result, io);
    if (saved) io.out(`Model saved to ${values.out}`);
    return 0;
  },
};
