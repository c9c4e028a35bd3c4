import { availableParallelism } from "node:os";
import { TrainingCancelledError } from "../errors.js";
import type { ModelFamily, Params, SearchSpace } from "../models/family.js";
import { evaluateTrial, type TrialData, type TrialOutcome } from "../train/evaluate.js";
import type { TrialJournal, TrialRecord } from "./journal.js";
import { medianPruneRule, medianThresholds } from "./pruning.js";
import { randomSampler, type Sampler } from "./sampler.js";
import { Study } from "./study.js";
import { tpeSampler } from "./tpe.js";
import { type TrialJob, TrialPool } from "./trial-pool.js";

export type Strategy = "tpe" | "optuna" | "random";
export const STRATEGIES: readonly Strategy[] = ["optuna", "tpe", "random"];

/** The sampler behind a strategy name: `optuna` and `tpe` are TPE, `random` is random search. */
export function samplerFor(strategy: Strategy): Sampler {
  return strategy === "random" ? randomSampler : tpeSampler();
}

/** One finished trial of the stage-1 library: its configuration, scores and out-of-fold predictions. */
export interface LibraryEntry {
  /** `<model_type>#<number>`. */
  id: string;
  modelType: string;
  number: number;
  params: Params;
  seed: number;
  state: TrialRecord["state"];
  /** The primary metric over the pooled out-of-fold predictions (NaN unless complete). */
  value: number;
  scores: Record<string, number>;
  foldScores: number[];
  oof: Float64Array;
  seconds: number;
}

export interface MatrixOptions {
  families: ModelFamily[];
  /** Parameters the caller fixed per family; they are left out of the search. */
  fixed?: Record<string, Params>;
  /** Trials per family; trial 0 is the family's defaults. */
  nTrials: number;
  strategy: Strategy;
  seed: number;
  /** Trials of one family that may run at once (the study's `lag`); fixed so results do not depend on `workers`. Default 4. */
  lag?: number;
  /** Worker threads evaluating trials; 1 evaluates in-process. Default: one per core. */
  workers?: number;
  /**
   * Runs trials somewhere else (e.g. other machines) instead of worker threads; up to its `concurrency` at once.
   * The trials and their order are the same, so results do not depend on where they ran.
   */
  executor?: TrialExecutor;
  journal?: TrialJournal;
  /** Stop hopeless trials early by the median rule over folds. */
  pruning?: boolean;
  signal?: AbortSignal;
  /** Called after every trial (resumed ones included) with the counts so far. */
  onTrial?: (entry: LibraryEntry, done: number, total: number) => void;
}

/** Evaluates trials outside this thread: `run` must give what `evaluateTrial` would on the same data. */
export interface TrialExecutor {
  concurrency: number;
  run(job: TrialJob): Promise<TrialOutcome>;
}

function encode(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
}

function decode(text: string): Float64Array {
  const bytes = Buffer.from(text, "base64");
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function trialSeed(seed: number, familyIndex: number, number: number): number {
  return (seed + 1_000_003 * familyIndex + 7_919 * number) >>> 0;
}

function fromRecord(record: TrialRecord): LibraryEntry {
  const extra = (record.extra ?? {}) as { oof?: string; fold_scores?: number[]; seed?: number };
  return {
    id: `${record.study}#${record.number}`,
    modelType: record.study,
    number: record.number,
    params: record.params,
    seed: extra.seed ?? 0,
    state: record.state,
    value: record.value,
    scores: record.values,
    foldScores: extra.fold_scores ?? [],
    oof: extra.oof ? decode(extra.oof) : new Float64Array(0),
    seconds: record.seconds,
  };
}

/**
 * Runs `nTrials` cross-validated trials for every family (the model matrix), in batches evaluated on worker
 * threads. Every finished trial goes to the journal, so a rerun with the same journal skips what is done.
 * Returns every trial, including those resumed from the journal, as the stage-1 library.
 */
export async function runMatrix(data: TrialData, options: MatrixOptions): Promise<LibraryEntry[]> {
  const lag = Math.max(1, options.lag ?? 4);
  const total = options.families.length * options.nTrials;
  const primary = data.metrics[0];
  const workers = Math.max(
    1,
    Math.min(
      options.executor?.concurrency ?? options.workers ?? availableParallelism(),
      lag * options.families.length,
      total,
    ),
  );
  const pool = options.executor ?? (workers > 1 && total > 1 ? new TrialPool(data, workers) : undefined);
  const library: LibraryEntry[] = [];
  let done = 0;
  const studies = options.families.map((family, familyIndex) => {
    const fixed = options.fixed?.[family.name] ?? {};
    const space: SearchSpace = Object.fromEntries(
      Object.entries(family.searchSpace).filter(([name]) => !(name in fixed)),
    );
    const study = new Study({
      name: family.name,
      space,
      sampler: samplerFor(options.strategy),
      direction: primary.higherIsBetter ? "maximize" : "minimize",
      seed: options.seed,
      lag,
      enqueued: [{}],
      journal: options.journal,
    });
    for (const record of study.trials.filter((t) => t.number < options.nTrials)) {
      const entry = fromRecord(record);
      library.push(entry);
      options.onTrial?.(entry, ++done, total);
    }
    return { family, familyIndex, fixed, study, started: new Set<number>() };
  });
  type Slot = (typeof studies)[number];

  const runTrial = async ({ family, familyIndex, fixed, study }: Slot, number: number) => {
    const completed = study.trials
      .filter((t) => t.number < study.historyCutoff(number) && t.state === "complete")
      .map((t) => (t.extra as { fold_scores?: number[] })?.fold_scores ?? []);
    const thresholds = options.pruning ? medianThresholds(completed) : undefined;
    const params = { ...family.defaults, ...study.ask(number), ...fixed };
    const seed = trialSeed(options.seed, familyIndex, number);
    const job: TrialJob = { family: family.name, params, seed, pruneThresholds: thresholds };
    const outcome: TrialOutcome = pool
      ? await pool.run(job)
      : await inProcess(data, family, job, primary.higherIsBetter, options.signal);
    const value = outcome.pruned ? Number.NaN : outcome.scores[primary.name];
    const record = study.tell({
      number,
      params,
      state: outcome.pruned ? "pruned" : Number.isFinite(value) ? "complete" : "failed",
      value,
      values: outcome.scores,
      seconds: outcome.seconds,
      extra: { fold_scores: outcome.foldScores, seed, oof: outcome.pruned ? undefined : encode(outcome.oof) },
    });
    library.push({ ...fromRecord(record), oof: outcome.oof });
    options.onTrial?.(library[library.length - 1], ++done, total);
  };

  // Start any trial whose history is complete, lowest numbers first across families, up to `workers` at once.
  const nextReady = (): [Slot, number] | undefined => {
    let pick: [Slot, number] | undefined;
    for (const slot of studies) {
      for (let n = 0; n < options.nTrials; n++) {
        if (slot.study.isFinished(n) || slot.started.has(n)) continue;
        if (slot.study.isReady(n) && (!pick || n < pick[1])) pick = [slot, n];
        break;
      }
    }
    return pick;
  };
  const running = new Set<Promise<void>>();
  let failure: unknown;
  try {
    for (;;) {
      if (options.signal?.aborted) throw new TrainingCancelledError();
      if (failure) throw failure;
      let next = running.size < workers ? nextReady() : undefined;
      while (next) {
        const [slot, number] = next;
        slot.started.add(number);
        const task: Promise<void> = runTrial(slot, number)
          .catch((error) => {
            failure ??= error;
          })
          .finally(() => running.delete(task));
        running.add(task);
        next = running.size < workers ? nextReady() : undefined;
      }
      if (running.size === 0) break;
      await Promise.race(running);
    }
    if (failure) throw failure;
  } finally {
    await Promise.allSettled(running);
    if (pool instanceof TrialPool) await pool.close();
  }
  const order = new Map(options.families.map((f, i) => [f.name, i]));
  return library.sort((a, b) => order.get(a.modelType)! - order.get(b.modelType)! || a.number - b.number);
}

async function inProcess(
  data: TrialData,
  family: ModelFamily,
  job: TrialJob,
  higherIsBetter: boolean,
  signal?: AbortSignal,
): Promise<TrialOutcome> {
  // Let progress events and cancellation through between trials.
  await new Promise<void>((resolve) => setImmediate(resolve));
  return evaluateTrial(data, family, job.params, job.seed, {
    prune: medianPruneRule(job.pruneThresholds, higherIsBetter),
    signal,
  });
}
