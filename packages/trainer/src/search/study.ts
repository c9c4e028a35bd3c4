import type { Params, SearchSpace } from "../models/family.js";
import type { TrialJournal, TrialRecord } from "./journal.js";
import type { Observation, Sampler } from "./sampler.js";

export interface StudyOptions {
  name?: string;
  space: SearchSpace;
  sampler: Sampler;
  direction: "minimize" | "maximize";
  seed: number;
  /**
   * How far behind the newest trial the sampler's history may lag: trial i sees exactly the trials numbered
   * i − lag and below, so up to `lag` trials can run at once. Fixing this (rather than the number of workers)
   * makes the trials identical however many workers evaluate them. Default 1 (strictly sequential).
   */
  lag?: number;
  /** Parameters of the first trials, before the sampler's (e.g. the family's defaults). */
  enqueued?: Params[];
  journal?: TrialJournal;
}

/** An ask/tell hyper-parameter study. */
export class Study {
  readonly name: string;
  private readonly finished = new Map<number, TrialRecord>();

  constructor(readonly options: StudyOptions) {
    this.name = options.name ?? "study";
    for (const record of options.journal?.load() ?? []) {
      if (record.study === this.name) this.finished.set(record.number, record);
    }
  }

  get lag(): number {
    return Math.max(1, this.options.lag ?? 1);
  }

  /** Finished trials, by number. */
  get trials(): TrialRecord[] {
    return [...this.finished.values()].sort((a, b) => a.number - b.number);
  }

  /** Whether trial `number` is already done (e.g. before an interruption). */
  isFinished(number: number): boolean {
    return this.finished.has(number);
  }

  /** The trials trial `number` may learn from: those numbered `number − lag` and below. */
  historyCutoff(number: number): number {
    return number - this.lag + 1;
  }

  /** Whether trial `number` can be asked for: every trial it learns from has finished. */
  isReady(number: number): boolean {
    for (let n = 0; n < this.historyCutoff(number); n++) if (!this.finished.has(n)) return false;
    return true;
  }

  /** The parameters of trial `number`, from the trials numbered `number − lag` and below. */
  ask(number: number): Params {
    const enqueued = this.options.enqueued ?? [];
    if (number < enqueued.length) return { ...enqueued[number] };
    if (!this.isReady(number))
      throw new Error(`Trial ${number} asked for before the trials it learns from finished.`);
    const cutoff = this.historyCutoff(number);
    const sign = this.options.direction === "maximize" ? -1 : 1;
    const history: Observation[] = this.trials
      .filter((t) => t.number < cutoff && t.state === "complete" && Number.isFinite(t.value))
      .map((t) => ({ number: t.number, params: t.params, loss: sign * t.value }));
    return this.options.sampler.sample(this.options.space, history, number, this.options.seed);
  }

  /** Records a finished trial (and journals it). */
  tell(record: Omit<TrialRecord, "study">): TrialRecord {
    const full = { ...record, study: this.name };
    this.finished.set(record.number, full);
    this.options.journal?.append(full);
    return full;
  }

  /** The best complete trial so far. */
  best(): TrialRecord | undefined {
    const better = (a: number, b: number) => (this.options.direction === "maximize" ? a > b : a < b);
    let best: TrialRecord | undefined;
    for (const t of this.trials) {
      if (t.state === "complete" && Number.isFinite(t.value) && (!best || better(t.value, best.value)))
        best = t;
    }
    return best;
  }

  /** Runs trials 0..n-1 one after another with a synchronous objective; returns the best. */
  optimize(objective: (params: Params, number: number) => number, nTrials: number): TrialRecord | undefined {
    for (let number = 0; number < nTrials; number++) {
      if (this.isFinished(number)) continue;
      const params = this.ask(number);
      const started = Date.now();
      const value = objective(params, number);
      this.tell({
        number,
        params,
        state: Number.isFinite(value) ? "complete" : "failed",
        value,
        values: { objective: value },
        seconds: (Date.now() - started) / 1000,
      });
    }
    return this.best();
  }
}
