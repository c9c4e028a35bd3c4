import { readFile } from "node:fs/promises";
import {
  type Filter,
  readFrame,
  STRATEGIES,
  type Strategy,
  saveModel,
  TASK_KINDS,
  type TaskKind,
  train,
} from "@parzen/trainer";
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
    strategy: { type: "string" },
    trials: { type: "string" },
    ensemble: { type: "boolean" },
    "grid-size": { type: "string" },
    workers: { type: "string" },
    resume: { type: "string" },
    pruning: { type: "boolean" },
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
    const integer = (flag: string, min: number) => {
      if (values[flag] === undefined) return undefined;
      const n = Number(values[flag]);
      if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer ≥ ${min}.`);
      return n;
    };
    const strategy = values.strategy as Strategy | undefined;
    if (strategy && !STRATEGIES.includes(strategy))
      throw new UsageError(`--strategy must be one of ${STRATEGIES.join(", ")}.`);
    const gridSize = values["grid-size"] === undefined ? undefined : Number(values["grid-size"]);
    if (gridSize !== undefined && !(gridSize > 0 && gridSize <= 1))
      throw new UsageError("--grid-size must be in (0, 1].");
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
      strategy,
      nTrials: integer("trials", 1),
      ensemble: Boolean(values.ensemble),
      gridSize,
      workers: integer("workers", 1),
      journal: values.resume as string | undefined,
      pruning: Boolean(values.pruning),
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
          strategy: result.strategy,
          trials_per_model: result.nTrials,
          best_trial: result.bestTrial,
          ensemble: result.ensemble && {
            cv_score: result.ensemble.cvScore,
            in_sample_score: result.ensemble.inSampleScore,
            best_single_score: result.ensemble.bestSingleScore,
            weights: result.ensemble.weights.map((w) => ({
              trial_id: w.trialId,
              model_type: w.modelType,
              weight: w.weight,
            })),
          },
          pareto: result.pareto?.front.map((p) => ({
            trial_id: p.trialId,
            model_type: p.modelType,
            scores: p.scores,
          })),
          selections: result.pareto?.selections?.map((s) => ({
            weights: s.weights,
            trial_id: s.trialId,
            model_type: s.modelType,
            ensemble: s.ensemble?.map((w) => ({
              trial_id: w.trialId,
              model_type: w.modelType,
              weight: w.weight,
            })),
            scores: s.scores,
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
