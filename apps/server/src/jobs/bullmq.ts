import { Queue, Worker } from "bullmq";
import type { Database } from "../store/database.js";
import type { JobQueue } from "./queue.js";
import { sweepJobs } from "./repository.js";
import type { JobRunner } from "./runner.js";

const QUEUE_NAME = "parzen-jobs";

export interface BullOptions {
  redisUrl: string;
  /** Namespace of the queue's Redis keys (tests use their own). Default `parzen`. */
  prefix?: string;
}

const connection = (o: BullOptions) => ({
  connection: { url: o.redisUrl, maxRetriesPerRequest: null },
  prefix: o.prefix ?? "parzen",
});

/** Sends stored jobs to BullMQ; the queue's job id is the Parzen job id, so a job is never queued twice. */
export class BullQueue implements JobQueue {
  readonly queue: Queue;

  constructor(options: BullOptions) {
    this.queue = new Queue(QUEUE_NAME, {
      ...connection(options),
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
    });
  }

  async enqueue(job: { id: string; kind: string }): Promise<void> {
    await this.queue.add(job.kind, { jobId: job.id }, { jobId: job.id });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

export interface BullWorkerOptions extends BullOptions {
  db: Database;
  runner: JobRunner;
  /** Jobs run at once by this process. Default 1. */
  concurrency?: number;
  /** How long BullMQ waits for a silent worker before handing its job to another. Default 30 s. */
  lockMs?: number;
  /** Pause between passes that re-queue jobs the queue lost (Redis restarted) or whose worker died. Default 30 s. */
  reconcileMs?: number;
}

/**
 * A BullMQ worker for Parzen jobs. The queue only delivers ids: the job's state, lease and trial journal live in
 * the database, so a delivery to a second worker after a crash resumes the job instead of starting it over.
 * The database stays the source of truth — each pass re-queues pending jobs and jobs with lapsed leases.
 */
export class BullWorker {
  private readonly worker: Worker;
  private readonly queue: BullQueue;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: BullWorkerOptions) {
    const lockDuration = options.lockMs ?? 30_000;
    this.queue = new BullQueue(options);
    this.worker = new Worker(QUEUE_NAME, async (job) => options.runner.runJob(String(job.data.jobId)), {
      ...connection(options),
      concurrency: options.concurrency ?? 1,
      lockDuration,
      stalledInterval: lockDuration,
      maxStalledCount: 100,
      autorun: false,
    });
    this.worker.on("error", () => undefined);
  }

  /** Starts taking jobs and reconciling the queue with the database. */
  async start(): Promise<this> {
    await this.reconcile();
    void this.worker.run();
    this.timer = setInterval(
      () => void this.reconcile().catch(() => undefined),
      this.options.reconcileMs ?? 30_000,
    );
    return this;
  }

  /** Re-queues what the database says still needs a worker (BullMQ ignores ids it already holds). */
  async reconcile(): Promise<number> {
    const { db } = this.options;
    await sweepJobs(db);
    const rows = await db.query<{ id: string; kind: string }>(
      `SELECT id, kind FROM jobs WHERE NOT cancel_requested
         AND (status = 'pending' OR (status = 'running' AND lease_expires_at < now()))`,
    );
    for (const row of rows) await this.queue.enqueue(row);
    return rows.length;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.worker.close();
    await this.options.runner.stop();
    await this.queue.close();
  }
}
