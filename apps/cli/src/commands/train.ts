import { readFile } from "node:fs/promises";
import {
  type Filter,
  readFrame,
  STRATEGIES,
  type Strategy,
  saveModel,
  TASK_KINDS,
  type TaskKind,
  type TrainResult,
  train,
} from "@parzen/trainer";
import { Command, Option } from "commander";
import { type CommandFactory, UsageError } from "../command.js";
import { printLeaderboard } from "../leaderboard.js";
import { integer, list } from "../options.js";
import { progressLine } from "../progress-bar.js";

interface TrainFlags {
  data: string;
  label: string;
  task?: TaskKind;
  models?: string[];
  metric?: string;
  metrics?: string[];
  folds?: string;
  foldsFile?: string;
  filter?: string;
  seed: number;
  out?: string;
  json?: boolean;
  strategy: Strategy;
  trials: number;
  ensemble?: boolean;
  gridSize?: number;
  workers?: number;
  resume?: string;
  pruning?: boolean;
}

async function readFolds(path: string): Promise<Float64Array> {
  const frame = await readFrame(path);
  if (!frame.has("fold")) throw new UsageError(`--folds-file ${path} has no "fold" column.`);
  const column = frame.column("fold");
  if (column.kind === "categorical")
    throw new UsageError(`--folds-file ${path}: the "fold" column must hold integers.`);
  return column.values;
}

function gridSize(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new UsageError("--grid-size must be in (0, 1].");
  return n;
}

/** `parzen train`: cross-validates model families on a file and prints the leaderboard. */
export const trainCommand: CommandFactory = (context) =>
  new Command("train")
    .summary("Cross-validate models on a CSV/Parquet/JSON file and print the leaderboard.")
    .description(
      "Cross-validates the model families on a table (.csv, .csv.gz, .tsv, .parquet, .json, .jsonl, .jsonl.gz), " +
        "searches their hyper-parameters and prints the leaderboard (or --json). Ctrl-C stops; with --resume DIR " +
        "the same command picks up where it stopped.",
    )
    .requiredOption("--data <file>", "the table to train on")
    .requiredOption("--label <column>", "the column to predict")
    .addOption(
      new Option("--task <kind>", "task kind (default: inferred from the label)").choices(TASK_KINDS),
    )
    .option(
      "--models <list>",
      "model families, comma-separated (default: chosen from the data's shape)",
      list,
    )
    .option("--metric <name>", "the selection metric (default: auc, logloss or rmse by task)")
    .option("--metrics <list>", "several metrics, the first selects (Pareto front with --grid-size)", list)
    .option("--folds <k>", "cross-validation folds, or `holdout` for one 80/20 split (default: 5)")
    .option("--folds-file <file>", "a table with a `fold` column: one fold id per row (instead of --folds)")
    .option("--filter <json>", "rows to train on, as JSON or @file.json")
    .option("--seed <n>", "random seed", integer(0), 42)
    .addOption(
      new Option("--strategy <name>", "search strategy: optuna (canonical) or tpe (the same TPE), or random")
        .choices(STRATEGIES)
        .default("optuna"),
    )
    .option("--trials <n>", "trials per model family (trial 0 is the family's defaults)", integer(1), 1)
    .option("--ensemble", "blend all trials into a Caruana ensemble", false)
    .option("--grid-size <g>", "simplex step for multi-metric selections, in (0, 1]", gridSize)
    .option("--workers <n>", "trial threads (default: one per core)", integer(1))
    .option("--resume <dir>", "journal the trials in DIR; run the same command again to resume")
    .option("--pruning", "stop hopeless trials early (median rule across folds)", false)
    .option("--out <dir>", "save the model to DIR")
    .option("--json", "print one JSON object instead of the table", false)
    .action(async (flags: TrainFlags) => context.exit(await runTrain(flags, context)));

async function runTrain(flags: TrainFlags, context: Parameters<CommandFactory>[0]): Promise<number> {
  const { io, signal } = context;
  context.resumeHint = flags.resume
    ? `Run the same command again to resume from ${flags.resume}.`
    : "Add --resume DIR to make a run resumable, then run it again to continue.";
  if (flags.folds && flags.foldsFile) throw new UsageError("Use --folds K or --folds-file FILE, not both.");
  let nSplits: number | null | undefined;
  if (flags.folds !== undefined) {
    nSplits = flags.folds === "holdout" ? null : Number(flags.folds);
    if (nSplits !== null && (!Number.isInteger(nSplits) || nSplits < 2)) {
      throw new UsageError("--folds must be an integer ≥ 2 (or `holdout`).");
    }
  }
  let filter: Filter | undefined;
  if (flags.filter) {
    try {
      const text = flags.filter.startsWith("@")
        ? await readFile(flags.filter.slice(1), "utf8")
        : flags.filter;
      filter = JSON.parse(text) as Filter;
    } catch {
      throw new UsageError("--filter must be JSON (or @file.json).");
    }
  }
  const data = await readFrame(flags.data);
  const folds = flags.foldsFile ? await readFolds(flags.foldsFile) : undefined;
  const bar = flags.json ? progressLine(undefined) : progressLine(io.terminal);
  context.onInterrupt = () => bar.clear();
  const result: TrainResult = await train({
    data,
    task: { labelColumn: flags.label, taskKind: flags.task },
    filter,
    modelTypes: flags.models,
    metrics: flags.metrics ?? (flags.metric ? [flags.metric] : undefined),
    nSplits,
    folds,
    randomState: flags.seed,
    strategy: flags.strategy,
    nTrials: flags.trials,
    ensemble: Boolean(flags.ensemble),
    gridSize: flags.gridSize,
    workers: flags.workers,
    journal: flags.resume,
    pruning: Boolean(flags.pruning),
    signal,
    onProgress: (event) => {
      bar.update({
        fraction: event.totalSteps > 0 ? event.step / event.totalSteps : 0,
        message: event.message,
        best: event.bestScore,
        elapsedMs: event.elapsedMs,
      });
      if (event.phase === "done") bar.done();
    },
  });
  const saved = flags.out ? await saveModel(result.model, flags.out) : undefined;
  if (flags.json) {
    io.out(JSON.stringify(jsonSummary(result, flags.out)));
    return 0;
  }
  printLeaderboard(result, io);
  if (saved) io.out(`Model saved to ${flags.out}`);
  return 0;
}

/** The `--json` answer: the result in snake_case, without the model. */
function jsonSummary(result: TrainResult, out: string | undefined) {
  const best = result.leaderboard[0];
  const weights = (w: { trialId: string; modelType: string; weight: number }[]) =>
    w.map((x) => ({ trial_id: x.trialId, model_type: x.modelType, weight: x.weight }));
  return {
    task: result.task.kind,
    label: result.task.labelColumn,
    classes: result.task.classes,
    task_inferred: result.task.inferred,
    metric: result.metric,
    // The saved model's score: the kept ensemble's nested score, else the best single trial's.
    cv_score: result.cvScore,
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
      kept: result.ensemble.kept,
      weights: weights(result.ensemble.weights),
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
      ensemble: s.ensemble && weights(s.ensemble),
      scores: s.scores,
    })),
    rows: result.nRows,
    model_dir: out ?? null,
    seconds: result.seconds,
  };
}
