import { Worker } from "node:worker_threads";
import type { Column } from "../data/frame.js";
import { TrainerInputError, TrainingCancelledError } from "../errors.js";
import type { Params } from "../models/family.js";
import type { Split } from "../split/splits.js";
import type { ResolvedTask } from "../task.js";
import type { TrialData, TrialOutcome } from "../train/evaluate.js";
import { workerScript } from "../util/worker-url.js";

/** A trial for a worker: which family and parameters, and the pruning thresholds in force. */
export interface TrialJob {
  family: string;
  params: Params;
  seed: number;
  pruneThresholds?: number[];
}

/** What a trial worker is started with: the prepared data as plain, cloneable values. */
export interface TrialWorkerSetup {
  columns: Column[];
  y: Float64Array;
  splits: Split[];
  task: ResolvedTask;
  nClasses: number;
  metrics: string[];
}

type Reply =
  | { id: number; outcome: TrialOutcome }
  | { id: number; error: { name: string; message: string; context?: unknown } };

/** Evaluates trials on `size` worker threads, each holding its own copy of the data. */
export class TrialPool {
  private readonly idle: Worker[] = [];
  private readonly queue: {
    job: TrialJob;
    resolve: (o: TrialOutcome) => void;
    reject: (e: Error) => void;
  }[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (o: TrialOutcome) => void; reject: (e: Error) => void; worker: Worker }
  >();
  private readonly workers: Worker[] = [];
  private nextId = 0;

  constructor(
    data: TrialData,
    readonly size: number,
  ) {
    const setup: TrialWorkerSetup = {
      columns: data.features.columns,
      y: data.y,
      splits: data.splits,
      task: data.task,
      nClasses: data.nClasses,
      metrics: data.metrics.map((m) => m.name),
    };
    for (let i = 0; i < size; i++) {
      const worker = new Worker(workerScript(import.meta.url, "trial-worker.js"), { workerData: setup });
      worker.on("message", (reply: Reply) => this.settle(worker, reply));
      worker.on("error", (error) => this.fail(worker, error));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Runs one trial on the next free worker. */
  run(job: TrialJob): Promise<TrialOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const { job, resolve, reject } = this.queue.shift()!;
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject, worker });
      worker.postMessage({ id, job });
    }
  }

  private settle(worker: Worker, reply: Reply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    this.idle.push(worker);
    if ("outcome" in reply) entry.resolve(reply.outcome);
    else {
      const { name, message, context } = reply.error;
      entry.reject(
        name === "TrainerInputError"
          ? new TrainerInputError(message, (context ?? {}) as Record<string, unknown>)
          : name === "TrainingCancelledError"
            ? new TrainingCancelledError(message)
            : new Error(message),
      );
    }
    this.dispatch();
  }

  private fail(worker: Worker, error: Error): void {
    for (const [id, entry] of this.pending) {
      if (entry.worker === worker) {
        this.pending.delete(id);
        entry.reject(error);
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
