import { randomUUID } from "node:crypto";
import type { Database } from "../store/database.js";
import {
  type ClaimedJob,
  claimJob,
  finishJob,
  heartbeat,
  releaseJobs,
  sweepJobs,
  TERMINAL,
} from "./repository.js";

/** What a job handler gets besides the job: a signal that fires on cancel, and a way to report progress. */
export interface JobContext {
  signal: AbortSignal;
  progress(update: Record<string, unknown>): Promise<void>;
  /**
   * Runs another stored job (a child the handler created) in this runner, or waits while another worker runs it;
   * resolves once it ended, or early when this runner is stopping.
   */
  runJob(id: string): Promise<void>;
}

/** Runs one kind of job and returns its result; throw `JobError` for a failure with a stable code. */
export type JobHandler = (job: ClaimedJob, ctx: JobContext) => Promise<Record<string, unknown>>;

/**
 * Thrown by a handler that cannot go on in this process (its runner is stopping): the job is left as it is, and
 * once its lease lapses another worker picks it up again.
 */
export class JobInterrupted extends Error {}

/** A failure a handler reports on purpose, with a code for `job.error.code`. */
export class JobError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RunnerOptions {
  db: Database;
  handlers: Record<string, JobHandler>;
  /** How long a claim holds without a heartbeat; a stopped worker's job is taken over after this. */
  leaseMs?: number;
  /** Pause between looks for work when idle. */
  pollMs?: number;
  /** Jobs run at once by this runner. */
  concurrency?: number;
  workerId?: string;
}

/**
 * Claims jobs of the kinds it has handlers for and runs them: renews the lease while a handler works, turns a
 * cancel request into an aborted signal, and records the outcome. Any number of runners, in any number of
 * processes, can share one database.
 */
export class JobRunner {
  readonly workerId: string;
  private stopped = false;
  private readonly active = new Set<Promise<void>>();
  /** The abort switch of each job running here, to hand them back on shutdown. */
  private readonly running = new Map<string, AbortController>();
  private handingBack = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly options: RunnerOptions) {
    this.workerId = options.workerId ?? `worker-${randomUUID()}`;
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** Asks the runner to look for work now (e.g. right after a job was submitted). */
  poke(): void {
    this.wake?.();
  }

  /** Stops claiming and waits for running jobs to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await Promise.allSettled(this.active);
  }

  /**
   * Stops claiming and hands every running job back (pending again, lease released) instead of waiting for it:
   * each handler is aborted, and whatever has not wound down within `waitMs` is released anyway, so a stopping
   * process never keeps a job from the other workers.
   */
  async handBack(waitMs = 5000): Promise<void> {
    this.stopped = true;
    this.handingBack = true;
    this.wake?.();
    for (const controller of this.running.values())
      controller.abort(new JobInterrupted("The worker is shutting down; the job goes back to the queue."));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([this.loop, ...this.active]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(timer);
    await releaseJobs(this.options.db, this.workerId);
  }

  /**
   * Runs one given job (a queue delivered it): claims it as soon as no live worker holds it, and returns once it
   * ran here or ended elsewhere.
   */
  async runJob(id: string): Promise<void> {
    const { db, handlers } = this.options;
    const leaseMs = this.options.leaseMs ?? 30_000;
    while (!this.stopped) {
      const claimed = await claimJob(db, this.workerId, leaseMs, Object.keys(handlers), id);
      if (claimed) return this.track(this.execute(claimed, leaseMs));
      await sweepJobs(db);
      const [row] = await db.query<{ status: string; kind: string }>(
        "SELECT status, kind FROM jobs WHERE id = $1",
        [id],
      );
      if (!row || (TERMINAL as string[]).includes(row.status) || !handlers[row.kind]) return;
      // Another worker holds the lease: wait for it to finish, or for the lease to lapse if it died.
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, leaseMs / 3)));
    }
  }

  private track(task: Promise<void>): Promise<void> {
    const tracked = task.finally(() => {
      this.active.delete(tracked);
      this.wake?.();
    });
    this.active.add(tracked);
    return tracked;
  }

  private async run(): Promise<void> {
    const { db, handlers } = this.options;
    const leaseMs = this.options.leaseMs ?? 30_000;
    const concurrency = this.options.concurrency ?? 1;
    const kinds = Object.keys(handlers);
    while (!this.stopped) {
      let claimed: ClaimedJob | undefined;
      if (this.active.size < concurrency) {
        await sweepJobs(db).catch(() => undefined);
        claimed = await claimJob(db, this.workerId, leaseMs, kinds).catch(() => undefined);
      }
      if (claimed) {
        void this.track(this.execute(claimed, leaseMs));
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs ?? 500);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async execute(job: ClaimedJob, leaseMs: number): Promise<void> {
    const { db } = this.options;
    const controller = new AbortController();
    let lost = false;
    const beat = async (progress?: Record<string, unknown>) => {
      const state = await heartbeat(db, job.id, this.workerId, leaseMs, progress);
      if (!state.owned) lost = true;
      if (state.cancelRequested || !state.owned)
        controller.abort(new JobError("cancelled", "The job was cancelled."));
    };
    const timer = setInterval(() => void beat().catch(() => undefined), Math.max(50, leaseMs / 3));
    this.running.set(job.id, controller);
    try {
      const result = await this.options.handlers[job.kind](job, {
        signal: controller.signal,
        progress: (p) => beat(p),
        runJob: (id) => this.runJob(id),
      });
      if (controller.signal.aborted) throw controller.signal.reason;
      await finishJob(db, job.id, this.workerId, { status: "completed", result });
    } catch (error) {
      if (this.handingBack) {
        await releaseJobs(db, this.workerId, job.id);
        return;
      }
      if (lost || error instanceof JobInterrupted) return; // another worker owns the job now, or will
      if (controller.signal.aborted) {
        await finishJob(db, job.id, this.workerId, {
          status: "cancelled",
          error: { code: "cancelled", message: "Cancelled while running." },
        });
      } else {
        const code = error instanceof JobError ? error.code : "internal_error";
        const message = error instanceof Error ? error.message : String(error);
        await finishJob(db, job.id, this.workerId, { status: "failed", error: { code, message } });
      }
    } finally {
      clearInterval(timer);
      this.running.delete(job.id);
    }
  }
}
