import { Worker } from "node:worker_threads";
import { type TrialJob, workerScript } from "@parzen/trainer";
import type { TrainerJobRequest } from "./request.js";
import type { EncodedOutcome } from "./trial-codec.js";

interface Thread {
  worker: Worker;
  busy: number;
  waiting: Map<number, { resolve: (o: EncodedOutcome) => void; reject: (e: Error) => void }>;
}

interface JobThreads {
  threads: Thread[];
  lastUsed: number;
}

/**
 * Threads that evaluate queued trials, kept per job: the first trial of a job starts a thread that loads the job's
 * data once, later trials reuse it (more threads, up to `perJob`, when trials of the job run at once). Threads of a
 * job idle for `idleMs` are stopped, and so are the least recently used jobs' beyond `jobs`.
 */
export class TrialThreads {
  private readonly byJob = new Map<string, JobThreads>();
  private readonly sweeper: NodeJS.Timeout;
  private nextId = 0;

  constructor(
    private readonly perJob: number,
    private readonly jobs = 2,
    private readonly idleMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.evict(), Math.min(idleMs, 10_000));
    this.sweeper.unref();
  }

  run(
    jobId: string,
    setup: { request: TrainerJobRequest; dataPath: string },
    trial: TrialJob,
  ): Promise<EncodedOutcome> {
    let entry = this.byJob.get(jobId);
    if (!entry) {
      entry = { threads: [], lastUsed: Date.now() };
      this.byJob.set(jobId, entry);
    }
    entry.lastUsed = Date.now();
    let thread = entry.threads.find((t) => t.busy === 0);
    if (!thread && entry.threads.length < this.perJob) {
      const worker = new Worker(workerScript(import.meta.url, "trial-thread.js"), { workerData: setup });
      thread = { worker, busy: 0, waiting: new Map() };
      const own = thread;
      worker.on("message", (m: { id: number; outcome?: EncodedOutcome; error?: string }) => {
        const pending = own.waiting.get(m.id);
        own.waiting.delete(m.id);
        own.busy--;
        if (m.outcome) pending?.resolve(m.outcome);
        else pending?.reject(new Error(m.error ?? "The trial failed."));
      });
      worker.on("error", (error) => {
        for (const p of own.waiting.values()) p.reject(error);
        own.waiting.clear();
        entry!.threads = entry!.threads.filter((t) => t !== own);
      });
      entry.threads.push(thread);
    }
    // All threads busy and at the cap: queue on the least busy one.
    thread ??= entry.threads.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    const target = thread;
    target.busy++;
    this.evict();
    return new Promise((resolve, reject) => {
      target.waiting.set(id, { resolve, reject });
      target.worker.postMessage({ id, trial });
    });
  }

  /** Stops the threads of jobs idle too long, and of the least recently used jobs beyond the limit. */
  private evict(): void {
    const now = Date.now();
    const idle = (e: JobThreads) => e.threads.every((t) => t.busy === 0);
    const byAge = [...this.byJob].sort(([, a], [, b]) => b.lastUsed - a.lastUsed);
    byAge.forEach(([jobId, entry], rank) => {
      if (idle(entry) && (rank >= this.jobs || now - entry.lastUsed > this.idleMs)) {
        for (const t of entry.threads) void t.worker.terminate();
        this.byJob.delete(jobId);
      }
    });
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.byJob.values()].flatMap((e) => e.threads.map((t) => t.worker.terminate())));
    this.byJob.clear();
  }
}
