import { TrainerInputError, TrainingCancelledError } from "../errors.js";
import { isBetter } from "../metrics/metrics.js";
import { FileJournal } from "../search/journal.js";
import { runMatrix } from "../search/matrix.js";
import { finalModel } from "./final-model.js";
import { claimJournalDirectory, runFingerprint } from "./fingerprint.js";
import { buildLeaderboard, trialRanking } from "./leaderboard.js";
import { multiMetricReport } from "./multi-metric.js";
import type { TrainOptions } from "./options.js";
import { DEFAULT_SEED, prepare, validateSearch } from "./prepare.js";
import type { ProgressEvent } from "./progress.js";
import type { TrainResult } from "./result.js";

/**
 * Runs the model matrix — `nTrials` cross-validated trials per family, searched by TPE or at random, with
 * leak-free preprocessing inside every fold — then selects: the best trial refitted on all rows, or a Caruana
 * ensemble of the stage-1 trials. Reports per-family leaderboard, every trial, and the Pareto set for several metrics.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const started = Date.now();
  const seed = options.randomState ?? DEFAULT_SEED;
  const emit = (event: Omit<ProgressEvent, "elapsedMs">) =>
    options.onProgress?.({ ...event, elapsedMs: Date.now() - started });
  emit({ phase: "prepare", step: 0, totalSteps: 0, message: "Preparing data" });
  const { strategy, nTrials } = validateSearch(options);
  const prepared = prepare(options, seed);
  const { data, families } = prepared;
  await Promise.all(families.map((f) => f.prepare?.()));
  const primary = data.metrics[0];
  if (typeof options.journal === "string") claimJournalDirectory(options.journal, runFingerprint(options));
  const journal =
    typeof options.journal === "string"
      ? new FileJournal(`${options.journal}/trials.jsonl`)
      : options.journal;

  const totalSteps = families.length * nTrials + 1;
  let best: number | undefined;
  const library = await runMatrix(data, {
    families,
    fixed: prepared.fixed,
    nTrials,
    strategy,
    seed,
    workers: options.workers,
    executor: options.executor,
    journal,
    pruning: options.pruning,
    signal: options.signal,
    onTrial: (entry, done, total) => {
      if (entry.state === "complete" && (best === undefined || isBetter(primary, entry.value, best)))
        best = entry.value;
      emit({
        phase: "cv",
        model: entry.modelType,
        trial: entry.number,
        trials: nTrials,
        step: done,
        totalSteps: total + 1,
        bestScore: best,
        message: `${entry.modelType}: trial ${entry.number + 1}/${nTrials}`,
      });
    },
  });
  if (options.signal?.aborted) throw new TrainingCancelledError();

  const complete = library.filter((e) => e.state === "complete");
  if (complete.length === 0)
    throw new TrainerInputError("Every trial failed: no model could be scored on this data.");
  const leaderboard = buildLeaderboard(families, library, primary);
  const winner = [...complete].sort(trialRanking(primary))[0];

  emit({
    phase: "refit",
    model: winner.modelType,
    step: totalSteps - 1,
    totalSteps,
    bestScore: best,
    message: "Selecting and refitting",
  });
  await new Promise<void>((resolve) => setImmediate(resolve));
  const { model, cvScore, ensemble } = finalModel(data, complete, winner, options, seed);
  const pareto =
    data.metrics.length > 1
      ? multiMetricReport(data, complete, options.gridSize ?? null, Boolean(options.ensemble), seed)
      : undefined;
  emit({
    phase: "done",
    model: winner.modelType,
    step: totalSteps,
    totalSteps,
    bestScore: best,
    message: "Done",
  });

  const oof: Record<string, Float64Array> = {};
  for (const entry of leaderboard) oof[entry.modelType] = complete.find((e) => e.id === entry.trialId)!.oof;
  return {
    task: data.task,
    metric: primary.name,
    higherIsBetter: primary.higherIsBetter,
    metrics: data.metrics.map((m) => m.name),
    leaderboard,
    trials: library.map((e) => ({
      id: e.id,
      modelType: e.modelType,
      number: e.number,
      params: e.params,
      state: e.state,
      scores: e.scores,
      seconds: e.seconds,
    })),
    bestTrial: winner.id,
    oof,
    model,
    cvScore,
    ensemble,
    pareto,
    modelTypes: families.map((f) => f.name),
    modelTypesReason: prepared.reason,
    strategy,
    nTrials,
    nRows: data.y.length,
    filteredOut: prepared.filteredOut,
    missingLabelRows: prepared.missingLabelRows,
    seconds: (Date.now() - started) / 1000,
  };
}
